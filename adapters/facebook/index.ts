export { createFacebookAdapter, type FacebookAdapterOptions } from './adapter.js';
export { classifyGraphFailure, classifyGraphReply, classifySdkError, retryAfterFromUsage } from './classify.js';
export { FACEBOOK_DEFAULT_GRAPH_URL, FACEBOOK_DEFAULT_GRAPH_VERSION } from './defaults.js';
export { ScopedGraphApi } from './graph-api.js';
