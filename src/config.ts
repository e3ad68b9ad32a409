import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ms from 'ms';
import { z } from 'zod';

/** Thrown when the environment is wrong; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const parsed = /^\d+$/.test(value) ? Number(value) : ms(value as ms.StringValue);
      if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 15m, 7d or milliseconds' });
        return z.NEVER;
      }
      return parsed;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
  .pipe(z.url().optional());

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalUrl,
  DATABASE_READ_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Old-generation growth past the live set before a full GC, in percent (0: V8's own). */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(50),
  REDIS_URL: optionalUrl,
  START_WORKER: bool(true),
  JWT_ACCESS_SECRET: optionalString.pipe(z.string().min(32).optional()),
  JWT_REFRESH_SECRET: optionalString.pipe(z.string().min(32).optional()),
  ACCESS_TOKEN_TTL: duration('15m'),
  REFRESH_TOKEN_TTL: duration('7d'),
  /** Absolute lifetime of a sign-in session, however often it is refreshed. */
  REFRESH_SESSION_MAX_AGE: duration('30d'),
  ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalString.pipe(z.string().min(8).max(128).optional()),
  APP_URL: optionalUrl,
  STOREFRONT_URL: optionalUrl,
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default('Bazaar <no-reply@bazaar.local>'),
  /** Mails sent at once per process: order and other bulk mail, and (apart) codes and resets. */
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  MAIL_CRITICAL_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  /** Password hashes (Argon2) computed at once per process; 0: one fewer than the cores (1 to 4). */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(0),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_ISSUER_URL: z.url().default('https://accounts.google.com'),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_URL: z.url().default('https://api.stripe.com'),
  STRIPE_SUCCESS_URL: optionalUrl,
  STRIPE_CANCEL_URL: optionalUrl,
  RAZORPAY_KEY_ID: optionalString,
  RAZORPAY_KEY_SECRET: optionalString,
  RAZORPAY_WEBHOOK_SECRET: optionalString,
  RAZORPAY_API_URL: z.url().default('https://api.razorpay.com'),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: optionalString,
  S3_REGION: optionalString,
  S3_ENDPOINT: optionalUrl,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_WINDOW: duration('1m'),
  /** Failed sign-ins per (account, IP address) within LOGIN_WINDOW. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins per account from all addresses together within LOGIN_WINDOW. */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(50),
  LOGIN_WINDOW: duration('15m'),
  /** Unpaid STRIPE/RAZORPAY orders are cancelled and restocked after this long. */
  UNPAID_ORDER_TTL: duration('30m'),
  /** Open unpaid online orders one customer may have at once (409 TOO_MANY_UNPAID_ORDERS beyond). */
  MAX_UNPAID_ORDERS: z.coerce.number().int().min(1).default(3),
  DEFAULT_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD or INR')
    .default('USD'),
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** false: prices exclude tax and tax is added on top; true: catalog prices include it. */
  PRICES_INCLUDE_TAX: bool(false),
  /** Days after delivery during which a customer may ask to return items. */
  RETURN_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** The seller on invoices (name, postal address with \n between lines, tax id) and in mails. */
  STORE_NAME: z.string().trim().min(1).max(200).default('Bazaar'),
  STORE_ADDRESS: optionalString.transform((v) => v?.replaceAll('\\n', '\n')),
  STORE_TAX_ID: optionalString,
  /** BCP 47 locale for amounts and dates in mails and invoices (en-US: $1,299.00; de-DE: 1.299,00 €). */
  STORE_LOCALE: z
    .string()
    .default('en-US')
    .refine((tag) => {
      try {
        return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
      } catch {
        return false;
      }
    }, 'expected a BCP 47 locale such as en-US, en-IN or de-DE'),
  /** Deliver webhooks to loopback/private/link-local addresses (for local development only). */
  WEBHOOK_ALLOW_PRIVATE: bool(false),
  /** A webhook attempt that has not answered within this time has failed. */
  WEBHOOK_TIMEOUT: duration('10s'),
  /** Delay before the first webhook retry; each next one waits 3 times longer (± 10 %). */
  WEBHOOK_RETRY_BASE: duration('30s'),
  /** Attempts per delivery, the first included (default 9: the last one about 27 h after the first). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(9),
  /** An endpoint whose attempts have all failed for this long is disabled. */
  WEBHOOK_DISABLE_AFTER: duration('3d'),
  /** Webhook attempts in flight at once per process, and per endpoint per process. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /**
   * Which X-Forwarded-For hops to believe for the client IP (rate limits, login throttling):
   * 'false' (default: the socket address), or the comma-separated addresses/CIDRs of your proxies
   * (e.g. '10.0.0.0/8' or 'loopback'). 'true' trusts any client-sent header: unsafe. (Fastify
   * ignores bare hop counts, since they can't tell a proxy from a client.)
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string => (v === 'false' || v === '' ? false : v === 'true' ? true : v)),
});

type ParsedEnv = z.output<typeof envSchema>;

export type Config = Omit<ParsedEnv, 'JWT_ACCESS_SECRET' | 'JWT_REFRESH_SECRET' | 'STOREFRONT_URL'> & {
  JWT_ACCESS_SECRET: string;
  JWT_REFRESH_SECRET: string;
  /** Base URL of the storefront, without a trailing slash: links in mails point there. */
  STOREFRONT_URL: string;
  /** DATA_DIR resolved to an absolute path. */
  dataDir: string;
};

/**
 * Parses the environment once. A wrong value throws a ConfigError naming the variable.
 * In development the JWT secrets are generated on first start and kept in DATA_DIR, so tokens
 * survive restarts; production refuses to start without them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const parsed = result.data;
  const dataDir = path.resolve(parsed.DATA_DIR);

  if (parsed.NODE_ENV === 'production') {
    const missing = (['DATABASE_URL', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const).filter(
      (name) => !parsed[name],
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration: ${missing.join(', ')} must be set when NODE_ENV=production`,
      );
    }
  }
  if (parsed.ADMIN_EMAIL && !parsed.ADMIN_PASSWORD) {
    throw new ConfigError('Invalid configuration: ADMIN_PASSWORD must be set when ADMIN_EMAIL is set');
  }

  const secrets =
    parsed.JWT_ACCESS_SECRET && parsed.JWT_REFRESH_SECRET
      ? { access: parsed.JWT_ACCESS_SECRET, refresh: parsed.JWT_REFRESH_SECRET }
      : developmentSecrets(dataDir);

  return {
    ...parsed,
    dataDir,
    JWT_ACCESS_SECRET: parsed.JWT_ACCESS_SECRET ?? secrets.access,
    JWT_REFRESH_SECRET: parsed.JWT_REFRESH_SECRET ?? secrets.refresh,
    // The storefront is a separate app (a Vite dev server on :5173 by default), not this API.
    STOREFRONT_URL: (parsed.STOREFRONT_URL ?? parsed.APP_URL ?? 'http://localhost:5173').replace(/\/+$/, ''),
  };
}

function developmentSecrets(dataDir: string): { access: string; refresh: string } {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { access?: string; refresh?: string };
    if (stored.access && stored.refresh) return { access: stored.access, refresh: stored.refresh };
  } catch {
    // first start: fall through and generate
  }
  const secrets = {
    access: randomBytes(48).toString('base64url'),
    refresh: randomBytes(48).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/** Loads `./.env` into the environment when present (variables already set win). */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
