import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { invalidateStoreConfig } from '../../platform/config-memo';
import type { Tx } from '../../platform/db';
import { isViolation, UNIQUE_VIOLATION } from '../../platform/postgres-errors';
import { conflict, notFound, validationError } from '../../platform/errors';
import { offsetOf, pageMeta, type Pagination } from '../../platform/pagination';
import type { CreateZoneInput, UpdateZoneInput, ZoneView } from './schemas';
import { shippingZoneAreas, shippingZones } from './tables';

type ZoneRow = typeof shippingZones.$inferSelect;

const isRegion = (code: string) => code.includes('-');

function toView(row: ZoneRow, codes: string[]): ZoneView {
  const sorted = [...codes].sort();
  return {
    id: row.id,
    name: row.name,
    countries: sorted.filter((c) => !isRegion(c)),
    regions: sorted.filter(isRegion),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function areasOf(tx: Tx, zoneIds: string[]): Promise<Map<string, string[]>> {
  const byZone = new Map<string, string[]>(zoneIds.map((id) => [id, []]));
  if (zoneIds.length === 0) return byZone;
  const rows = await tx.db.select().from(shippingZoneAreas).where(inArray(shippingZoneAreas.zoneId, zoneIds));
  for (const row of rows) byZone.get(row.zoneId)?.push(row.code);
  return byZone;
}

/**
 * Replaces a zone's areas. A country or region already in another zone → 409 SHIPPING_ZONE_OVERLAP
 * naming the codes (the area code is the primary key, so this holds under concurrent writes too).
 */
async function setAreas(tx: Tx, zoneId: string, codes: string[]): Promise<void> {
  const unique = [...new Set(codes)];
  if (unique.length === 0)
    throw validationError('A zone needs at least one country or region', [
      { path: 'countries', message: 'empty' },
    ]);
  const taken = await tx.db.select().from(shippingZoneAreas).where(inArray(shippingZoneAreas.code, unique));
  const elsewhere = taken.filter((a) => a.zoneId !== zoneId);
  if (elsewhere.length > 0) throw overlap(elsewhere.map((a) => a.code));
  await tx.db.delete(shippingZoneAreas).where(eq(shippingZoneAreas.zoneId, zoneId));
  try {
    await tx.db.insert(shippingZoneAreas).values(unique.map((code) => ({ code, zoneId })));
  } catch (error) {
    if (isViolation(error, UNIQUE_VIOLATION)) throw overlap(unique);
    throw error;
  }
}

const overlap = (codes: string[]) =>
  conflict(
    'SHIPPING_ZONE_OVERLAP',
    'A country or region can be in one zone only',
    codes.map((code) => ({
      path: isRegion(code) ? 'regions' : 'countries',
      message: `${code} is in another zone`,
    })),
  );

async function createZoneWrite(ctx: AppContext, input: CreateZoneInput): Promise<ZoneView> {
  return ctx.database.transaction(async (tx) => {
    const [row] = await tx.db.insert(shippingZones).values({ name: input.name }).returning();
    const codes = [...input.countries, ...(input.regions ?? [])];
    await setAreas(tx, row!.id, codes);
    return toView(row!, codes);
  });
}

async function updateZoneWrite(ctx: AppContext, id: string, input: UpdateZoneInput): Promise<ZoneView> {
  return ctx.database.transaction(async (tx) => {
    const [row] = await tx.db
      .update(shippingZones)
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), updatedAt: sql`now()` })
      .where(eq(shippingZones.id, id))
      .returning();
    if (!row) throw notFound('Shipping zone');
    const current = (await areasOf(tx, [id])).get(id) ?? [];
    if (input.countries === undefined && input.regions === undefined) return toView(row, current);
    const codes = [
      ...(input.countries ?? current.filter((c) => !isRegion(c))),
      ...(input.regions ?? current.filter(isRegion)),
    ];
    await setAreas(tx, id, codes);
    return toView(row, codes);
  });
}

/** Deletes a zone and its methods (orders keep their snapshot of the method). */
async function deleteZoneWrite(ctx: AppContext, id: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(shippingZones)
    .where(eq(shippingZones.id, id))
    .returning({ id: shippingZones.id });
  if (deleted.length === 0) throw notFound('Shipping zone');
}

export async function getZone(ctx: AppContext, id: string): Promise<ZoneView> {
  return ctx.database.transaction(async (tx) => {
    const [row] = await tx.db.select().from(shippingZones).where(eq(shippingZones.id, id));
    if (!row) throw notFound('Shipping zone');
    return toView(row, (await areasOf(tx, [id])).get(id) ?? []);
  });
}

export async function listZones(ctx: AppContext, query: Pagination) {
  return ctx.database.transaction(async (tx) => {
    const rows = await tx.db
      .select()
      .from(shippingZones)
      .orderBy(asc(shippingZones.name), asc(shippingZones.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    const [total] = await tx.db.select({ n: count() }).from(shippingZones);
    const areas = await areasOf(
      tx,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => toView(r, areas.get(r.id) ?? [])), meta: pageMeta(query, total?.n ?? 0) };
  });
}

/** createZone, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function createZone(ctx: AppContext, input: CreateZoneInput): Promise<ZoneView> {
  try {
    return await createZoneWrite(ctx, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** updateZone, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function updateZone(ctx: AppContext, id: string, input: UpdateZoneInput): Promise<ZoneView> {
  try {
    return await updateZoneWrite(ctx, id, input);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}

/** deleteZone, then the in-process copies of the store settings are invalidated (config-memo.ts). */
export async function deleteZone(ctx: AppContext, id: string): Promise<void> {
  try {
    return await deleteZoneWrite(ctx, id);
  } finally {
    await invalidateStoreConfig(ctx);
  }
}
