import { IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Node gives its HTTP objects some properties only on some paths, so the same kind of object ends
 * up with several hidden classes (V8 maps) depending on the traffic: a socket gets `_peername` when
 * something first reads its address (the rate limit's key) and `timeout` after its first response,
 * in either order; a request gets its own `_eventsCount` when a body reader first listens (a POST);
 * a response gets `statusCode` before `statusMessage` when a route sets its status (`reply.code`)
 * and after it when Node's writeHead sets both. Node's own code that every request runs
 * (parserOnIncoming, writeHead, resOnFinish…) then sees up to five maps per site and goes
 * megamorphic: measured, `GET /health/live` cost ~40% more after the checkout's POSTs
 * (docs/benchmarks.md). These classes and the connection listener add those properties up front,
 * with the values Node's prototypes already give, so each kind keeps one map.
 */
export class UniformRequest extends IncomingMessage {
  constructor(...args: ConstructorParameters<typeof IncomingMessage>) {
    super(...args);
    // EventEmitter.prototype._eventsCount is 0 until the first listener writes an own one.
    (this as unknown as { _eventsCount: number })._eventsCount = 0;
  }
}

export class UniformResponse extends ServerResponse {
  // Rest parameters: Node also passes options ({ highWaterMark, … }) that the types leave out.
  constructor(...args: ConstructorParameters<typeof ServerResponse>) {
    super(...args);
    this.statusCode = 200;
    // Node's default (ServerResponse.prototype.statusMessage) is undefined; the types say string.
    this.statusMessage = undefined as unknown as string;
  }
}

/** Gives every connection its address and timeout properties as soon as it is accepted. */
export function uniformSockets(server: Server): void {
  server.on('connection', (socket: Socket) => {
    void socket.remoteAddress;
    // Node leaves `timeout` unset unless the server has one; 0 is "no timeout", as unset is.
    if (socket.timeout === undefined) socket.setTimeout(0);
  });
}
