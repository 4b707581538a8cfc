export { type BlueskyAdapterOptions, createBlueskyAdapter } from './adapter.js';
export { type BlueskyOperation, classifyBlueskyError } from './classify.js';
export { recordKeyForPart } from './record-key.js';
export { fileSessionStore, memorySessionStore, type SessionStore } from './session-store.js';
