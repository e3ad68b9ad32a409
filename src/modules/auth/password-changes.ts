import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { badRequest, unauthenticated, validationError } from '../../platform/errors';
import type { ClientMeta } from '../../platform/http';
import { queueEmail } from '../notifications/service';
import { passwordChangedEmail, passwordResetEmail } from '../notifications/templates';
import { findUserByEmail, findUserById, updateUserRow } from '../users/service';
import { forgetAccessState } from './access';
import { assertStrongPassword, hashPassword, verifyPassword } from './password';
import { hashOf, randomToken } from './secrets';
import { revokeUserSessions } from './sessions';
import { passwordResetTokens } from './tables';
import { mailAllowed, mailRequestAllowed, reserveLoginAttempt } from './throttle';
import { atLeast, UNIFORM_RESPONSE_MS } from './timing';

const RESET_TOKEN_TTL_MS = 15 * 60_000;

export async function changePassword(
  ctx: AppContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  meta: ClientMeta,
): Promise<void> {
  const user = await findUserById(ctx, userId);
  if (!user) throw unauthenticated();
  if (!user.passwordHash)
    throw badRequest(
      'PASSWORD_NOT_SET',
      'This account signs in with Google and has no password; use forgot-password to set one',
    );
  const attempt = await reserveLoginAttempt(ctx, user.email, meta.ip);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw badRequest('INVALID_CURRENT_PASSWORD', 'The current password is wrong');
  await attempt.succeeded();
  if (input.newPassword === input.currentPassword)
    throw validationError('Invalid body', [
      { path: 'newPassword', message: 'Must differ from the current password' },
    ]);
  assertStrongPassword(input.newPassword, { email: user.email, name: user.name }, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.database.transaction(async (tx) => {
    await updateUserRow(tx.db, user.id, { passwordHash });
    await revokeUserSessions(tx.db, user.id, 'PASSWORD_CHANGED');
    await queueEmail(ctx, tx, {
      to: user.email,
      ...passwordChangedEmail({ name: user.name, resetUrl: `${ctx.config.STOREFRONT_URL}/forgot-password` }),
    });
  });
  await forgetAccessState(ctx, user.id);
}

/** Always resolves (the route answers 202 whatever happened) and takes about as long either way. */
export async function requestPasswordReset(ctx: AppContext, email: string, meta: ClientMeta): Promise<void> {
  await atLeast(UNIFORM_RESPONSE_MS, async () => {
    if (!(await mailRequestAllowed(ctx, meta.ip))) return;
    const user = await findUserByEmail(ctx, email);
    if (!user) return;
    if (!(await mailAllowed(ctx, 'reset', user.id, meta.ip))) return;
    const token = randomToken();
    const link = `${ctx.config.STOREFRONT_URL}/reset-password?token=${encodeURIComponent(token)}`;
    await ctx.database.transaction(async (tx) => {
      await tx.db.insert(passwordResetTokens).values({
        userId: user.id,
        tokenHash: hashOf(ctx, 'reset', token),
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      });
      // A stranger chose the name of an unverified account: it is not printed in mail to that address.
      const name = user.emailVerifiedAt ? user.name : undefined;
      await queueEmail(ctx, tx, { to: user.email, ...passwordResetEmail({ name, link, token }) });
    });
  });
}

/** Consumes a reset token (once, within 15 minutes), sets the password and revokes every session. */
export async function resetPassword(
  ctx: AppContext,
  input: { token: string; password: string },
): Promise<void> {
  const tokenHash = hashOf(ctx, 'reset', input.token);
  const passwordHash = await hashPassword(input.password);
  const userId = await ctx.database.transaction(async ({ db }) => {
    const [consumed] = await db
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, tokenHash),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!consumed)
      throw badRequest('INVALID_TOKEN', 'This reset token is invalid, used or expired; request a new one');
    const user = await findUserById(ctx, consumed.userId, db);
    if (!user)
      throw badRequest('INVALID_TOKEN', 'This reset token is invalid, used or expired; request a new one');
    assertStrongPassword(input.password, { email: user.email, name: user.name }, 'password');
    // The mailed token proves the address, so an unverified account becomes verified.
    await updateUserRow(db, user.id, {
      passwordHash,
      ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: new Date() }),
    });
    // Every other outstanding reset token of the account dies too.
    await db
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    await revokeUserSessions(db, user.id, 'PASSWORD_RESET');
    return user.id;
  });
  await forgetAccessState(ctx, userId);
}
