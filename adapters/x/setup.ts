import type { SetUpAdapter } from '../setup.js';

export const setUpX: SetUpAdapter = ({ loaded, need }) => {
  const options = {
    credentials: {
      appKey: need('X_API_KEY'),
      appSecret: need('X_API_SECRET'),
      accessToken: need('X_ACCESS_TOKEN'),
      accessSecret: need('X_ACCESS_SECRET'),
    },
    ...(loaded.env.X_API_URL ? { apiUrl: loaded.env.X_API_URL } : {}),
  };
  return async () => (await import('./index.js')).createXAdapter(options);
};
