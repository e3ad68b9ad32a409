import pg from 'pg';
import { runFixed, socketOf, type FixedStatement } from './prepared-statements';

/**
 * Customers' hot catalog reads (a product-list page: one fixed statement per request), pipelined:
 * a few connections of their own, each in pg's pipeline mode, and every statement asked for in
 * one pass of the event loop goes out in one socket write on the least busy of them (corked until
 * `setImmediate`), each with its own Sync, answered in order. Through the pool, each request's
 * statement took a connection of its own: one write and one read by node per statement, and one
 * wake-up of a PostgreSQL backend each; with 20 concurrent lists those were most of the CPU a
 * page cost that was not the statement's execution. A statement's error fails that statement
 * only (its Sync ends it); a connection that breaks fails what it carried, which is retried once
 * on the pool (reads, so safe to repeat), and is replaced at the next read. A slow statement
 * delays those queued behind it on its connection: meant for statements of a millisecond or so.
 * A read while no other is under way goes through the pool as before (nothing to send it with).
 * PostgreSQL only (the embedded database's one session serves its pool's connections in turn).
 */
export interface ReadPipeline {
  run<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
  close(): Promise<void>;
}

interface Lane {
  client: pg.Client;
  inFlight: number;
  corked: boolean;
  broken: boolean;
}

/** An error of the connection (lost, shut down), not of the statement. */
const connectionLost = (error: unknown): boolean =>
  !(error instanceof pg.DatabaseError) || error.severity === 'FATAL' || error.severity === 'PANIC';

export function createReadPipeline(connectionString: string, lanes: number, fallback: pg.Pool): ReadPipeline {
  const open: Lane[] = [];
  let closed = false;

  function openLane(): Lane {
    const client = new pg.Client({
      connectionString,
      application_name: 'bazaar-read-pipeline',
      pipeline: true,
    });
    const lane: Lane = { client, inFlight: 0, corked: false, broken: false };
    // A lost connection must not crash the process; the lane is replaced at the next read.
    client.on('error', () => (lane.broken = true));
    client.on('end', () => (lane.broken = true));
    client.connect().catch(() => (lane.broken = true));
    return lane;
  }

  /** The least busy working lane; broken ones are replaced (their client already failed). */
  function pick(): Lane {
    for (const [i, lane] of open.entries()) {
      if (!lane.broken) continue;
      lane.client.end().catch(() => {});
      open[i] = openLane();
    }
    while (open.length < lanes) open.push(openLane());
    return open.reduce((best, lane) => (lane.inFlight < best.inFlight ? lane : best));
  }

  async function send<Row>(lane: Lane, statement: FixedStatement<Row>, values: Record<string, unknown>) {
    const stream = socketOf(lane.client);
    if (!lane.corked) {
      lane.corked = true;
      stream.cork();
      setImmediate(() => {
        lane.corked = false;
        stream.uncork();
      });
    }
    lane.inFlight++;
    try {
      return await runFixed(lane.client, false, statement, values);
    } finally {
      lane.inFlight--;
    }
  }

  let reading = 0;
  async function pipelined<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>) {
    const lane = pick();
    try {
      return await send(lane, statement, values);
    } catch (error) {
      if (!connectionLost(error)) throw error;
      lane.broken = true;
      return runFixed(fallback, false, statement, values);
    }
  }

  return {
    async run(statement, values) {
      // A read while no other is under way gains nothing from a pipeline: it takes the pool.
      const alone = reading === 0;
      reading++;
      try {
        return await (closed || alone
          ? runFixed(fallback, false, statement, values)
          : pipelined(statement, values));
      } finally {
        reading--;
      }
    },
    async close() {
      closed = true;
      await Promise.all(open.splice(0).map((lane) => lane.client.end().catch(() => {})));
    },
  };
}
