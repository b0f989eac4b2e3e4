import { createRoute, z } from '@hono/zod-openapi';
import { afrMonthSchema, jurisdictionSchema, revisionReason, yearMonth } from '../schemas/reference.ts';
import { stateCode } from '../schemas/text.ts';
import { reviseReferenceInForce, setAsideAfrRevisions } from '../services/reference/reference-revisions.ts';
import { listReferenceRevisions } from '../db/reference.ts';
import { importAfrRulings } from '../services/reference/import-afr-rulings.ts';
import { missingAfrMonths } from '../services/reference/afr.ts';
import { todayOf } from '../services/context.ts';
import { AppError } from '../errors.ts';
import { recheckInForce } from '../services/compliance/recheck.ts';
import { FindingSchema } from '../schemas/document.ts';
import { requireRole } from '../http/auth-guard.ts';
import { errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

const SetAsideRevision = z.object({
  month: yearMonth,
  revisionId: z.number().int(),
  enteredAt: z.string(),
  reason: z.string(),
  shortTermAnnual: z.number().nullable().describe('The annual short-term figure the correction recorded'),
  inForce: z.object({ revRul: z.string(), shortTermAnnual: z.number(), verification: z.string() }).nullable().describe('What the checks use for that month now; null when the month is missing'),
});

const ImportedMonth = z.object({ month: yearMonth, revRul: z.string() });
const Summary = z.object({ errors: z.number(), warnings: z.number(), infos: z.number() });

export const adminRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/reference',
      summary: 'The reference data in force (files plus administrators’ revisions)',
      ...roles('admin', 'attorney', 'paralegal'),
      responses: {
        200: jsonResponse(z.object({ version: z.string(), afrMonths: z.array(afrMonthSchema), afrMissing: z.array(yearMonth).describe('Months since 2015-01 through the current month with no ruling on file'), afrSetAside: z.array(SetAsideRevision).describe('AFR corrections entered before every figure of Table 1 was kept: not applied'), jurisdictions: z.array(jurisdictionSchema) }), 'Reference data'),
        ...errors(401, 403),
      },
    }),
    async (c) => {
      requireRole(c, 'admin', 'attorney', 'paralegal');
      const { catalog, clock, timeZone, db } = c.get('services');
      const ref = catalog.reference();
      const afrSetAside = setAsideAfrRevisions(await listReferenceRevisions(db), ref);
      return c.json({ version: ref.jurisdictions.version, afrMonths: ref.afr.months, afrMissing: missingAfrMonths(ref, todayOf({ now: clock(), timeZone }).slice(0, 7)), afrSetAside, jurisdictions: ref.jurisdictions.rows }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/reference/afr/import',
      summary: 'Import IRS AFR revenue rulings (PDF as published): every Table 1 figure read and checked; all or nothing; audited',
      ...roles('admin'),
      request: {
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({
                file: z.any().meta({ type: 'array', items: { type: 'string', format: 'binary' } }).describe('One or more ruling PDFs'),
                replaceReason: z.string().optional().describe('Confirms replacing months already on file with different figures'),
              }),
            },
          },
        },
      },
      responses: {
        200: jsonResponse(
          z.object({
            imported: z.array(ImportedMonth),
            replaced: z.array(ImportedMonth),
            unchanged: z.array(ImportedMonth),
            version: z.string(),
            recheck: z.object({ checked: z.number(), changes: z.array(z.object({ documentId: z.number(), title: z.string() }).passthrough()) }).optional(),
          }),
          'Imported (or already on file)',
        ),
        ...errors(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      requireRole(c, 'admin');
      const { catalog, db, clock } = c.get('services');
      const form = await c.req.parseBody({ all: true });
      const files = (Array.isArray(form.file) ? form.file : [form.file]).filter((f): f is File => f instanceof File);
      if (files.length === 0) throw new AppError('bad_request', 'Upload the ruling PDF(s) in a form field named “file”.', { reason: 'missing_file' });
      const replaceReason = typeof form.replaceReason === 'string' ? form.replaceReason : undefined;
      const uploads = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      return c.json(await importAfrRulings({ db, catalog, now: clock(), actor: c.get('actor') }, uploads, { replaceReason }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/reference/afr/{month}',
      summary: 'Add or correct an AFR month (validated, audited, versioned; effective at once)',
      ...roles('admin'),
      request: { params: z.object({ month: yearMonth }), body: jsonBody(z.object({ row: afrMonthSchema, reason: revisionReason }).strict()) },
      responses: { 200: jsonResponse(z.object({ version: z.string() }), 'Stored'), ...errors(400, 401, 403, 415) },
    }),
    async (c) => {
      requireRole(c, 'admin');
      const { catalog, db, clock } = c.get('services');
      const { row, reason } = c.req.valid('json');
      const { reference: next } = await reviseReferenceInForce({ db, now: clock(), actor: c.get('actor'), catalog }, { table: 'afr', key: c.req.valid('param').month, row, reason });
      return c.json({ version: next.afr.version }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/reference/jurisdictions/{code}',
      summary: 'Correct a jurisdiction row (validated, audited, versioned; effective at once)',
      ...roles('admin'),
      request: { params: z.object({ code: stateCode }), body: jsonBody(z.object({ row: jurisdictionSchema, reason: revisionReason }).strict()) },
      responses: {
        200: jsonResponse(z.object({ version: z.string(), checklistMattersResynced: z.number().int().describe('Matters in the state whose formation checklists were brought up to date from the corrected row') }), 'Stored'),
        ...errors(400, 401, 403, 404, 415),
      },
    }),
    async (c) => {
      requireRole(c, 'admin');
      const { catalog, db, clock, timeZone } = c.get('services');
      const { row, reason } = c.req.valid('json');
      const outcome = await reviseReferenceInForce({ db, now: clock(), actor: c.get('actor'), catalog, timeZone }, { table: 'jurisdiction', key: c.req.valid('param').code, row, reason });
      return c.json({ version: outcome.reference.jurisdictions.version, checklistMattersResynced: outcome.checklistMattersResynced }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/recheck',
      summary: 'Re-run the rules over every executable or executed document; lists those whose findings changed',
      ...roles('admin'),
      responses: {
        200: jsonResponse(
          z.object({
            checked: z.number(),
            changes: z.array(z.object({ documentId: z.number(), matterId: z.number(), title: z.string(), status: z.string(), versionNo: z.number(), before: Summary, after: Summary, added: z.array(FindingSchema), removed: z.array(FindingSchema) })),
          }),
          'Re-check results',
        ),
        ...errors(401, 403, 415),
      },
    }),
    async (c) => {
      requireRole(c, 'admin');
      const { catalog, db, clock } = c.get('services');
      return c.json(await recheckInForce({ db, catalog, now: clock(), actor: c.get('actor') }), 200);
    },
  );
