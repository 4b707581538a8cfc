import { execFile } from 'node:child_process';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBinDir, PostgresClusterError } from './postgres-binaries.js';
import { watchOwner } from './postgres-watchdog.js';

export { PostgresClusterError } from './postgres-binaries.js';

export interface PostgresCluster {
  /** postgres://crieur@127.0.0.1:PORT/postgres (trust authentication, superuser `crieur`). */
  url: string;
  port: number;
  /** Stops the server at once (no checkpoint) and removes its directory. */
  stop(): Promise<void>;
}

const run = promisify(execFile);
const SERVER_USER = 'postgres';

/** A loopback TCP port nobody listens on right now (the kernel's pick for port 0). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new PostgresClusterError('no free loopback port'))));
    });
  });
}

/** initdb refuses to run as root: as root, the server tools run as the `postgres` system user. */
function serverCommand(bin: string, tool: string, args: string[]): [string, string[]] {
  const path = join(bin, tool);
  return process.getuid?.() === 0 ? ['runuser', ['-u', SERVER_USER, '--', path, ...args]] : [path, args];
}

async function runTool(bin: string, tool: string, args: string[], cwd: string): Promise<void> {
  const [command, argv] = serverCommand(bin, tool, args);
  try {
    await run(command, argv, { cwd, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  } catch (error) {
    const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
    throw new PostgresClusterError(`${tool} failed: ${(stderr || stdout || message).trim()}`);
  }
}

function settings(port: number, socketDir: string): string {
  return [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketDir}'`,
    'max_connections = 200',
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    '',
  ].join('\n');
}

/** A throwaway PostgreSQL server in a temporary directory, on a free loopback port. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'crieur-pg-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    if (process.getuid?.() === 0) await chownToServerUser(dir);
    const data = join(dir, 'data');
    await runTool(
      bin,
      'initdb',
      ['-D', data, '-A', 'trust', '-U', 'crieur', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
      dir,
    );
    const port = await startOnFreePort(bin, data, dir);
    const stopArgs = ['stop', '-w', '-m', 'immediate', '-D', data];
    const dismissWatchdog = watchOwner(dir, serverCommand(bin, 'pg_ctl', stopArgs));
    const stop = async () => {
      dismissWatchdog();
      await runTool(bin, 'pg_ctl', stopArgs, dir).finally(remove);
    };
    return { url: `postgres://crieur@127.0.0.1:${port}/postgres`, port, stop };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Another process may take the port between the probe and the server's bind: try a new one then. */
async function startOnFreePort(bin: string, data: string, dir: string, attempts = 3): Promise<number> {
  const port = await freeLoopbackPort();
  // postgresql.auto.conf is read last, and a later line wins: these settings override postgresql.conf.
  await writeFile(join(data, 'postgresql.auto.conf'), settings(port, dir), { flag: 'a' });
  const log = join(dir, 'server.log');
  try {
    await runTool(bin, 'pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log], dir);
    return port;
  } catch (error) {
    if (attempts <= 1) {
      const serverLog = await readFile(log, 'utf8').catch(() => '');
      throw new PostgresClusterError(
        `${(error as Error).message}\n${serverLog.trim().split('\n').slice(-10).join('\n')}`,
      );
    }
    return startOnFreePort(bin, data, dir, attempts - 1);
  }
}

async function chownToServerUser(dir: string): Promise<void> {
  const { stdout } = await run('id', ['-u', SERVER_USER]).catch(() => {
    throw new PostgresClusterError(`running as root needs the \`${SERVER_USER}\` system user (package postgresql)`);
  });
  const { stdout: gid } = await run('id', ['-g', SERVER_USER]);
  await chown(dir, Number(stdout.trim()), Number(gid.trim()));
}
