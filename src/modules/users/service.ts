import { and, asc, count, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database } from '../../platform/db';
import { AppError, conflict, notFound, validationError } from '../../platform/errors';
import { offsetOf, pageMeta, type PageMeta } from '../../platform/pagination';
import { isViolation, UNIQUE_VIOLATION } from '../../platform/postgres-errors';
import type { Role } from '../../platform/security';
import { forgetAccessState, hashPassword, revokeUserSessions, verifyPassword } from '../auth/service';
import type {
  AddressView,
  AdminUserListQuery,
  AdminUserView,
  BlockUserInput,
  CreateAddressInput,
  UpdateAddressInput,
  UpdateProfileInput,
  UserView,
} from './schemas';
import { addresses, users } from './tables';

export type UserRow = typeof users.$inferSelect;
type AddressRow = typeof addresses.$inferSelect;

/** Emails are compared case-insensitively: stored and looked up trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** True while a block is in force: blocked indefinitely, or until a time still in the future. */
export function isBlocked(
  user: { blockedAt: Date | string | null; blockedUntil: Date | string | null },
  now = Date.now(),
): boolean {
  if (!user.blockedAt) return false;
  return user.blockedUntil === null || new Date(user.blockedUntil).getTime() > now;
}

/** 423 ACCOUNT_BLOCKED; the until time is in the message, in `details` and (when set) in Retry-After. */
export function accountBlocked(until: Date | string | null): AppError {
  const iso = until ? new Date(until).toISOString() : null;
  const retryAfter = until ? Math.max(1, Math.ceil((new Date(until).getTime() - Date.now()) / 1000)) : null;
  return new AppError(
    423,
    'ACCOUNT_BLOCKED',
    iso ? `This account is blocked until ${iso}` : 'This account is blocked',
    [{ path: 'until', message: iso ?? 'indefinitely' }],
    retryAfter ? { 'retry-after': String(retryAfter) } : undefined,
  );
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    avatar: row.avatar,
    role: row.role,
    emailVerified: row.emailVerifiedAt !== null,
    hasPassword: row.passwordHash !== null,
    googleLinked: row.googleSubject !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAdminUserView(row: UserRow, now = Date.now()): AdminUserView {
  const blocked = isBlocked(row, now);
  return {
    ...toUserView(row),
    status: blocked ? 'BLOCKED' : row.emailVerifiedAt ? 'ACTIVE' : 'UNVERIFIED',
    blockedUntil: blocked ? iso(row.blockedUntil) : null,
    blockedReason: blocked ? row.blockedReason : null,
    lastLoginAt: iso(row.lastLoginAt),
  };
}

// ---------------------------------------------------------------- lookups used by auth

export async function findUserByEmail(
  ctx: AppContext,
  email: string,
  db: Database = ctx.database.db,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`)
    .limit(1);
  return row;
}

export async function findUserById(
  ctx: AppContext,
  id: string,
  db: Database = ctx.database.db,
): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function findUserByGoogleSubject(
  ctx: AppContext,
  subject: string,
  db: Database = ctx.database.db,
): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.googleSubject, subject)).limit(1);
  return row;
}

/** Inserts an account; a taken email (in any case) is 409 EMAIL_TAKEN. */
export async function createUser(
  db: Database,
  values: {
    email: string;
    name: string;
    passwordHash: string | null;
    role?: Role;
    emailVerifiedAt?: Date | null;
    googleSubject?: string | null;
    avatar?: string | null;
  },
): Promise<UserRow> {
  try {
    const [row] = await db
      .insert(users)
      .values({ ...values, email: normalizeEmail(values.email) })
      .returning();
    return row!;
  } catch (error) {
    if (isViolation(error, UNIQUE_VIOLATION, 'users_email_key'))
      throw conflict('EMAIL_TAKEN', 'An account with this email already exists');
    throw error;
  }
}

export async function updateUserRow(
  db: Database,
  id: string,
  values: Partial<Omit<typeof users.$inferInsert, 'id' | 'createdAt'>>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

// ---------------------------------------------------------------- profile

export async function getProfile(ctx: AppContext, userId: string): Promise<UserView> {
  const row = await findUserById(ctx, userId);
  if (!row) throw notFound('User');
  return toUserView(row);
}

export async function updateProfile(
  ctx: AppContext,
  userId: string,
  input: UpdateProfileInput,
): Promise<UserView> {
  const values: Partial<typeof users.$inferInsert> = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.phone !== undefined) values.phone = input.phone;
  if (input.avatar !== undefined) values.avatar = input.avatar;
  const row = await updateUserRow(ctx.database.db, userId, values);
  if (!row) throw notFound('User');
  return toUserView(row);
}

// ---------------------------------------------------------------- addresses

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

// ---------------------------------------------------------------- admin

const blockedNow = sql`(${users.blockedAt} IS NOT NULL AND (${users.blockedUntil} IS NULL OR ${users.blockedUntil} > now()))`;

export async function listUsers(
  ctx: AppContext,
  query: AdminUserListQuery,
): Promise<{ items: AdminUserView[]; meta: PageMeta }> {
  const filters: SQL[] = [];
  if (query.searchTerm) {
    const pattern = `%${query.searchTerm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!);
  }
  if (query.role) filters.push(eq(users.role, query.role));
  if (query.status === 'BLOCKED') filters.push(blockedNow);
  if (query.status === 'UNVERIFIED') filters.push(sql`NOT ${blockedNow}`, isNull(users.emailVerifiedAt));
  if (query.status === 'ACTIVE') filters.push(sql`NOT ${blockedNow}`, isNotNull(users.emailVerifiedAt));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const column = {
    createdAt: users.createdAt,
    email: users.email,
    name: users.name,
    lastLoginAt: users.lastLoginAt,
  }[query.sortBy];
  const direction = query.sortOrder === 'asc' ? asc : desc;
  const [rows, [total]] = await Promise.all([
    ctx.database.db
      .select()
      .from(users)
      .where(where)
      .orderBy(direction(column), asc(users.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    ctx.database.db.select({ n: count() }).from(users).where(where),
  ]);
  const now = Date.now();
  return { items: rows.map((row) => toAdminUserView(row, now)), meta: pageMeta(query, total?.n ?? 0) };
}

export async function getUserForAdmin(ctx: AppContext, id: string): Promise<AdminUserView> {
  const row = await findUserById(ctx, id);
  if (!row) throw notFound('User');
  return toAdminUserView(row);
}

function notOnYourself(actorId: string, targetId: string, what: string): void {
  if (actorId === targetId) throw conflict('CANNOT_MODIFY_SELF', `You cannot ${what} your own account`);
}

/** Changes a user's role. Their access tokens carrying the old role stop working at once (401: refresh). */
export async function changeUserRole(
  ctx: AppContext,
  actorId: string,
  id: string,
  input: { role?: Role | undefined },
): Promise<AdminUserView> {
  const current = await findUserById(ctx, id);
  if (!current) throw notFound('User');
  if (!input.role || input.role === current.role) return toAdminUserView(current);
  notOnYourself(actorId, id, 'change the role of');
  const row = await updateUserRow(ctx.database.db, id, { role: input.role });
  await forgetAccessState(ctx, id);
  return toAdminUserView(row!);
}

export async function blockUser(
  ctx: AppContext,
  actorId: string,
  id: string,
  input: BlockUserInput,
): Promise<AdminUserView> {
  const until = input.until ? new Date(input.until) : null;
  if (until && until.getTime() <= Date.now())
    throw validationError('Invalid body', [{ path: 'until', message: 'Must be in the future' }]);
  notOnYourself(actorId, id, 'block');
  const row = await ctx.database.transaction(async ({ db }) => {
    const updated = await updateUserRow(db, id, {
      blockedAt: new Date(),
      blockedUntil: until,
      blockedReason: input.reason,
    });
    if (!updated) throw notFound('User');
    await revokeUserSessions(db, id, 'BLOCKED');
    return updated;
  });
  await forgetAccessState(ctx, id);
  return toAdminUserView(row);
}

export async function unblockUser(ctx: AppContext, id: string): Promise<AdminUserView> {
  const row = await updateUserRow(ctx.database.db, id, {
    blockedAt: null,
    blockedUntil: null,
    blockedReason: null,
  });
  if (!row) throw notFound('User');
  await forgetAccessState(ctx, id);
  return toAdminUserView(row);
}

/**
 * Start-up: makes ADMIN_EMAIL a verified, unblocked admin whose password is ADMIN_PASSWORD,
 * creating the account when it does not exist. Safe to run concurrently from several instances.
 */
export async function ensureAdmin(ctx: AppContext, email: string, password: string): Promise<UserView> {
  const existing = await findUserByEmail(ctx, email);
  if (!existing) {
    const passwordHash = await hashPassword(password);
    const [created] = await ctx.database.db
      .insert(users)
      .values({
        email: normalizeEmail(email),
        name: 'Administrator',
        passwordHash,
        role: 'ADMIN',
        emailVerifiedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning();
    if (created) {
      ctx.log.info({ email: created.email }, 'admin account created');
      return toUserView(created);
    }
    return ensureAdmin(ctx, email, password);
  }
  const passwordMatches = await verifyPassword(existing.passwordHash, password);
  const values: Partial<typeof users.$inferInsert> = {};
  if (existing.role !== 'ADMIN') values.role = 'ADMIN';
  if (!existing.emailVerifiedAt) values.emailVerifiedAt = new Date();
  if (existing.blockedAt) Object.assign(values, { blockedAt: null, blockedUntil: null, blockedReason: null });
  if (!passwordMatches) values.passwordHash = await hashPassword(password);
  if (Object.keys(values).length === 0) return toUserView(existing);
  const row = await ctx.database.transaction(async ({ db }) => {
    const updated = await updateUserRow(db, existing.id, values);
    if (!passwordMatches) await revokeUserSessions(db, existing.id, 'PASSWORD_CHANGED');
    return updated!;
  });
  await forgetAccessState(ctx, existing.id);
  ctx.log.info({ email: row.email }, 'admin account updated');
  return toUserView(row);
}
