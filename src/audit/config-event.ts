import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/load.js';
import type { Store } from '../store/db.js';
import { appendEvent } from './journal.js';
import { SYSTEM_ACTOR } from './types.js';

/** Records which configuration a process started with: the file's hash and its non-secret settings. */
export function recordConfigLoaded(store: Store, loaded: LoadedConfig, now: () => Date): void {
  let sha256: string | null = null;
  try {
    sha256 = createHash('sha256').update(readFileSync(loaded.path)).digest('hex');
  } catch {
    sha256 = null;
  }
  const { config } = loaded;
  store.transaction(() =>
    appendEvent(
      store.db,
      {
        at: now(),
        actor: SYSTEM_ACTOR,
        action: 'config-loaded',
        subject: loaded.path,
        data: {
          sha256,
          timezone: config.timezone,
          publishTime: config.publishTime,
          latenessWindowMinutes: config.latenessWindowMinutes,
          networks: config.networks,
          fourEyes: config.fourEyes,
          // Which credentials are set, never their values.
          credentials: Object.keys(loaded.env).sort(),
        },
      },
      store.secrets,
    ),
  );
}
