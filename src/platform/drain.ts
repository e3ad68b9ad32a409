import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';

/** A kept-alive connection idle this long into a drain is closed (a client sends again sooner). */
const IDLE_GRACE_MS = 1_000;
const POLL_MS = 50;

interface ConnectionState {
  /** Its latest response, finished or not (a kept-alive connection is idle once it has finished). */
  response: ServerResponse | undefined;
  /** During a drain: since when it has been seen idle; null while a request is in flight. */
  idleSince: number | null;
}

const inFlight = (state: ConnectionState) => state.response !== undefined && !state.response.writableFinished;

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
    connections.set(socket, { response: undefined, idleSince: null });
    socket.once('close', () => connections.delete(socket));
  });
  // Per request only a note of its response (no listener, no closure): whether it has finished is
  // asked of the response itself while draining.
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.setHeader('Connection', 'close');
    const state = connections.get(request.socket);
    if (state) state.response = response;
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
      const deadline = Date.now() + timeoutMs;
      while (connections.size > 0 && Date.now() < deadline) {
        const now = Date.now();
        for (const [socket, state] of connections) {
          // Idle time counts from the drain's start at the earliest (the first pass runs at once):
          // a connection that was idle before it has had no chance to learn of it, and its client
          // may be sending right now.
          if (inFlight(state)) state.idleSince = null;
          else if (state.idleSince === null) state.idleSince = now;
          else if (now - state.idleSince >= IDLE_GRACE_MS) socket.end();
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      for (const socket of connections.keys()) socket.destroy();
    },
  };
}
