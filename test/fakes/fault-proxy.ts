import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultScript, withFault } from './fault-script.js';

/** An HTTP proxy on loopback that applies a FaultScript to each request before forwarding it. */
export interface FaultProxy {
  url: string;
  script: FaultScript;
  /** Every request received, in order (path without query). */
  readonly requests: ReadonlyArray<{ method: string; path: string }>;
  /** How many requests were received for this path. */
  count(path: string): number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te']);

export async function startFaultProxy(target: string, script = new FaultScript()): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const requests: Array<{ method: string; path: string }> = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method, path });
    const fault = script.next(method, path);
    withFault(fault, req, res, (out) => forward(targetUrl, req, out)).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    script,
    requests,
    count: (path) => requests.filter((request) => request.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends the request to the target and copies the answer into `res`. */
async function forward(target: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readAll(req);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers.host = target.host;
  headers['content-length'] = String(body.length);
  const answer = await new Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }>(
    (resolve, reject) => {
      const outgoing = httpRequest(
        { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
        (response) => {
          readAll(response).then((responseBody) => {
            const responseHeaders: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined && !HOP_BY_HOP.has(name)) responseHeaders[name] = value;
            }
            responseHeaders['content-length'] = String(responseBody.length);
            resolve({ status: response.statusCode ?? 502, headers: responseHeaders, body: responseBody });
          }, reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    },
  );
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * A `fetch` that sends requests for any of `origins` to `to` instead. The Bluesky client switches
 * to the PDS origin found in the account's DID document after login; this keeps it on the proxy.
 */
export function redirectingFetch(
  origins: string[],
  to: string,
  fetchImpl: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // Passed on untouched: a `new Request(input, init)` would follow the caller's abort signal only
    // through a weak link, lost at the next garbage collection (the request then never times out).
    if (!origins.includes(url.origin)) return fetchImpl(input, init);
    const request = new Request(input, init);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return fetchImpl(new URL(`${url.pathname}${url.search}`, to), {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.arrayBuffer() : null,
      ...(signal ? { signal } : {}),
    });
  };
}
