import type { SetUpAdapter } from '../setup.js';

export const setUpLinkedIn: SetUpAdapter = ({ loaded, need }) => {
  const { env } = loaded;
  const options = {
    accessToken: need('LINKEDIN_ACCESS_TOKEN'),
    organization: need('LINKEDIN_ORGANIZATION'),
    ...(env.LINKEDIN_VERSION ? { version: env.LINKEDIN_VERSION } : {}),
    ...(env.LINKEDIN_API_URL ? { apiUrl: env.LINKEDIN_API_URL } : {}),
  };
  return async () => (await import('./index.js')).createLinkedInAdapter(options);
};
