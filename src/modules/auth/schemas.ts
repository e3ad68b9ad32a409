import { z } from 'zod';
import { nameSchema, userSchema } from '../users/schemas';
import { passwordSchema } from './password';

export const emailSchema = z.email('Expected an email address').max(254);

export const registerBody = z
  .strictObject({
    email: emailSchema.describe('Unique, compared case-insensitively'),
    password: passwordSchema,
    name: nameSchema,
  })
  .meta({
    examples: [
      { email: 'asha.verma@example.com', password: 'correct-horse-battery-staple', name: 'Asha Verma' },
    ],
  });

export const verifyEmailBody = z.strictObject({
  email: emailSchema,
  code: z.string().regex(/^\d{6}$/, 'Expected the 6-digit code'),
});

export const emailOnlyBody = z.strictObject({ email: emailSchema });

export const loginBody = z
  .strictObject({
    email: emailSchema,
    password: z.string().min(1, 'Required').max(128),
  })
  .meta({ examples: [{ email: 'asha.verma@example.com', password: 'correct-horse-battery-staple' }] });

export const refreshTokenBody = z
  .strictObject({
    refreshToken: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Optional when the refresh-token cookie is sent (browsers); required otherwise (mobile)'),
  })
  .nullish();

export const resetPasswordBody = z.strictObject({
  token: z.string().min(1, 'Required').max(256).describe('The token from the reset email'),
  password: passwordSchema,
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'Required').max(128),
  newPassword: passwordSchema,
});

export const authResultSchema = z
  .object({
    accessToken: z.string().describe('JWT (HS256), send as Authorization: Bearer <accessToken>'),
    refreshToken: z
      .string()
      .describe('Opaque, single use: /auth/refresh returns a new one. Also set as an HttpOnly cookie.'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Access token lifetime in seconds'),
    refreshExpiresIn: z.number().int().describe('Refresh token lifetime in seconds'),
    user: userSchema,
  })
  .meta({ id: 'AuthResult' });

export const googleCallbackQuery = z.looseObject({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
