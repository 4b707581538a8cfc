import { join } from 'node:path';
import type { SetUpAdapter } from '../setup.js';

export const setUpBluesky: SetUpAdapter = ({ loaded, need, sessionStore: kept }) => {
  const service = loaded.env.BLUESKY_SERVICE ?? 'https://bsky.social';
  const handle = need('BLUESKY_HANDLE');
  const appPassword = need('BLUESKY_APP_PASSWORD');
  return async () => {
    const { createBlueskyAdapter, fileSessionStore } = await import('./index.js');
    const sessionStore = kept ?? fileSessionStore(join(loaded.dataDir, 'sessions', 'bluesky.json'));
    return createBlueskyAdapter({ service, handle, appPassword, sessionStore });
  };
};
