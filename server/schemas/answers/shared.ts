import { z } from 'zod';
import { nameText } from '../text.ts';

export const signatory = z
  .object({
    name: nameText(120).describe('Name'),
    title: nameText(120).describe('Title'),
  })
  .strict();

export const noticePeriod = z
  .object({
    amount: z.number().int().min(1).max(730).describe('Amount'),
    unit: z.enum(['days', 'months']).describe('Unit'),
  })
  .strict();
export type NoticePeriod = z.infer<typeof noticePeriod>;
