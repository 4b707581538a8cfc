import type { LoadedConfig } from '../config/load.js';
import type { Connections } from '../connections/connections.js';
import type { Logger } from '../log.js';
import type { NetworkId } from '../networks/index.js';
import type { QueueContext } from '../queue/context.js';
import type { UserRole } from '../users/accounts.js';

/** A flash message shown once on the next page. */
export interface Flash {
  kind: 'ok' | 'error' | 'warning';
  text: string;
}

declare module 'fastify' {
  interface Session {
    userName?: string;
    flash?: Flash[];
    _csrf?: string;
  }
  interface FastifyRequest {
    /** The signed-in person, read again from the store on every request (a removed user is out at once). */
    user: WebUser | null;
  }
}

export interface WebUser {
  name: string;
  role: UserRole;
}

/** What the routes need, passed in once. */
export interface WebDeps {
  queue: QueueContext;
  loaded: LoadedConfig;
  log: Logger;
  now: () => Date;
  onApproved: () => void;
  /** The service sends nothing (`crieur run --dry-run`): the page says so on every queue view. */
  dryRun: boolean;
  /** Absent when the page runs without the scheduler (nothing can be sent from it then). */
  publishNow: PublishNow | undefined;
  /** The accounts connected in the « Comptes » page. */
  connections: Connections;
}

/** What an admin's « Publier maintenant » runs: the scheduler's `publishNow`, audited under their name. */
export type PublishNow = (
  date: string,
  options: { by: string; network: NetworkId },
) => Promise<{ draftId: number; status: string }[]>;
