/**
 * What an instance may trust without asking Redis for each lookup: the stamps (namespace versions)
 * it read while the shared version sequence (incremented by every bump, on any instance) stood at
 * one value, for as long as it still stands there.
 *
 * `current()` resolves with a read of the sequence that was SENT AFTER the call began, so a bump that
 * completed before a request arrived is always seen: no stale read across instances. Calls that
 * arrive while a read is in flight share the next one, so under load a lookup costs a fraction of
 * one small round trip.
 */
export class VersionWatch {
  private readonly stamps = new Map<string, string>();
  private token = '';
  private reading = false;
  /** The read that calls arriving while one is in flight share: sent when that one settles. */
  private queued:
    | { promise: Promise<string>; resolve: (token: string) => void; reject: (error: unknown) => void }
    | undefined;

  constructor(private readonly readToken: () => Promise<string>) {}

  /**
   * The sequence now; the stamps known so far are forgotten when it moved. Every call waiting for
   * one read shares one promise (no promise or closure per call).
   */
  current(): Promise<string> {
    if (!this.reading) return this.read();
    if (!this.queued) {
      let resolve!: (token: string) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<string>((ok, fail) => ((resolve = ok), (reject = fail)));
      this.queued = { promise, resolve, reject };
    }
    return this.queued.promise;
  }

  /** The stamp of a namespace list, if read since the sequence last moved. */
  stamp(namespaces: string): string | undefined {
    return this.stamps.get(namespaces);
  }

  /** A stamp read after `token` was: valid while the sequence stays there (a bump moves it). */
  remember(token: string, namespaces: string, stamp: string): void {
    if (this.token === token) this.stamps.set(namespaces, stamp);
  }

  private read(): Promise<string> {
    this.reading = true;
    return this.readToken().then(
      (token) => {
        this.settled();
        if (token !== this.token) {
          this.stamps.clear();
          this.token = token;
        }
        return token;
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
    this.read().then(queued.resolve, queued.reject);
  }
}
