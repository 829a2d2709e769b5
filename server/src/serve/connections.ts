/**
 * The prediction service's connections (issue #37), part of its transport: one client cannot hold
 * the service down by opening sockets and sending nothing. A connection is idle while no request
 * is being answered on it (also before its first request, and while a client trickles headers).
 * - A client address keeps at most `maxIdlePerClient` idle connections: beyond that its oldest idle
 *   one is closed (a pool of kept-alive connections reconnects; a flood of silent sockets does not
 *   grow).
 * - Past `maxConnections` in all, a new connection is closed at once, unless another client holds
 *   more idle connections than the new one's client would then hold: that client's oldest idle
 *   connection is closed instead. So a client that holds no connection (a probe's GET /health)
 *   always gets one while another client sits on idle ones; a client that already holds its share
 *   cannot push others out.
 * In `archipel serve --workers N` each worker bounds its own connections. Pure: it reacts to the
 * events of the server it is given (http.ts gives fastify's) and closes sockets through them.
 */

/** What is used of a net.Socket. */
interface Socket {
  readonly remoteAddress?: string;
  readonly destroyed: boolean;
  destroy(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** What is used of an http.Server. */
interface Server {
  maxConnections: number;
  on(event: 'connection', listener: (socket: Socket) => void): unknown;
  on(event: 'request', listener: (request: { socket: Socket }, response: { once(event: 'finish' | 'close', listener: () => void): unknown }) => void): unknown;
}

export interface ConnectionLimits {
  maxConnections: number;
  maxIdlePerClient: number;
}

interface Tracked {
  address: string;
  /** Requests being answered on the socket. */
  busy: number;
}

/** Bounds `server`'s connections as the file's comment says; answers how many are open (tests). */
export function boundConnections(server: Server, limits: ConnectionLimits): { open(): number } {
  const tracked = new Map<Socket, Tracked>();
  /** Open connections per client address. */
  const openOf = new Map<string, number>();
  /** Idle sockets, oldest first: all of them, and per client address. */
  const idle = new Set<Socket>();
  const idleOf = new Map<string, Set<Socket>>();

  const setIdle = (socket: Socket, info: Tracked): void => {
    idle.add(socket);
    let mine = idleOf.get(info.address);
    if (!mine) idleOf.set(info.address, (mine = new Set()));
    mine.add(socket);
    if (mine.size > limits.maxIdlePerClient) close(mine.values().next().value!);
  };
  const unsetIdle = (socket: Socket, info: Tracked): void => {
    idle.delete(socket);
    const mine = idleOf.get(info.address);
    mine?.delete(socket);
    if (mine?.size === 0) idleOf.delete(info.address);
  };
  const close = (socket: Socket): void => {
    const info = tracked.get(socket);
    if (info) {
      unsetIdle(socket, info);
      tracked.delete(socket);
      release(info.address);
    }
    socket.destroy();
  };

  // One past the bound reaches the handler below, which decides which connection goes.
  server.maxConnections = limits.maxConnections + 1;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const info: Tracked = { address, busy: 0 };
    const held = openOf.get(address) ?? 0;
    if (tracked.size >= limits.maxConnections) {
      const holder = biggestIdleHolder();
      if (!holder || holder.size <= held + 1) {
        socket.destroy();
        return;
      }
      close(holder.values().next().value!);
    }
    tracked.set(socket, info);
    openOf.set(address, held + 1);
    socket.once('close', () => {
      unsetIdle(socket, info);
      if (tracked.delete(socket)) release(address);
    });
    setIdle(socket, info);
  });
  const release = (address: string): void => {
    const left = (openOf.get(address) ?? 1) - 1;
    if (left > 0) openOf.set(address, left);
    else openOf.delete(address);
  };
  /** The idle connections of the client holding the most (the addresses are at most maxConnections). */
  const biggestIdleHolder = (): Set<Socket> | undefined => {
    let biggest: Set<Socket> | undefined;
    for (const sockets of idleOf.values()) if (!biggest || sockets.size > biggest.size) biggest = sockets;
    return biggest;
  };
  server.on('request', (request, response) => {
    const socket = request.socket;
    const info = tracked.get(socket);
    if (!info) return;
    if (info.busy++ === 0) unsetIdle(socket, info);
    let done = false;
    const finished = (): void => {
      if (done) return;
      done = true;
      // Idle again, as the newest; a socket that is closing is left to its 'close'.
      if (--info.busy === 0 && tracked.has(socket) && !socket.destroyed) setIdle(socket, info);
    };
    response.once('finish', finished);
    response.once('close', finished);
  });
  return { open: () => tracked.size };
}
