import { z } from 'zod';
import { IssuedResetSchema } from './account.ts';
import { nameText } from './text.ts';
import { UserSchema } from './user.ts';

/** An attorney brings a client's person onto a matter (issue 21): their name and e-mail. */
export const InviteClientSchema = z
  .object({
    name: nameText(120).describe('Client’s full name'),
    email: z.email().max(254).transform((e) => e.toLowerCase()).describe('Client’s e-mail'),
  })
  .strict();
export type InviteClient = z.infer<typeof InviteClientSchema>;

export const InvitedClientSchema = z.object({
  user: UserSchema,
  /** True when the invitation made the account; false when an existing client account was attached. */
  accountCreated: z.boolean(),
  /** False when the client was on the matter already (nothing changed). */
  attached: z.boolean(),
  /** The one-time set-password code for a new account: shown once, null for an existing account. */
  reset: IssuedResetSchema.nullable(),
});
export type InvitedClient = z.infer<typeof InvitedClientSchema>;
