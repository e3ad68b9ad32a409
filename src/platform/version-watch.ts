import { SharedRead } from './shared-read';

/**
 * What an instance may trust without asking Redis for each lookup: the stamps (namespace versions)
 * it read while the shared version sequence (incremented by every bump, on any instance) stood at
 * one value, for as long as it still stands there.
 *
 * `current()` resolves with a read of the sequence sent after the call began, shared by concurrent
 * calls (SharedRead): a bump that completed before a request arrived is always seen.
 */
export class VersionWatch {
  private readonly stamps = new Map<string, string>();
  private token = '';
  private readonly reads: SharedRead<string>;

  constructor(readToken: () => Promise<string>) {
    this.reads = new SharedRead(() => readToken().then((token) => this.moved(token)));
  }

  /** The sequence now (see SharedRead); the stamps known so far are forgotten when it moved. */
  current(): Promise<string> {
    return this.reads.next();
  }

  /** The stamp of a namespace list, if read since the sequence last moved. */
  stamp(namespaces: string): string | undefined {
    return this.stamps.get(namespaces);
  }

  /** A stamp read after `token` was: valid while the sequence stays there (a bump moves it). */
  remember(token: string, namespaces: string, stamp: string): void {
    if (this.token === token) this.stamps.set(namespaces, stamp);
  }

  private moved(token: string): string {
    if (token !== this.token) {
      this.stamps.clear();
      this.token = token;
    }
    return token;
  }
}
