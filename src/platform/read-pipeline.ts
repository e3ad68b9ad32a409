import pg from 'pg';
import { runFixed, socketOf, type FixedStatement } from './prepared-statements';

/**
 * Customers' hot catalog reads (a product-list page: one fixed statement per request), pipelined:
 * a few connections of their own, each in pg's pipeline mode, and every statement asked for in
 * one pass of the event loop goes out in one socket write on one of them (corked until
 * `setImmediate`), each with its own Sync, answered in order. Through the pool, each request's
 * statement took a connection of its own: one write and one read by node per statement, and one
 * wake-up of a PostgreSQL backend each; with 20 concurrent lists those were most of the CPU a
 * page cost that was not the statement's execution. A statement's error fails that statement
 * only (its Sync ends it); a connection that breaks fails what it carried, which is retried once
 * on the pool (reads, so safe to repeat), and is replaced at the next read. A slow statement
 * delays those queued behind it on its connection: meant for statements of a millisecond or so.
 * A read while no other is under way goes through the pool as before (nothing to send it with).
 * PostgreSQL only (the embedded database's one session serves its pool's connections in turn).
 *
 * Lanes fill in order: statements go to the first lane that is not behind (its oldest statement
 * was sent less than BEHIND_MS ago), and a further lane is opened, up to `maxLanes`, only when
 * every open one is behind. So one connection carries a process's pages while its backend keeps
 * up, and each write finds that backend awake with work queued. Balanced over two lanes, each
 * backend slept and was woken for fewer statements: in three A/B runs of the uncached list that
 * cost PostgreSQL 1.10-1.14x and the server 1.03-1.36x the CPU per page (docs/benchmarks.md). A
 * slow statement holds up the statements behind it for BEHIND_MS at most: later ones take the
 * next lane.
 */
export interface ReadPipeline {
  run<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>): Promise<Row[]>;
  close(): Promise<void>;
}

interface Lane {
  client: pg.Client;
  /** When each statement in flight was sent (performance.now()), oldest first: answered in order. */
  sentAt: number[];
  corked: boolean;
  broken: boolean;
}

/** An error of the connection (lost, shut down), not of the statement. */
const connectionLost = (error: unknown): boolean =>
  !(error instanceof pg.DatabaseError) || error.severity === 'FATAL' || error.severity === 'PANIC';

/** A lane whose oldest statement in flight was sent longer ago than this is behind. */
const BEHIND_MS = 10;

const behind = (lane: Lane, now: number): boolean =>
  lane.sentAt.length > 0 && now - lane.sentAt[0]! > BEHIND_MS;

function openLane(connectionString: string): Lane {
  const client = new pg.Client({
    connectionString,
    application_name: 'bazaar-read-pipeline',
    pipeline: true,
  });
  const lane: Lane = { client, sentAt: [], corked: false, broken: false };
  // A lost connection must not crash the process; the lane is replaced at the next read.
  client.on('error', () => (lane.broken = true));
  client.on('end', () => (lane.broken = true));
  client.connect().catch(() => (lane.broken = true));
  return lane;
}

/** Sends a statement on `lane`: corked until the event loop's next pass, with the others sent in this one. */
async function send<Row>(
  lane: Lane,
  now: number,
  statement: FixedStatement<Row>,
  values: Record<string, unknown>,
): Promise<Row[]> {
  const stream = socketOf(lane.client);
  if (!lane.corked) {
    lane.corked = true;
    stream.cork();
    setImmediate(() => {
      lane.corked = false;
      stream.uncork();
    });
  }
  lane.sentAt.push(now);
  try {
    return await runFixed(lane.client, false, statement, values);
  } finally {
    lane.sentAt.shift();
  }
}

export function createReadPipeline(
  connectionString: string,
  maxLanes: number,
  fallback: pg.Pool,
): ReadPipeline {
  const open: Lane[] = [];
  let closed = false;

  /** The first lane that is not behind (see above); broken ones are replaced (their client already failed). */
  function pick(now: number): Lane {
    for (const [i, lane] of open.entries()) {
      if (!lane.broken) continue;
      lane.client.end().catch(() => {});
      open[i] = openLane(connectionString);
    }
    const ready = open.find((lane) => !behind(lane, now));
    if (ready) return ready;
    if (open.length < maxLanes) {
      const lane = openLane(connectionString);
      open.push(lane);
      return lane;
    }
    return open.reduce((best, lane) => (lane.sentAt.length < best.sentAt.length ? lane : best));
  }

  let reading = 0;
  async function pipelined<Row>(statement: FixedStatement<Row>, values: Record<string, unknown>) {
    const now = performance.now();
    const lane = pick(now);
    try {
      return await send(lane, now, statement, values);
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
