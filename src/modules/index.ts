import type { AppContext } from '../platform/context';
import type { App } from '../platform/http';
import { defineNotificationJobs } from './notifications/service';

/** Every module's HTTP routes, mounted under /api/v1 by buildApp. */
export async function apiRoutes(_app: App, _opts: { ctx: AppContext }): Promise<void> {}

/** Every module's job handlers; defined in the API process and in the standalone worker alike. */
export function defineJobs(ctx: AppContext): void {
  defineNotificationJobs(ctx);
}
