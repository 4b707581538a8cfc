export { approve, approveDate } from './approve.js';
export { chooseFigures, currentChoice, figureCandidates, parseFigureChoice } from './choose-figures.js';
export { contentHash, contentHashFromFiles } from './content-hash.js';
export type { QueueContext } from './context.js';
export { editAltText, editPostText, replaceCard } from './edit.js';
export { importDrafts } from './import.js';
export {
  ledgerParts,
  markPartFailed,
  markPartNotFound,
  markPartPosted,
  markPartSending,
  markPartUnknown,
  mediaRef,
  saveMediaRef,
} from './ledger.js';
export { reject } from './reject.js';
export { approvedContent, transition } from './transition.js';
