export { createXAdapter, type XAdapterOptions } from './adapter.js';
export { classifyXError, type XOperation } from './classify.js';
export type { XCredentials } from './client.js';
export { LoopbackAgent } from './loopback-agent.js';
export { normaliseXText } from './normalise-text.js';
