import { z } from 'zod';
import { nameText } from './text.ts';
import { ROLES } from './user.ts';

// The policy (length, common passwords) is checked by the service, which knows the account's
// email; the schema only bounds the size of what it accepts.
const password = (label: string) => z.string().min(1).max(1024).describe(label);

export const ChangePasswordSchema = z
  .object({ currentPassword: password('Current password'), newPassword: password('New password') })
  .strict();

export const RedeemResetSchema = z
  .object({ code: z.string().trim().min(1).max(200).describe('Reset code'), newPassword: password('New password') })
  .strict();

export const IssuedResetSchema = z.object({
  code: z.string().describe('The one-time code: shown once, give it to the user privately'),
  expiresAt: z.string(),
  path: z.string().describe('The page where the user redeems the code'),
});

export const CreateApiTokenSchema = z
  .object({
    name: nameText(80).describe('What the token is for (e.g. "DMS sync")'),
    expiresInDays: z.number().int().min(1).max(365).default(90).describe('Days until the token stops working'),
  })
  .strict();
export type CreateApiToken = z.infer<typeof CreateApiTokenSchema>;

export const ApiTokenSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  active: z.boolean(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;
