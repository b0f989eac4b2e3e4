import { z } from 'zod';
import { nameText } from './text.ts';

import { ROLES } from '../domain.ts';

export { ROLES };

export const LoginSchema = z
  .object({
    email: z.string().trim().max(254).describe('Email'),
    password: z.string().min(1).max(1024).describe('Password'),
  })
  .strict();

export const CreateUserSchema = z
  .object({
    email: z.email().max(254).transform((e) => e.toLowerCase()).describe('Email'),
    name: nameText(120).describe('Full name'),
    role: z.enum(ROLES).describe('Role'),
    password: z.string().min(12, 'must be at least 12 characters').max(1024).describe('Initial password'),
  })
  .strict();
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    role: z.enum(ROLES).optional().describe('New role'),
    disabled: z.boolean().optional().describe('Disable sign-in'),
  })
  .strict()
  .refine((u) => u.role !== undefined || u.disabled !== undefined, { message: 'give a role or disabled' });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const UserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;
