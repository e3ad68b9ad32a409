/**
 * One value read again for every batch of callers. `next()` resolves with a read SENT AFTER the
 * call began, so a change that completed before the call is always seen (no stale read across
 * instances). Calls that arrive while a read is in flight share the next one and its promise (no
 * promise or closure per call), so under load a caller costs a fraction of one round trip.
 */
export class SharedRead<T> {
  private reading = false;
  /** The read that calls arriving while one is in flight share: sent when that one settles. */
  private queued:
    { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  next(): Promise<T> {
    if (!this.reading) return this.start();
    if (!this.queued) {
      let resolve!: (value: T) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
      this.queued = { promise, resolve, reject };
    }
    return this.queued.promise;
  }

  private start(): Promise<T> {
    this.reading = true;
    return this.read().then(
      (value) => {
        this.settled();
        return value;
      },
      (error: unknown) => {
        this.settled();
        throw error;
      },
    );
  }

  /** The read in flight answered: the calls that arrived meanwhile get theirs, sent now. */
  private settled(): void {
    this.reading = false;
    const queued = this.queued;
    if (!queued) return;
    this.queued = undefined;
    this.start().then(queued.resolve, queued.reject);
  }
}
