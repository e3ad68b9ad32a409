import { randomBytes } from 'node:crypto';
import { count, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { invalidateStoreConfig } from '../../platform/config-memo';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { offsetOf, pageMeta } from '../../platform/pagination';
import type {
  CreatedEndpointView,
  CreateEndpointInput,
  EndpointListQuery,
  EndpointView,
  UpdateEndpointInput,
} from './schemas';
import { webhookEndpoints } from './tables';
import { webhookUrlProblem } from './url-policy';
import { wakeEndpoint } from './wake';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toEndpointView(row: EndpointRow): EndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    active: row.active,
    failingSince: iso(row.failingSince),
    disabledAt: iso(row.disabledAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A new signing secret: `whsec_` + base64 of 32 random bytes (the Standard Webhooks format). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

async function checkUrl(ctx: AppContext, url: string): Promise<void> {
  const problem = await webhookUrlProblem(url, ctx.config.WEBHOOK_ALLOW_PRIVATE);
  if (problem)
    throw badRequest('WEBHOOK_URL_NOT_ALLOWED', `This webhook URL is refused: ${problem}`, [
      { path: 'url', message: problem },
    ]);
}

async function createEndpointWrite(
  ctx: AppContext,
  input: CreateEndpointInput,
): Promise<CreatedEndpointView> {
  await checkUrl(ctx, input.url);
  const [row] = await ctx.database.db
    .insert(webhookEndpoints)
    .values({
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      active: input.active ?? true,
      secret: newSigningSecret(),
    })
    .returning();
  return { ...toEndpointView(row!), secret: row!.secret };
}

export async function findEndpoint(ctx: AppContext, id: string): Promise<EndpointRow> {
  const [row] = await ctx.database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

export async function getEndpoint(ctx: AppContext, id: string): Promise<EndpointView> {
  return toEndpointView(await findEndpoint(ctx, id));
}

/**
 * Updates an endpoint. Turning it back on clears its failure record and wakes its paused
 * deliveries (they wait, PENDING, while it is off).
 */
async function updateEndpointWrite(
  ctx: AppContext,
  id: string,
  input: UpdateEndpointInput,
): Promise<EndpointView> {
  if (input.url !== undefined) await checkUrl(ctx, input.url);
  return ctx.database.transaction(async (tx) => {
    const [current] = await tx.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .for('update');
    if (!current) throw notFound('Webhook endpoint');
    const reactivated = input.active === true && !current.active;
    const [row] = await tx.db
      .update(webhookEndpoints)
      .set({
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(reactivated ? { failingSince: null, disabledAt: null } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (reactivated) await wakeEndpoint(ctx, tx, id);
    return toEndpointView(row!);
  });
}

async function deleteEndpointWrite(ctx: AppContext, id: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw notFound('Webhook endpoint');
}

export async function listEndpoints(ctx: AppContext, query: EndpointListQuery) {
  const condition = query.active === undefined ? undefined : eq(webhookEndpoints.active, query.active);
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select()
      .from(webhookEndpoints)
      .where(condition)
      .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(webhookEndpoints).where(condition),
  ]);
  return { items: rows.map(toEndpointView), meta: pageMeta(query, total?.n ?? 0) };
}

/** An active endpoint, for sending to it now (409 when it is switched off). */
export async function activeEndpoint(ctx: AppContext, id: string): Promise<EndpointRow> {
  const row = await findEndpoint(ctx, id);
  if (!row.active)
    throw conflict('WEBHOOK_ENDPOINT_INACTIVE', 'This endpoint is switched off; set active: true first');
  return row;
}

/** createEndpoint, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function createEndpoint(
  ctx: AppContext,
  input: CreateEndpointInput,
): Promise<CreatedEndpointView> {
  try {
    return await createEndpointWrite(ctx, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** updateEndpoint, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function updateEndpoint(
  ctx: AppContext,
  id: string,
  input: UpdateEndpointInput,
): Promise<EndpointView> {
  try {
    return await updateEndpointWrite(ctx, id, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** deleteEndpoint, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function deleteEndpoint(ctx: AppContext, id: string): Promise<void> {
  try {
    return await deleteEndpointWrite(ctx, id);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}
