import { and, asc, count, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { offsetOf, pageMeta, type PageMeta } from '../../platform/pagination';
import { findUserById, toAdminUserView, toUserView, updateUserRow } from './accounts';
import type { AdminUserListQuery, AdminUserView, UpdateProfileInput, UserView } from './schemas';
import { users } from './tables';

// The users module's face to other modules: accounts (accounts.ts), addresses (addresses.ts),
// the profile and the admin's list. Access (passwords, sessions, blocks, roles) is auth's.
export * from './accounts';
export * from './addresses';

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
