import { z } from 'zod';
import { CHECKLIST_STATUSES, RESPONSIBLE_PARTIES } from './answers/formation.ts';
import { freeText, isoDate } from './text.ts';
import { DEADLINE_KINDS, URGENCIES } from '../services/deadlines/deadline-kinds.ts';

const id = z.number().int().positive();

export const DeadlineSchema = z
  .object({
    id,
    kind: z.enum(DEADLINE_KINDS),
    kindLabel: z.string(),
    dueDate: isoDate,
    daysUntilDue: z.number().int().describe('Negative when overdue'),
    urgency: z.enum(URGENCIES),
    title: z.string(),
    action: z.string().describe('What to do'),
    basis: z.string().describe('The clause or law the deadline comes from'),
    status: z.enum(['open', 'handled']),
    handledAt: z.string().nullable(),
    handledBy: z.string().nullable(),
    // The paralegal's note: never sent to clients (server/services/visibility/for-role.ts).
    handledNote: z.string().optional(),
    nextReminder: isoDate.nullable().describe('The next reminder date on the reader’s schedule, if one is still ahead'),
    matter: z.object({ id, title: z.string() }),
    document: z.object({ id, shortId: z.string(), title: z.string(), kind: z.string() }),
    taskId: id.nullable(),
  });
export type Deadline = z.infer<typeof DeadlineSchema>;

/** The list orders a reader can choose; each maps to one fixed ORDER BY in server/db/deadlines.ts. */
export const DEADLINE_SORTS = ['due', 'due-desc', 'matter'] as const;

const intParam = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The deadlines' filters: `GET /api/deadlines` takes them with the lists' q, sort, dir, limit and
 * cursor (server/routes/deadlines.ts), the dashboard and the portfolio page with their own paging.
 */
export const DeadlineFiltersSchema = z
  .object({
    withinDays: intParam(0, 3660).optional().describe('Due within this many days from today (overdue ones included unless includeOverdue=false)'),
    includeOverdue: z.enum(['true', 'false']).default('true'),
    status: z.enum(['open', 'handled', 'all']).default('open'),
    matterId: intParam(1, Number.MAX_SAFE_INTEGER).optional(),
    clientId: intParam(1, Number.MAX_SAFE_INTEGER).optional().describe('Only matters this client user is on'),
    portfolioId: intParam(1, Number.MAX_SAFE_INTEGER).optional().describe('Only the practices of this portfolio'),
    kind: z.enum(DEADLINE_KINDS).optional(),
    urgency: z.enum(URGENCIES).optional().describe('Only open deadlines of this urgency (the dashboard counts link to it)'),
  })
  .strict();
export type DeadlineFilters = z.infer<typeof DeadlineFiltersSchema>;

/** The filters with an offset page: listDeadlines (the portfolio page's 500 soonest, the bench); the API pages by cursor. */
export const DeadlineQuerySchema = DeadlineFiltersSchema.extend({
  sort: z.enum(DEADLINE_SORTS).default('due').describe('due: soonest first; due-desc: latest first; matter: by matter title, then soonest'),
  limit: intParam(1, 500).default(100),
  offset: intParam(0, 1_000_000).default(0),
}).strict();
export type DeadlineQuery = z.infer<typeof DeadlineQuerySchema>;

export const DeadlineSummarySchema = z
  .object({
    today: isoDate,
    open: z.number().int(),
    byUrgency: z.record(z.enum(URGENCIES), z.number().int()),
    byKind: z.record(z.enum(DEADLINE_KINDS), z.number().int()),
  });

export const MarkHandledSchema = z.object({ note: freeText(1000).default('') }).strict();

export const RecordRenewalSchema = z
  .object({
    termMonths: z.number().int().min(1).max(120).optional().describe('Length of the renewal term (default: the agreement’s renewal term)'),
    termStart: isoDate.optional().describe('First day of the renewal term (default: the day after the current term ends)'),
    note: freeText(1000).default(''),
  })
  .strict();
export type RecordRenewal = z.infer<typeof RecordRenewalSchema>;

export const TermSchema = z.object({ start: isoDate, end: isoDate, months: z.number().int(), origin: z.enum(['initial', 'recorded', 'automatic']) });

export const ReminderSettingsSchema = z
  .object({
    daysBefore: z
      .array(z.number().int().min(0).max(365))
      .min(1)
      .max(10)
      .refine((days) => new Set(days).size === days.length, { message: 'each day may appear once' })
      .describe('Days before a deadline to be reminded (the calendar feed’s alarms)'),
  })
  .strict();

export const ChecklistTaskSchema = z
  .object({
    id,
    documentId: id,
    documentTitle: z.string(),
    itemId: z.string(),
    entity: z.string(),
    title: z.string(),
    detail: z.string(),
    responsible: z.string(),
    status: z.enum(CHECKLIST_STATUSES),
    dueDate: isoDate,
    verification: z.string(),
    // The paralegal's working note: never sent to clients (server/services/visibility/for-role.ts).
    note: z.string().optional(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
    rowVersion: z.number().int(),
  });
export type ChecklistTask = z.infer<typeof ChecklistTaskSchema>;

export const UpdateTaskSchema = z
  .object({
    rowVersion: z.number().int().min(1).describe('The rowVersion you read; a newer save answers 409'),
    status: z.enum(CHECKLIST_STATUSES).optional(),
    responsible: z.enum(RESPONSIBLE_PARTIES).optional(),
    dueDate: isoDate.optional(),
    note: freeText(1000).optional(),
  })
  .strict();
export type UpdateTask = z.infer<typeof UpdateTaskSchema>;

export const CalendarLinkSchema = z.object({ active: z.boolean(), createdAt: z.string().nullable(), url: z.string().optional().describe('Shown once, when the link is made') });
