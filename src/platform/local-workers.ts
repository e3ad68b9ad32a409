/**
 * Under a burst, jobs of a queue that arrive within this window are fetched together: the first
 * wake-up of a quiet queue goes out at once, later ones at most once per window. A worker then
 * fetches (and completes, and scrubs) several jobs per round trip instead of one each; the cost
 * is at most this delay before a job starts, and only while the queue is busy. Each fetch cycle
 * costs the API process far more than its round trips (pg-boss's timers and abort signals, the
 * completion, our batch bookkeeping): at 20 ms a checkout burst still fetched 1–3 jobs a cycle.
 */
export const WAKE_SPACING_MS = 100;

interface QueueWorkers {
  ids: string[];
  /** The worker the next wake-up goes to (round robin). */
  next: number;
  lastWake: number;
  timer: NodeJS.Timeout | undefined;
}

/** This process's pg-boss workers per queue, and their wake-ups when a job of the queue is queued. */
export class LocalWorkers {
  private readonly queues = new Map<string, QueueWorkers>();
  private stopped = false;

  constructor(private readonly notify: (workerId: string) => void) {}

  add(queue: string, workerId: string): void {
    const workers = this.queues.get(queue) ?? { ids: [], next: 0, lastWake: -Infinity, timer: undefined };
    workers.ids.push(workerId);
    this.queues.set(queue, workers);
  }

  /** A job of `queue` was queued: wakes one of its workers, now or within the window; false when this process has none. */
  wake(queue: string): boolean {
    const workers = this.queues.get(queue);
    if (!workers) return false;
    // A wake-up already on its way fetches this job too.
    if (workers.timer || this.stopped) return true;
    const wait = workers.lastWake + WAKE_SPACING_MS - performance.now();
    if (wait <= 0) this.notifyNext(workers);
    else
      workers.timer = setTimeout(() => {
        workers.timer = undefined;
        if (!this.stopped) this.notifyNext(workers);
      }, wait).unref();
    return true;
  }

  stop(): void {
    this.stopped = true;
    for (const workers of this.queues.values()) clearTimeout(workers.timer);
  }

  private notifyNext(workers: QueueWorkers): void {
    workers.lastWake = performance.now();
    this.notify(workers.ids[workers.next]!);
    workers.next = (workers.next + 1) % workers.ids.length;
  }
}
