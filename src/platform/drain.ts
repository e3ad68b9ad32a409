import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';

/** A kept-alive connection idle this long into a drain is closed (a client sends again sooner). */
const IDLE_GRACE_MS = 1_000;
const POLL_MS = 50;

interface ConnectionState {
  /** When its last response ended; null while a request is in flight. */
  idleSince: number | null;
  response: ServerResponse | undefined;
}

export interface HttpDrain {
  /**
   * Stops accepting connections, lets the requests in flight and those still arriving on open
   * connections finish (each answered with `Connection: close`, so the client opens no further
   * request on it), closes connections that stay idle, and resolves once none is left (or at
   * `timeoutMs`, when the rest are cut).
   */
  drain(timeoutMs: number): Promise<void>;
  readonly draining: boolean;
}

/** Servers whose drain began: /health/ready answers 503 for them, so load balancers stop sending. */
const drainingServers = new WeakSet<Server>();

/** True once SIGTERM began draining `server`. */
export function isDraining(server: Server): boolean {
  return drainingServers.has(server);
}

/**
 * Tracks the HTTP server's connections from the start, so SIGTERM can drain them without
 * dropping a request. (http.Server.close() closes idle kept-alive connections at once, and a
 * client may be sending its next request on one at that very moment: ECONNRESET.)
 */
export function trackConnections(server: Server): HttpDrain {
  const connections = new Map<Socket, ConnectionState>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { idleSince: Date.now(), response: undefined });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const state = connections.get(request.socket);
    if (draining) response.setHeader('Connection', 'close');
    if (!state) return;
    state.idleSince = null;
    state.response = response;
    response.once('close', () => {
      if (state.response !== response) return;
      state.response = undefined;
      state.idleSince = Date.now();
    });
  });

  return {
    get draining() {
      return draining;
    },
    async drain(timeoutMs) {
      draining = true;
      drainingServers.add(server);
      // Stop listening only (net.Server's close, not http.Server's, which also drops idle sockets).
      net.Server.prototype.close.call(server);
      for (const state of connections.values()) {
        if (state.response && !state.response.headersSent) state.response.setHeader('Connection', 'close');
      }
      const startedAt = Date.now();
      const deadline = startedAt + timeoutMs;
      while (connections.size > 0 && Date.now() < deadline) {
        const now = Date.now();
        for (const [socket, state] of connections) {
          // Idle time counts from the drain's start: a connection that was idle before it has
          // had no chance to learn of it, and its client may be sending right now.
          if (state.idleSince !== null && now - Math.max(state.idleSince, startedAt) >= IDLE_GRACE_MS) {
            socket.end();
          }
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      for (const socket of connections.keys()) socket.destroy();
    },
  };
}
