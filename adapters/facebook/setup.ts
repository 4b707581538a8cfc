import type { SetUpAdapter } from '../setup.js';

export const setUpFacebook: SetUpAdapter = ({ loaded, need }) => {
  const { env } = loaded;
  const options = {
    pageId: need('FACEBOOK_PAGE_ID'),
    pageToken: need('FACEBOOK_PAGE_TOKEN'),
    ...(env.FACEBOOK_GRAPH_URL ? { graphUrl: env.FACEBOOK_GRAPH_URL } : {}),
    ...(env.FACEBOOK_GRAPH_VERSION ? { graphVersion: env.FACEBOOK_GRAPH_VERSION } : {}),
  };
  return async () => (await import('./index.js')).createFacebookAdapter(options);
};
