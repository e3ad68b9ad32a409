import type { AppContext } from '../../platform/context';
import { conflict, notFound, validationError } from '../../platform/errors';
import type { Role } from '../../platform/security';
import type { AdminUserView, BlockUserInput, UserView } from '../users/schemas';
import {
  createUserIfAbsent,
  findUserByEmail,
  findUserById,
  toAdminUserView,
  toUserView,
  updateUserRow,
  type UserChanges,
} from '../users/service';
import { forgetAccessState } from './access';
import { hashPassword, verifyPassword } from './password';
import { revokeUserSessions } from './sessions';

// Who may sign in, and as what: an admin's role changes and blocks, and the start-up admin. They
// change users' account row through its service and end the sessions and cached access here.

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
    const created = await createUserIfAbsent(ctx.database.db, {
      email,
      name: 'Administrator',
      passwordHash,
      role: 'ADMIN',
      emailVerifiedAt: new Date(),
    });
    if (created) {
      ctx.log.info({ email: created.email }, 'admin account created');
      return toUserView(created);
    }
    return ensureAdmin(ctx, email, password);
  }
  const passwordMatches = await verifyPassword(existing.passwordHash, password);
  const values: UserChanges = {};
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
