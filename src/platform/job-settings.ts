import type PgBoss from 'pg-boss';

/** A row of pgboss.schedule as getSchedules() returns it. */
export interface StoredSchedule {
  name: string;
  cron: string;
  timezone: string;
  data?: object;
}

export function sameQueueSettings(
  stored: PgBoss.QueueResult,
  settings: {
    deadLetter?: string;
    retryLimit: number;
    retryDelay: number;
    retryBackoff: boolean;
    expireInSeconds: number;
  },
): boolean {
  return (
    stored.policy === 'standard' &&
    (stored.deadLetter ?? undefined) === settings.deadLetter &&
    stored.retryLimit === settings.retryLimit &&
    stored.retryDelay === settings.retryDelay &&
    stored.retryBackoff === settings.retryBackoff &&
    stored.expireInSeconds === settings.expireInSeconds
  );
}

/** True when `stored` is what schedule(name, cron, {}, { tz: 'UTC' }) would write. */
export function sameSchedule(stored: StoredSchedule | undefined, cron: string): boolean {
  return (
    stored !== undefined &&
    stored.cron === cron &&
    stored.timezone === 'UTC' &&
    JSON.stringify(stored.data ?? {}) === '{}'
  );
}
