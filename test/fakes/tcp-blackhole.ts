import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on the loopback interface that forwards to `target` and can be told to black-hole:
 * from `cut()` to `restore()` nothing it receives goes on, either way, and no connection is closed
 * (a close seen meanwhile is passed on at `restore()`, after what was held back). Connections opened
 * during the cut are accepted and held the same way. As for a cable pulled out, neither end hears
 * anything: what each sent meanwhile arrives, late, once the cut ends.
 * `refuse()` is the other kind of outage: every connection is reset, and new ones are closed at once
 * (the database restarting, or a firewall rejecting), until `restore()`.
 */
export interface TcpBlackhole {
  /** The port to connect to instead of the target's. */
  port: number;
  cut(): void;
  refuse(): void;
  restore(): void;
  close(): Promise<void>;
}

/** One direction of one connection: writes go through, or are held while cut. */
interface Link {
  held: Buffer[];
  ended: boolean;
  to: Socket;
}

export async function startTcpBlackhole(target: { host: string; port: number }): Promise<TcpBlackhole> {
  const state = { cut: false, refused: false };
  const links = new Set<Link>();
  const sockets = new Set<Socket>();

  const forward = (from: Socket, to: Socket): Link => {
    const link: Link = { held: [], ended: false, to };
    links.add(link);
    from.on('data', (chunk: Buffer) => {
      if (state.cut) link.held.push(chunk);
      else to.write(chunk);
    });
    from.on('end', () => {
      link.ended = true;
      if (!state.cut) to.end();
    });
    from.on('close', () => {
      link.ended = true;
      if (!state.cut) to.destroy();
    });
    return link;
  };

  const server: Server = createServer((client) => {
    if (state.refused) {
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    cut() {
      state.cut = true;
    },
    refuse() {
      state.refused = true;
      for (const socket of sockets) socket.resetAndDestroy();
      links.clear();
    },
    restore() {
      state.cut = false;
      state.refused = false;
      for (const link of links) {
        for (const chunk of link.held.splice(0)) if (!link.to.destroyed) link.to.write(chunk);
        if (link.ended && !link.to.destroyed) link.to.end();
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
