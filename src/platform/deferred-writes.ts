/**
 * Rows a transaction writes just before its COMMIT, each kind in ONE statement (the job queue's
 * inserts: a checkout queues a mail, an event and more, which cost one round trip instead of one
 * each; the checkout's order, whose answer nothing waits for). They exist exactly when the
 * transaction commits, as if written where they were added. A savepoint rolled back drops the
 * rows added since it was set (see inSavepoint).
 */
export class DeferredWrites {
  private readonly rows: Array<{ kind: string; row: unknown }> = [];
  private readonly writers = new Map<string, (rows: unknown[]) => Promise<void>>();

  /** Adds a row of `kind`; `write` sends all rows of that kind at once. */
  add<T>(kind: string, row: T, write: (rows: T[]) => Promise<void>): void {
    this.writers.set(kind, write as (rows: unknown[]) => Promise<void>);
    this.rows.push({ kind, row });
  }
  /** Rows waiting to be written. */
  get size(): number {
    return this.rows.length;
  }
  /** A position to go back to (a savepoint). */
  mark(): number {
    return this.rows.length;
  }
  rollbackTo(mark: number): void {
    this.rows.length = mark;
  }
  /**
   * Starts every kind's statement now, without awaiting it, for a caller that writes more behind
   * them in the same socket write (pg's pipeline mode, Tx.commitWith). A writer must issue its one
   * statement on `client` when called; `started` is false when one did not (its statement may come
   * later, so the caller must await `writes` before sending anything that has to follow them).
   */
  start(client: object): { writes: Array<Promise<void>>; started: boolean } {
    const pending = this.rows.splice(0);
    const kinds = [...new Set(pending.map((p) => p.kind))];
    const target = client as { query: (...args: unknown[]) => unknown };
    const own = Object.prototype.hasOwnProperty.call(target, 'query');
    const query = target.query;
    let issued = 0;
    target.query = function (this: unknown, ...args: unknown[]) {
      issued++;
      return query.apply(this, args);
    };
    let started = true;
    const writes: Array<Promise<void>> = [];
    try {
      for (const kind of kinds) {
        const before = issued;
        const rows = pending.filter((p) => p.kind === kind).map((p) => p.row);
        try {
          writes.push(this.writers.get(kind)!(rows));
        } catch (error) {
          writes.push(Promise.reject(error));
        }
        if (issued === before) started = false;
      }
    } finally {
      if (own) target.query = query;
      else delete (target as Partial<typeof target>).query;
    }
    return { writes, started };
  }
  /** Sends every kind's rows (one statement per kind, in the order kinds were first added). */
  async flush(): Promise<void> {
    const pending = this.rows.splice(0);
    const kinds = [...new Set(pending.map((p) => p.kind))];
    for (const kind of kinds)
      await this.writers.get(kind)!(pending.filter((p) => p.kind === kind).map((p) => p.row));
  }
}
