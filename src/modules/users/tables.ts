import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['CUSTOMER', 'ADMIN']);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Always stored lower-cased; unique case-insensitively. */
    email: varchar({ length: 254 }).notNull(),
    /** argon2id PHC string; null for accounts that only sign in with Google. */
    passwordHash: text(),
    name: varchar({ length: 100 }).notNull(),
    phone: varchar({ length: 32 }),
    avatar: varchar({ length: 2048 }),
    role: userRole().notNull().default('CUSTOMER'),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    /** OpenID Connect `sub` of the linked Google account. */
    googleSubject: varchar({ length: 255 }),
    /** Blocked while blocked_at is set and blocked_until is null (indefinitely) or in the future. */
    blockedAt: timestamp({ withTimezone: true }),
    blockedUntil: timestamp({ withTimezone: true }),
    blockedReason: varchar({ length: 500 }),
    lastLoginAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('users_google_subject_key').on(t.googleSubject),
    index('users_created_at_idx').on(t.createdAt),
    index('users_email_trgm_idx').using('gin', sql`${t.email} gin_trgm_ops`),
    index('users_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export const addresses = pgTable(
  'addresses',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fullName: varchar({ length: 120 }).notNull(),
    line1: varchar({ length: 200 }).notNull(),
    line2: varchar({ length: 200 }),
    city: varchar({ length: 100 }).notNull(),
    state: varchar({ length: 100 }),
    postalCode: varchar({ length: 20 }).notNull(),
    /** ISO 3166-1 alpha-2, upper case. */
    country: varchar({ length: 2 }).notNull(),
    phone: varchar({ length: 32 }),
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('addresses_user_idx').on(t.userId, t.createdAt),
    // At most one default address per user.
    uniqueIndex('addresses_one_default_per_user')
      .on(t.userId)
      .where(sql`${t.isDefault}`),
  ],
);
