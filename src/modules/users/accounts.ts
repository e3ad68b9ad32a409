import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Database, Tx } from '../../platform/db';
import { AppError, conflict } from '../../platform/errors';
import { isViolation, UNIQUE_VIOLATION } from '../../platform/postgres-errors';
import type { Role } from '../../platform/security';
import type { AdminUserView, UserView } from './schemas';
import { users } from './tables';

// The account row is users'. auth keeps credentials' secrets, sessions and tokens in its own tables
// and reads or changes the account only through these functions.

export type UserRow = typeof users.$inferSelect;
/** Columns a caller may change on an account. */
export type UserChanges = Partial<Omit<typeof users.$inferInsert, 'id' | 'createdAt'>>;

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

// ---------------------------------------------------------------- lookups and writes used by auth

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
export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  role?: Role;
  emailVerifiedAt?: Date | null;
  googleSubject?: string | null;
  avatar?: string | null;
}

export async function createUser(db: Database, values: NewUser): Promise<UserRow> {
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
  values: UserChanges,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** Inserts an account unless one with this email exists (then undefined); for concurrent start-ups. */
export async function createUserIfAbsent(db: Database, values: NewUser): Promise<UserRow | undefined> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: normalizeEmail(values.email) })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * Locks an account row (FOR UPDATE) until `tx` ends and returns it: serialises changes that must
 * not interleave for one account (address defaults, a resent verification code).
 */
export async function lockUserRow(tx: Tx, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.db.select().from(users).where(eq(users.id, id)).for('update');
  return row;
}
