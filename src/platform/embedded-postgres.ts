import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves one PGlite instance to many `pg` connections over loopback TCP.
 *
 * PGlite is a single Postgres backend, so connections take turns. We don't use
 * @electric-sql/pglite-socket's server because it interleaves individual protocol messages of
 * different connections: connection B's Parse can land between connection A's Parse and Bind,
 * and A then binds B's statement (seen as "bind message supplies 11 parameters, but prepared
 * statement requires 2" under concurrent requests). Here a connection's messages are handed to
 * PGlite as whole batches ending in Sync or Query, and while a connection is inside a
 * transaction no other connection runs at all — which is also what makes a transaction atomic
 * with respect to the others.
 */
export class EmbeddedPostgresServer {
  private server: Server | undefined;
  private readonly queue: Array<{ connection: Connection; batch: Buffer }> = [];
  private running = false;
  /** The connection whose transaction is open, if any. */
  private owner: Connection | undefined;
  private readonly connections = new Set<Connection>();

  constructor(private readonly db: PGlite) {}

  async listen(host = '127.0.0.1', port = 0): Promise<number> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address !== 'object') throw new Error('embedded postgres: no address');
    return address.port;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new Connection(socket, (batch) => this.enqueue(connection, batch));
    this.connections.add(connection);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.connections.delete(connection);
      for (let i = this.queue.length - 1; i >= 0; i--) {
        if (this.queue[i]!.connection === connection) this.queue.splice(i, 1);
      }
      if (this.owner === connection) {
        // The client vanished mid-transaction: roll it back so the others can go on.
        this.owner = undefined;
        void this.db
          .exec('ROLLBACK')
          .catch(() => {})
          .finally(() => this.drain());
      }
    });
  }

  private enqueue(connection: Connection, batch: Buffer): void {
    this.queue.push({ connection, batch });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((item) => item.connection === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) return;
        const [item] = this.queue.splice(index, 1);
        const { connection, batch } = item!;
        if (connection.socket.destroyed) continue;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(new Uint8Array(batch), {
              onRawData: (data) => {
                if (!connection.socket.destroyed) connection.socket.write(data);
              },
            }),
          );
        } catch {
          connection.socket.destroy();
        }
        this.owner = this.db.isInTransaction() ? connection : undefined;
      }
    } finally {
      this.running = false;
    }
  }
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Splits one client's byte stream into protocol messages and groups them into batches. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private started = false;

  constructor(
    readonly socket: Socket,
    private readonly submit: (batch: Buffer) => void,
  ) {
    socket.on('data', (chunk) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.started) {
        // Start-up phase: untyped messages (length + code).
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        const message = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          this.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end();
          return;
        }
        this.started = true;
        this.submit(Buffer.from(message));
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = this.buffer.readInt32BE(1) + 1;
      if (this.buffer.length < length) return;
      const type = String.fromCharCode(this.buffer[0]!);
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      if (type === 'X') {
        this.socket.end();
        return;
      }
      this.pending.push(Buffer.from(message));
      // Sync ends an extended-protocol exchange; Query is a whole simple-protocol exchange;
      // Flush asks for output now.
      if (type === 'S' || type === 'Q' || type === 'H') {
        const batch = Buffer.concat(this.pending);
        this.pending = [];
        this.submit(batch);
      }
    }
  }
}
