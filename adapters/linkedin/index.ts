export { createLinkedInAdapter, type LinkedInAdapterOptions } from './adapter.js';
export { classifyLinkedInFailure, classifyLinkedInReply, msToNextMidnightUtc } from './classify.js';
export { LINKEDIN_DEFAULT_API_URL, LINKEDIN_DEFAULT_VERSION } from './defaults.js';
