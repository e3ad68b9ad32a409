import { availableParallelism } from 'node:os';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { z } from 'zod';
import { validationError } from '../../platform/errors';
import { WorkLimiter } from '../../platform/work-limiter';

/**
 * argon2id at OWASP's floor or above (m = 19 MiB, t = 2, p = 1). Raising any of these makes
 * every older hash be re-hashed on the user's next successful login.
 */
export const PASSWORD_HASH_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Algorithm.Argon2id (an ambient const enum, so spelled as its value). */
const ARGON2ID = 2 as Algorithm;

/**
 * Argon2 runs on libuv's thread pool (4 threads): four hashes at once on a 2-core machine starve
 * the event loop, and with it every request and the mail workers (300 sign-ups at 30/s on a
 * loaded machine: code mails p50 5 s with four at once, 0.2 s with one). So hashes take turns,
 * by default one fewer than the cores (1 to 4); a caller waits for a turn behind at most 256 per
 * turn (several seconds of hashing), beyond that 503 SERVER_BUSY.
 */
const MAX_WAITING_PER_SLOT = 256;
const autoSlots = () => Math.max(1, Math.min(4, availableParallelism() - 1));
export const passwordHashing = new WorkLimiter(autoSlots(), MAX_WAITING_PER_SLOT * autoSlots());

/** PASSWORD_HASH_CONCURRENCY: hashes at once (0: the default above). */
export function configurePasswordHashing(concurrency: number): void {
  const slots = concurrency || autoSlots();
  passwordHashing.configure({ concurrency: slots, maxWaiting: MAX_WAITING_PER_SLOT * slots });
}

export async function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => hash(password, { algorithm: ARGON2ID, ...PASSWORD_HASH_PARAMS }));
}

/** True when the stored hash is not argon2id with at least the current parameters. */
export function needsRehash(phc: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return (
    m! < PASSWORD_HASH_PARAMS.memoryCost ||
    t! < PASSWORD_HASH_PARAMS.timeCost ||
    p! < PASSWORD_HASH_PARAMS.parallelism
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored PHC string. With no stored hash (unknown account, or an
 * account without a password) it verifies against a dummy hash with the same parameters, so the
 * answer takes as long either way and reveals nothing.
 */
export async function verifyPassword(phc: string | null | undefined, password: string): Promise<boolean> {
  if (!phc) {
    // Once per process, outside the turns: a 503 must not be cached as the dummy hash.
    dummyHash ??= hash('dummy password that never matches anything', {
      algorithm: ARGON2ID,
      ...PASSWORD_HASH_PARAMS,
    });
    const dummy = await dummyHash;
    await passwordHashing.run(() => verify(dummy, password).catch(() => false));
    return false;
  }
  // Only a malformed stored hash is "no match"; a full queue (503) reaches the caller.
  return passwordHashing.run(() => verify(phc, password).catch(() => false));
}

const COMMON_PASSWORDS = new Set(
  `123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 password password1 password12
  password123 password! passw0rd p@ssword p@ssw0rd qwerty qwerty123 qwertyuiop qwerty12 1q2w3e4r
  1q2w3e4r5t 1qaz2wsx zaq12wsx abc12345 abcd1234 abcdefgh iloveyou iloveyou1 11111111 00000000
  88888888 12341234 11223344 987654321 87654321 sunshine princess football baseball welcome
  welcome1 welcome123 letmein letmein1 admin123 administrator monkey123 dragon123 master123
  trustno1 superman batman123 starwars whatever freedom shadow123 michael1 jennifer ashley123
  changeme changeme1 secret123 default1 computer internet asdfghjk asdfasdf asdf1234 zxcvbnm1
  zxcvbnmm qazwsxedc q1w2e3r4 q1w2e3r4t5 aa123456 a1b2c3d4 password2 letmein123 hello123
  loveme123 mypassword test1234 testtest bazaar123 ecommerce shopping`
    .split(/\s+/)
    .filter(Boolean),
);

const SEQUENCES = [
  '0123456789'.repeat(14),
  'abcdefghijklmnopqrstuvwxyz'.repeat(5),
  'qwertyuiopasdfghjklzxcvbnm'.repeat(5),
];

/** A run along the digits, the alphabet or the keyboard (either direction), e.g. 12345678901 or qwertyui. */
function isSequence(value: string): boolean {
  const reversed = [...value].reverse().join('');
  return SEQUENCES.some((run) => run.includes(value) || run.includes(reversed));
}

/** Reason a password is trivially weak, or undefined when acceptable. */
export function weakPasswordReason(password: string, context: { email?: string; name?: string } = {}) {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'This password is too common';
  if (new Set(lower).size < 4) return 'Use at least 4 different characters';
  if (isSequence(lower)) return 'This password is a simple sequence';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'The password must not contain your email';
  if (context.email && lower === context.email.toLowerCase()) return 'The password must not be your email';
  return undefined;
}

/** 8–128 characters and not trivially weak (common, repetitive or a plain sequence). */
export const passwordSchema = z
  .string()
  .min(8, 'At least 8 characters')
  .max(128, 'At most 128 characters')
  .superRefine((value, ctx) => {
    if (value.length < 8 || value.length > 128) return;
    const reason = weakPasswordReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  })
  .describe(
    '8–128 characters, at least 4 different characters; not a common password, not a run of digits, letters or keyboard keys, and not containing the email address',
  );

/** 400 VALIDATION_ERROR on `path` when the password is too weak (weakPasswordReason). */
export function assertStrongPassword(
  password: string,
  context: { email?: string; name?: string },
  path: string,
): void {
  const reason = weakPasswordReason(password, context);
  if (reason) throw validationError('Invalid body', [{ path, message: reason }]);
}
