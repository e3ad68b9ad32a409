/**
 * Rows a transaction writes just before its COMMIT, each kind in ONE statement (the job queue's
 * inserts: a checkout queues a mail, an event and more, which cost one round trip instead of one
 * each). They exist exactly when the transaction commits, as if written where they were added. A
 * savepoint rolled back drops the rows added since it was set (see inSavepoint).
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
  /** Sends every kind's rows (one statement per kind, in the order kinds were first added). */
  async flush(): Promise<void> {
    const pending = this.rows.splice(0);
    const kinds = [...new Set(pending.map((p) => p.kind))];
    for (const kind of kinds)
      await this.writers.get(kind)!(pending.filter((p) => p.kind === kind).map((p) => p.row));
  }
}
