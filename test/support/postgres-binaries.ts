import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian installs the server binaries: one folder per major version. */
export const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

export class PostgresClusterError extends Error {
  override name = 'PostgresClusterError';
}

/** The bin folder of the newest PostgreSQL server installed under `root` (the one holding initdb and pg_ctl). */
export function findPostgresBinDir(root: string = DEBIAN_POSTGRES_ROOT): string {
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+(\.\d+)?$/.test(name)) : [];
  const installed = versions
    .map((version) => ({ version: Number.parseFloat(version), bin: join(root, version, 'bin') }))
    .filter(({ bin }) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')))
    .sort((a, b) => b.version - a.version);
  const newest = installed[0];
  if (!newest) {
    throw new PostgresClusterError(
      `No PostgreSQL server binaries (initdb, pg_ctl) found under ${root}/<version>/bin. ` +
        'Install the Debian package `postgresql` (apt-get install postgresql) to run the PostgreSQL tests.',
    );
  }
  return newest.bin;
}
