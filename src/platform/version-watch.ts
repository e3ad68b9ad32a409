import { performance } from 'node:perf_hooks';
import { SharedRead } from './shared-read';

/**
 * How long a confirmation of the bump feed is trusted: a read trusts the stamps it knows without
 * asking Redis only while the feed's latest PING, answered, was SENT less than this long ago. Every
 * bump that completed before that PING was sent reached this instance before its PONG (one
 * connection, in order), so a read never misses a bump older than TRUST_MS (see docs/caching.md).
 */
export const TRUST_MS = 250;
/** How often the feed asks Redis for a confirmation (a PING on the subscriber connection). */
export const CONFIRM_EVERY_MS = 100;

/**
 * What an instance may trust without asking Redis for each lookup: the stamps (namespace versions)
 * it read since the last bump it knows of.
 *
 * Bumps become known in two ways. While the bump feed (BumpFeed: every bump is published on a
 * channel in the same transaction) is confirmed, `current()` waits only for the end of the event
 * loop's poll phase, so a message that reached this process with the request is handled first; no
 * Redis round trip. Otherwise it resolves with a read of the shared version sequence sent after the
 * call began, shared by concurrent calls (SharedRead): a bump that completed before is always seen.
 */
export class VersionWatch {
  /** Stamp by namespace list (the namespaces joined by spaces). */
  private readonly stamps = new Map<string, string>();
  /** The namespace lists remembered with each namespace in them (may name lists since dropped). */
  private readonly listsOf = new Map<string, Set<string>>();
  /** Changes whenever the stamps are dropped: a stamp is remembered only under the token it was read at. */
  private token = 0;
  /** The sequence as last read (the fallback's comparison). */
  private sequence: string | undefined;
  /** performance.now() at which the feed's latest answered confirmation was sent. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private readonly reads: SharedRead<number>;
  private afterPoll: Promise<number> | undefined;

  constructor(readSequence: () => Promise<string>) {
    this.reads = new SharedRead(() => readSequence().then((sequence) => this.sequenceRead(sequence)));
  }

  /** A token to read stamps under, once every bump that completed before the call is known. */
  current(): Promise<number> {
    if (this.confirmed()) return (this.afterPoll ??= new Promise(this.waitPoll));
    return this.reads.next();
  }

  /** Calls made in one event-loop turn share one setImmediate (runs after the turn's I/O callbacks). */
  private readonly waitPoll = (resolve: (token: number | Promise<number>) => void) =>
    setImmediate(() => {
      this.afterPoll = undefined;
      // The feed may have gone quiet meanwhile: then read the sequence.
      resolve(this.confirmed() ? this.token : this.reads.next());
    });

  /** Whether the feed was confirmed less than TRUST_MS ago (lookups then read nothing from Redis). */
  confirmed(): boolean {
    return performance.now() - this.confirmedAt < TRUST_MS;
  }

  /** The stamp of a namespace list, if read since the last known bump. */
  stamp(namespaces: string): string | undefined {
    return this.stamps.get(namespaces);
  }

  /** A stamp read after `token` was given: kept until a bump of one of its namespaces becomes known. */
  remember(token: number, namespaces: readonly string[], stamp: string): void {
    if (this.token !== token) return;
    const list = namespaces.join(' ');
    this.stamps.set(list, stamp);
    for (const namespace of namespaces) {
      let lists = this.listsOf.get(namespace);
      if (!lists) this.listsOf.set(namespace, (lists = new Set()));
      lists.add(list);
    }
  }

  /**
   * A bump (on this instance, or one the feed reported) of `namespaces`, or of anything when not
   * given: the stamps of the namespace lists that hold one of them may be old. (An order bumps its
   * products' pages: the other pages and the lists stay known.)
   */
  moved(namespaces?: readonly string[]): void {
    this.token++;
    if (!namespaces) {
      this.stamps.clear();
      this.listsOf.clear();
      return;
    }
    for (const namespace of namespaces) {
      const lists = this.listsOf.get(namespace);
      if (!lists) continue;
      for (const list of lists) this.stamps.delete(list);
      this.listsOf.delete(namespace);
    }
  }

  /** The feed answered a confirmation sent at `sentAt` (performance.now()). */
  confirm(sentAt: number): void {
    this.confirmedAt = Math.max(this.confirmedAt, sentAt);
  }

  /**
   * Resolves once every bump that completed before the call is known here: when the feed answers a
   * PING sent after the call, or after TRUST_MS (lookups then read the sequence until it does).
   */
  async caughtUp(): Promise<void> {
    const since = performance.now();
    while (this.confirmedAt < since && performance.now() - since < TRUST_MS) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The feed's connection went away: messages may be lost until it is confirmed again. */
  lost(): void {
    this.confirmedAt = Number.NEGATIVE_INFINITY;
  }

  private sequenceRead(sequence: string): number {
    if (sequence !== this.sequence) {
      this.sequence = sequence;
      this.moved();
    }
    return this.token;
  }
}
