import { z } from 'zod';
import { paginationQuery, sortOrderQuery } from '../../platform/pagination';
import { ROLES } from '../../platform/security';
import { COUNTRY_CODES } from './countries';

export const roleSchema = z.enum(ROLES);
export const USER_STATUSES = ['ACTIVE', 'UNVERIFIED', 'BLOCKED'] as const;
export const userStatusSchema = z
  .enum(USER_STATUSES)
  .describe('BLOCKED while a block is in force, else UNVERIFIED until the email is verified, else ACTIVE');

const timestamp = z.iso.datetime();

/** What a user sees of their own account (and what auth responses carry). */
export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    avatar: z.string().nullable(),
    role: roleSchema,
    emailVerified: z.boolean(),
    hasPassword: z.boolean().describe('False for accounts that only sign in with Google'),
    googleLinked: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'User' });

/** What an admin sees of any account. */
export const adminUserSchema = userSchema
  .extend({
    status: userStatusSchema,
    blockedUntil: timestamp.nullable().describe('Null while blocked indefinitely or not blocked'),
    blockedReason: z.string().nullable(),
    lastLoginAt: timestamp.nullable(),
  })
  .meta({ id: 'AdminUser' });

export type UserView = z.infer<typeof userSchema>;
export type AdminUserView = z.infer<typeof adminUserSchema>;

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'Expected a phone number such as +91 98765 43210')
  .max(32);

export const nameSchema = z.string().trim().min(1, 'Required').max(100);

export const updateProfileBody = z
  .strictObject({
    name: nameSchema.optional(),
    phone: phoneSchema.nullable().optional(),
    avatar: z
      .url({ protocol: /^https?$/, message: 'Expected an http(s) URL' })
      .max(2048)
      .nullable()
      .optional(),
  })
  .describe('Only name, phone and avatar; email and role cannot be changed here (unknown fields → 400)');

export type UpdateProfileInput = z.infer<typeof updateProfileBody>;

// ---------------------------------------------------------------- addresses

export const countrySchema = z
  .string()
  .trim()
  .length(2, 'Expected an ISO 3166-1 alpha-2 code such as IN or US')
  .transform((v) => v.toUpperCase())
  .refine((v) => COUNTRY_CODES.has(v), 'Unknown ISO 3166-1 alpha-2 country code')
  .describe('ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output)');

/** An ISO 3166-2 subdivision: a known country code, '-', 1–3 letters or digits (US-CA, IN-MH). */
export const regionSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'Expected an ISO 3166-2 code such as US-CA or IN-MH'))
  .refine((v) => COUNTRY_CODES.has(v.slice(0, 2)), 'Unknown ISO 3166-1 alpha-2 country code')
  .describe('ISO 3166-2, e.g. US-CA, IN-MH (case-insensitive on input, upper case on output)');

const line = (max: number) => z.string().trim().min(1, 'Required').max(max);

export const createAddressBody = z.strictObject({
  fullName: line(120),
  line1: line(200),
  line2: line(200).nullable().optional(),
  city: line(100),
  state: line(100).nullable().optional(),
  postalCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,18}[A-Za-z0-9]$/, 'Expected a postal code')
    .max(20),
  country: countrySchema,
  phone: phoneSchema.nullable().optional(),
  isDefault: z.boolean().optional().describe('The first address is always the default'),
});

export const updateAddressBody = createAddressBody.partial().strict();

export type CreateAddressInput = z.infer<typeof createAddressBody>;
export type UpdateAddressInput = z.infer<typeof updateAddressBody>;

/** The one address shape: a saved address without its bookkeeping, and what an order copies. */
export const addressSnapshotSchema = z.object({
  fullName: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  state: z.string().nullable(),
  postalCode: z.string(),
  country: z.string(),
  phone: z.string().nullable(),
});
export type AddressSnapshot = z.infer<typeof addressSnapshotSchema>;

export const addressSchema = z
  .object({
    id: z.uuid(),
    ...addressSnapshotSchema.shape,
    isDefault: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Address' });

export type AddressView = z.infer<typeof addressSchema>;

// ---------------------------------------------------------------- admin

export const adminUserListQuery = paginationQuery.extend({
  searchTerm: z.string().trim().max(200).optional().describe('Matches email or name (case-insensitive)'),
  role: roleSchema.optional(),
  status: userStatusSchema.optional(),
  sortBy: z.enum(['createdAt', 'email', 'name', 'lastLoginAt']).default('createdAt'),
  sortOrder: sortOrderQuery,
});
export type AdminUserListQuery = z.infer<typeof adminUserListQuery>;

export const adminUpdateUserBody = z.strictObject({ role: roleSchema.optional() });

export const blockUserBody = z.strictObject({
  until: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .optional()
    .describe('ISO 8601 time (or date, meaning 00:00 UTC) in the future; absent = blocked until unblocked'),
  reason: z.string().trim().min(1, 'Required').max(500),
});
export type BlockUserInput = z.infer<typeof blockUserBody>;
