import { createRoute, z } from '@hono/zod-openapi';
import { compareVersions, redlineVersions } from '../services/documents/compare.ts';
import { contentDisposition, DOCX_TYPE } from '../services/documents/download.ts';
import { verifyVersion } from '../services/documents/verify.ts';
import { requireRole, serviceContext } from '../http/auth-guard.ts';
import { IdParams, errors, idParam, jsonResponse, newRouter, roles } from './router.ts';

const Range = z.object({ from: idParam, to: idParam });
const STAFF = ['admin', 'attorney', 'paralegal'] as const;

export const compareRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/compare',
      summary: 'Clause-level differences between two versions',
      ...roles(...STAFF),
      request: { params: IdParams, query: Range },
      responses: {
        200: jsonResponse(
          z.object({
            from: z.number(),
            to: z.number(),
            answers: z.array(z.object({ path: z.string(), label: z.string().describe('The answer as the questionnaire labels it'), before: z.unknown(), after: z.unknown() })),
            clauses: z.object({
              added: z.array(z.object({ id: z.string(), title: z.string() })),
              removed: z.array(z.object({ id: z.string(), title: z.string() })),
              changed: z.array(z.object({ id: z.string(), title: z.string(), fromVersion: z.number(), toVersion: z.number(), overriddenBefore: z.boolean(), overriddenAfter: z.boolean(), textChanged: z.boolean() })),
            }),
          }),
          'Differences',
        ),
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const principal = requireRole(c, ...STAFF);
      const { from, to } = c.req.valid('query');
      const { texts: _texts, ...comparison } = await compareVersions(serviceContext(c, principal), c.get('services').catalog, c.req.valid('param').id, from, to);
      return c.json(comparison, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/redline',
      summary: 'A redline .docx with tracked changes between two versions',
      ...roles(...STAFF),
      request: { params: IdParams, query: Range },
      responses: { 200: { description: 'Redline', content: { [DOCX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } } }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requireRole(c, ...STAFF);
      const { from, to } = c.req.valid('query');
      const file = await redlineVersions(serviceContext(c, principal), c.get('services').catalog, c.req.valid('param').id, from, to);
      return c.body(new Uint8Array(file.bytes), 200, { 'Content-Type': DOCX_TYPE, 'Content-Disposition': contentDisposition(file.filename), 'Cache-Control': 'no-store' }) as never;
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/versions/{versionNo}/integrity',
      summary: 'Recompute the SHA-256 of a version’s stored bytes and compare it with the recorded hash',
      ...roles(...STAFF),
      request: { params: z.object({ id: idParam, versionNo: idParam }) },
      responses: { 200: jsonResponse(z.object({ ok: z.boolean(), files: z.array(z.object({ purpose: z.string(), recorded: z.string(), actual: z.string(), ok: z.boolean() })) }), 'Integrity'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requireRole(c, ...STAFF);
      const { id, versionNo } = c.req.valid('param');
      return c.json(await verifyVersion(serviceContext(c, principal), id, versionNo), 200);
    },
  );
