export { createFacebookAdapter, type FacebookAdapterOptions } from './adapter.js';
export { classifyGraphFailure, classifyGraphReply, classifySdkError, retryAfterFromUsage } from './classify.js';
export { ScopedGraphApi } from './graph-api.js';
export {
  FACEBOOK_DEFAULT_GRAPH_URL,
  FACEBOOK_DEFAULT_GRAPH_VERSION,
  FACEBOOK_LIMITS,
  facebookPostUrl,
} from './limits.js';
