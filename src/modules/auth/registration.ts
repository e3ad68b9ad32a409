import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import type { Tx } from '../../platform/db';
import { badRequest } from '../../platform/errors';
import type { ClientMeta } from '../../platform/http';
import { queueEmail } from '../notifications/service';
import { verificationCodeEmail } from '../notifications/templates';
import { announceCustomer } from '../users/events';
import type { UserView } from '../users/schemas';
import {
  createUser,
  findUserByEmail,
  lockUserRow,
  normalizeEmail,
  toUserView,
  updateUserRow,
  type UserRow,
} from '../users/service';
import { assertStrongPassword, hashPassword } from './password';
import { hashOf, randomCode, sameHash } from './secrets';
import { emailVerificationCodes } from './tables';
import { mailAllowed, mailRequestAllowed } from './throttle';
import { atLeast, UNIFORM_RESPONSE_MS } from './timing';

const VERIFICATION_CODE_TTL_MS = 10 * 60_000;
const VERIFICATION_MAX_TRIES = 5;

async function issueVerificationCode(ctx: AppContext, tx: Tx, user: UserRow): Promise<void> {
  // Only the newest code is valid.
  await tx.db.delete(emailVerificationCodes).where(eq(emailVerificationCodes.userId, user.id));
  const code = randomCode();
  await tx.db.insert(emailVerificationCodes).values({
    userId: user.id,
    codeHash: hashOf(ctx, 'email-code', `${user.id}:${code}`),
    expiresAt: new Date(Date.now() + VERIFICATION_CODE_TTL_MS),
  });
  // The address is not proven yet: the registrant's chosen name stays out of the mail (phishing).
  await queueEmail(ctx, tx, { to: user.email, ...verificationCodeEmail({ code }) });
}

export async function register(
  ctx: AppContext,
  input: { email: string; password: string; name: string },
): Promise<UserView> {
  const email = normalizeEmail(input.email);
  assertStrongPassword(input.password, { email, name: input.name }, 'password');
  const passwordHash = await hashPassword(input.password);
  return ctx.database.transaction(async (tx) => {
    const user = await createUser(tx.db, { email, name: input.name, passwordHash });
    await announceCustomer(ctx, tx, user);
    await issueVerificationCode(ctx, tx, user);
    return toUserView(user);
  });
}

const invalidCode = () =>
  badRequest('INVALID_CODE', 'The code is wrong or has expired; request a new one if needed');

/**
 * Verifies an address with its mailed code. Every failure (unknown address, already verified, wrong,
 * expired or dead code) is the same 400 INVALID_CODE, and nothing about the account is returned, so
 * the route tells a caller nothing about who is registered.
 */
export async function verifyEmail(ctx: AppContext, input: { email: string; code: string }): Promise<void> {
  const user = await findUserByEmail(ctx, input.email);
  if (!user || user.emailVerifiedAt) throw invalidCode();
  const verified = await ctx.database.transaction(async ({ db }) => {
    // Every try is counted first, atomically: the 5th wrong try kills the code even under concurrency.
    const [attempt] = await db
      .update(emailVerificationCodes)
      .set({ attempts: sql`${emailVerificationCodes.attempts} + 1` })
      .where(
        and(
          eq(emailVerificationCodes.userId, user.id),
          isNull(emailVerificationCodes.usedAt),
          gt(emailVerificationCodes.expiresAt, sql`now()`),
          lt(emailVerificationCodes.attempts, VERIFICATION_MAX_TRIES),
        ),
      )
      .returning();
    if (!attempt) return false;
    if (!sameHash(attempt.codeHash, hashOf(ctx, 'email-code', `${user.id}:${input.code}`))) return false;
    await db
      .update(emailVerificationCodes)
      .set({ usedAt: sql`now()` })
      .where(eq(emailVerificationCodes.id, attempt.id));
    await updateUserRow(db, user.id, { emailVerifiedAt: new Date() });
    return true;
  });
  if (!verified) throw invalidCode();
}

/** Always resolves (the route answers 202 whatever happened) and takes about as long either way. */
export async function resendVerification(ctx: AppContext, email: string, meta: ClientMeta): Promise<void> {
  await atLeast(UNIFORM_RESPONSE_MS, async () => {
    if (!(await mailRequestAllowed(ctx, meta.ip))) return;
    const user = await findUserByEmail(ctx, email);
    if (!user || user.emailVerifiedAt) return;
    if (!(await mailAllowed(ctx, 'verify', user.id, meta.ip))) return;
    await ctx.database.transaction(async (tx) => {
      // Serialise with a concurrent resend so exactly one code stays valid.
      const locked = await lockUserRow(tx, user.id);
      if (locked && !locked.emailVerifiedAt) await issueVerificationCode(ctx, tx, locked);
    });
  });
}
