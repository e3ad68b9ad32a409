import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database } from '../../platform/db';
import { conflict, notFound } from '../../platform/errors';
import type { AddressView, CreateAddressInput, UpdateAddressInput } from './schemas';
import { addresses, users } from './tables';

type AddressRow = typeof addresses.$inferSelect;

function toAddressView(row: AddressRow): AddressView {
  return {
    id: row.id,
    fullName: row.fullName,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    state: row.state,
    postalCode: row.postalCode,
    country: row.country,
    phone: row.phone,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const MAX_ADDRESSES = 50;

export async function listAddresses(ctx: AppContext, userId: string): Promise<AddressView[]> {
  const rows = await ctx.database.db
    .select()
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(desc(addresses.isDefault), desc(addresses.createdAt), asc(addresses.id));
  return rows.map(toAddressView);
}

/** One of the caller's addresses; another user's id is indistinguishable from an unknown one (404). */
export async function getAddress(
  ctx: AppContext,
  userId: string,
  id: string,
  db: Database = ctx.database.db,
): Promise<AddressView> {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
  if (!row) throw notFound('Address');
  return toAddressView(row);
}

/** Serialises a user's address changes, so "one default per user" holds under concurrency. */
async function lockUser(db: Database, userId: string): Promise<void> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  if (!row) throw notFound('User');
}

export async function createAddress(
  ctx: AppContext,
  userId: string,
  input: CreateAddressInput,
): Promise<AddressView> {
  return ctx.database.transaction(async ({ db }) => {
    await lockUser(db, userId);
    const [existing] = await db.select({ n: count() }).from(addresses).where(eq(addresses.userId, userId));
    const total = existing?.n ?? 0;
    if (total >= MAX_ADDRESSES)
      throw conflict('ADDRESS_LIMIT_REACHED', `At most ${MAX_ADDRESSES} addresses per account`);
    const isDefault = total === 0 || input.isDefault === true;
    if (isDefault)
      await db
        .update(addresses)
        .set({ isDefault: false, updatedAt: sql`now()` })
        .where(and(eq(addresses.userId, userId), eq(addresses.isDefault, true)));
    const [row] = await db
      .insert(addresses)
      .values({
        userId,
        fullName: input.fullName,
        line1: input.line1,
        line2: input.line2 ?? null,
        city: input.city,
        state: input.state ?? null,
        postalCode: input.postalCode,
        country: input.country,
        phone: input.phone ?? null,
        isDefault,
      })
      .returning();
    return toAddressView(row!);
  });
}

export async function updateAddress(
  ctx: AppContext,
  userId: string,
  id: string,
  input: UpdateAddressInput,
): Promise<AddressView> {
  return ctx.database.transaction(async ({ db }) => {
    await lockUser(db, userId);
    const owned = and(eq(addresses.id, id), eq(addresses.userId, userId));
    const [current] = await db.select().from(addresses).where(owned);
    if (!current) throw notFound('Address');
    if (input.isDefault === true && !current.isDefault)
      await db
        .update(addresses)
        .set({ isDefault: false, updatedAt: sql`now()` })
        .where(and(eq(addresses.userId, userId), eq(addresses.isDefault, true)));
    const [row] = await db
      .update(addresses)
      .set({ ...input, updatedAt: sql`now()` })
      .where(owned)
      .returning();
    return toAddressView(row!);
  });
}

/** Deletes one of the caller's addresses; when it was the default, the newest remaining one becomes default. */
export async function deleteAddress(ctx: AppContext, userId: string, id: string): Promise<void> {
  await ctx.database.transaction(async ({ db }) => {
    await lockUser(db, userId);
    const [deleted] = await db
      .delete(addresses)
      .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
      .returning();
    if (!deleted) throw notFound('Address');
    if (deleted.isDefault) {
      const [next] = await db
        .select({ id: addresses.id })
        .from(addresses)
        .where(eq(addresses.userId, userId))
        .orderBy(desc(addresses.createdAt))
        .limit(1);
      if (next)
        await db
          .update(addresses)
          .set({ isDefault: true, updatedAt: sql`now()` })
          .where(eq(addresses.id, next.id));
    }
  });
}
