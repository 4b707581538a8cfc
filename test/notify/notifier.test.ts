import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/notify/notifier.js';
import type { Notification } from '../../src/notify/types.js';

const SECRET_PATH = '/webhook/T0001/B0002/s3cr3t-hook-token';

const failure: Notification = {
  kind: 'failed',
  date: '2026-05-14',
  network: 'linkedin',
  posted: [],
  notPosted: [{ index: 0, reason: 'jeton refusé' }],
  errorClass: 'auth',
  messageFr: 'LinkedIn refuse le jeton tok-ABCDEF123.',
};

interface Recorded {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: string;
}

const servers: Server[] = [];
const pending: ServerResponse[] = [];

afterEach(async () => {
  for (const response of pending.splice(0)) response.destroy();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function startServer(handle: (request: IncomingMessage, response: ServerResponse, body: string) => void) {
  const recorded: Recorded[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      recorded.push({ method: request.method, url: request.url, contentType: request.headers['content-type'], body });
      handle(request, response, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${SECRET_PATH}`, recorded };
}

function recordingLog() {
  const entries: Array<{ level: 'warn' | 'info'; obj: object; msg: string }> = [];
  return {
    entries,
    log: {
      warn: (obj: object, msg: string) => entries.push({ level: 'warn', obj, msg }),
      info: (obj: object, msg: string) => entries.push({ level: 'info', obj, msg }),
    },
    text: () => JSON.stringify(entries),
  };
}

describe('createNotifier', () => {
  it('posts a JSON body with text, title and structured fields, and resolves true', async () => {
    const server = await startServer((_request, response) => response.writeHead(200).end('1'));
    const logs = recordingLog();
    const notifier = createNotifier({ url: server.url, log: logs.log });
    const delivered = await notifier.send(failure);
    expect(delivered).toBe(true);
    expect(server.recorded).toHaveLength(1);
    const [request] = server.recorded;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(SECRET_PATH);
    expect(request?.contentType).toContain('application/json');
    const body = JSON.parse(request?.body ?? '{}');
    expect(body).toMatchObject({ kind: 'failed', date: '2026-05-14', network: 'linkedin', errorClass: 'auth' });
    expect(body.title).toBe('Échec de publication — LinkedIn, 14 mai 2026');
    expect(body.text).toContain('LINKEDIN_ACCESS_TOKEN');
    expect(body.notPosted).toEqual([{ index: 0, reason: 'jeton refusé' }]);
    expect(body.action).toContain('crieur publish --date 2026-05-14 --network linkedin --now');
    expect(logs.text()).not.toContain('s3cr3t-hook-token');
  });

  it('applies the redaction to the body', async () => {
    const server = await startServer((_request, response) => response.writeHead(204).end());
    const notifier = createNotifier({
      url: server.url,
      log: recordingLog().log,
      redact: (text) => text.split('tok-ABCDEF123').join('[redacted]'),
    });
    expect(await notifier.send(failure)).toBe(true);
    expect(server.recorded[0]?.body).not.toContain('tok-ABCDEF123');
    expect(server.recorded[0]?.body).toContain('[redacted]');
  });

  it('a server answering 500 gives false and a warning without the URL', async () => {
    const server = await startServer((_request, response) => response.writeHead(500).end(`boom at ${SECRET_PATH}`));
    const logs = recordingLog();
    const notifier = createNotifier({ url: server.url, log: logs.log, timeoutMs: 2_000 });
    expect(await notifier.send(failure)).toBe(false);
    const warning = logs.entries.find((entry) => entry.level === 'warn');
    expect(warning?.obj).toMatchObject({ status: 500, kind: 'failed' });
    expect(logs.text()).not.toContain('s3cr3t-hook-token');
    expect(logs.text()).not.toContain(server.url);
  });

  it('a server that never answers gives false once the timeout passes', async () => {
    const server = await startServer((_request, response) => {
      pending.push(response);
    });
    const logs = recordingLog();
    const notifier = createNotifier({ url: server.url, log: logs.log, timeoutMs: 200 });
    expect(await notifier.send(failure)).toBe(false);
    expect(server.recorded).toHaveLength(1);
    expect(logs.entries.some((entry) => entry.level === 'warn')).toBe(true);
    expect(logs.text()).not.toContain('s3cr3t-hook-token');
  });

  it('a fetch that ignores the abort signal still gives false at the timeout', async () => {
    const logs = recordingLog();
    const notifier = createNotifier({
      url: `https://hooks.example.org${SECRET_PATH}`,
      log: logs.log,
      timeoutMs: 50,
      fetch: () => new Promise<Response>(() => {}),
    });
    expect(await notifier.send(failure)).toBe(false);
  });

  it('a refused connection gives false and the logged error hides the URL', async () => {
    const server = await startServer((_request, response) => response.end());
    const closed = servers.pop()!;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const logs = recordingLog();
    const notifier = createNotifier({ url: server.url, log: logs.log, timeoutMs: 2_000 });
    expect(await notifier.send(failure)).toBe(false);
    expect(logs.entries.some((entry) => entry.level === 'warn')).toBe(true);
    expect(logs.text()).not.toContain('s3cr3t-hook-token');
  });

  it('an unparsable URL gives false and is not logged', async () => {
    const logs = recordingLog();
    const notifier = createNotifier({ url: 'not a url s3cr3t-hook-token', log: logs.log });
    expect(await notifier.send(failure)).toBe(false);
    expect(logs.entries.some((entry) => entry.level === 'warn')).toBe(true);
    expect(logs.text()).not.toContain('s3cr3t-hook-token');
  });

  it('a fetch that throws synchronously gives false', async () => {
    const notifier = createNotifier({
      url: 'https://hooks.example.org/x',
      log: recordingLog().log,
      fetch: () => {
        throw new Error('synchronous failure');
      },
    });
    expect(await notifier.send(failure)).toBe(false);
  });

  it('without a URL, only logs the message', async () => {
    const logs = recordingLog();
    const notifier = createNotifier({ url: undefined, log: logs.log });
    expect(await notifier.send(failure)).toBe(false);
    expect(logs.entries).toHaveLength(1);
    expect(logs.entries[0]?.level).toBe('info');
    expect(JSON.stringify(logs.entries[0]?.obj)).toContain('LINKEDIN_ACCESS_TOKEN');
  });

  it('a malformed notification is logged, not thrown', async () => {
    const logs = recordingLog();
    const notifier = createNotifier({ url: 'https://hooks.example.org/x', log: logs.log });
    const broken = {
      kind: 'missed',
      date: '2026-05-14',
      network: 'x',
      publishAt: new Date(Number.NaN),
    } as Notification;
    expect(await notifier.send(broken)).toBe(false);
    expect(logs.entries[0]?.msg).toContain('could not be formatted');
  });
});
