export const FACEBOOK_DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
export const FACEBOOK_DEFAULT_GRAPH_VERSION = 'v24.0';
