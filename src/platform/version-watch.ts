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
  private waiters: Array<{ resolve: (token: string) => void; reject: (error: unknown) => void }> = [];
  private reading = false;

  constructor(private readonly readToken: () => Promise<string>) {}

  /** The sequence now; the stamps known so far are forgotten when it moved. */
  async current(): Promise<string> {
    const token = await new Promise<string>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.reading) this.read();
    });
    if (token !== this.token) {
      this.stamps.clear();
      this.token = token;
    }
    return token;
  }

  /** The stamp of a namespace list, if read since the sequence last moved. */
  stamp(namespaces: string): string | undefined {
    return this.stamps.get(namespaces);
  }

  /** A stamp read after `token` was: valid while the sequence stays there (a bump moves it). */
  remember(token: string, namespaces: string, stamp: string): void {
    if (this.token === token) this.stamps.set(namespaces, stamp);
  }

  private read(): void {
    const waiters = this.waiters;
    this.waiters = [];
    this.reading = true;
    const settle = (each: (waiter: (typeof waiters)[number]) => void) => {
      this.reading = false;
      for (const waiter of waiters) each(waiter);
      if (this.waiters.length > 0) this.read();
    };
    this.readToken().then(
      (token) => settle((waiter) => waiter.resolve(token)),
      (error: unknown) => settle((waiter) => waiter.reject(error)),
    );
  }
}
