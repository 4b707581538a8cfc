export { approve, approveDate } from './approve.js';
export { contentHash, contentHashFromFiles } from './content-hash.js';
export type { QueueContext } from './context.js';
export { editAltText, editPostText, replaceCard } from './edit.js';
export { importDrafts } from './import.js';
export { approvalOf, draftSummaries, findDraft, queuedDrafts } from './read.js';
export { reject } from './reject.js';
export { approvedContent, transition } from './transition.js';
