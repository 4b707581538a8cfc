import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/**
 * An `https.Agent` that keeps the SDK's real `https://api.x.com/...` URLs (so the `Host` header and
 * the OAuth 1.0a signature stay those of production) but opens its sockets to another origin:
 * plain TCP for an `http:` origin (a local test server), TLS for an `https:` one.
 */
export class LoopbackAgent extends https.Agent {
  private readonly origin: URL;

  constructor(origin: string | URL) {
    super({ keepAlive: false });
    this.origin = new URL(origin);
    if (this.origin.protocol !== 'http:' && this.origin.protocol !== 'https:') {
      throw new TypeError(`unsupported API origin protocol: ${this.origin.protocol}`);
    }
  }

  override createConnection(): Duplex {
    const { hostname, protocol } = this.origin;
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    if (protocol === 'http:') return net.connect(Number(this.origin.port || 80), host);
    return tls.connect({ host, port: Number(this.origin.port || 443), servername: host });
  }
}
