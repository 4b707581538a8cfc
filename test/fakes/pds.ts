import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtpAgent } from '@atproto/api';
import { TestNetworkNoAppView } from '@atproto/dev-env';

export interface PdsAccount {
  handle: string;
  did: string;
  /** The app password the bot is configured with. */
  appPassword: string;
}

/** A real PDS (with an in-memory PLC) on loopback, for the Bluesky adapter tests. */
export interface LocalPds {
  /** The PDS origin, on 127.0.0.1. */
  url: string;
  /** Every origin the PDS answers on, including the one account DID documents advertise. */
  origins: string[];
  network: TestNetworkNoAppView;
  createAccount(handle: string): Promise<PdsAccount>;
  close(): Promise<void>;
}

/**
 * Starts `TestNetworkNoAppView` with its SQLite databases and blobstore in a private temporary
 * directory, removed by `close()`. Handles must end in `.test` (`bot.test` is reserved).
 */
export async function startPds(options: { rateLimits?: boolean } = {}): Promise<LocalPds> {
  const root = await mkdtemp(join(tmpdir(), 'crieur-pds-'));
  const dataDirectory = join(root, 'data');
  await mkdir(dataDirectory, { recursive: true });
  // dev-env also creates an unused directory in os.tmpdir() before our settings apply; point
  // os.tmpdir() at our directory while it starts so nothing is left behind.
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = root;
  let network: TestNetworkNoAppView;
  try {
    network = await TestNetworkNoAppView.create({
      pds: {
        rateLimitsEnabled: options.rateLimits ?? true,
        dataDirectory,
        blobstoreDiskLocation: join(root, 'blobs'),
      },
    });
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  } finally {
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
  }
  const port = network.pds.port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    origins: [url, `http://localhost:${port}`],
    network,
    async createAccount(handle) {
      const agent = new AtpAgent({ service: url });
      const local = handle.split('.')[0];
      await agent.createAccount({
        handle,
        email: `${local}@example.com`,
        password: randomBytes(12).toString('hex'),
      });
      const { data } = await agent.com.atproto.server.createAppPassword({ name: 'crieur' });
      return { handle, did: agent.session!.did, appPassword: data.password };
    },
    async close() {
      try {
        await network.close();
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
