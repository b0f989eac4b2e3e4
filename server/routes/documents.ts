import { createRoute, z } from '@hono/zod-openapi';
import { AcknowledgementSchema, CreateDocumentSchema, DocumentSchema, NewVersionSchema, VersionSchema } from '../schemas/document.ts';
import { DOCUMENT_KINDS } from '../schemas/clause.ts';
import { createDocument, createVersion, getDocumentRow, getVersion, listDocumentVersions, pageMatterDocuments, toDocumentInfo } from '../services/documents/documents.ts';
import { DOCUMENT_LIST } from '../db/documents.ts';
import { parseListQuery } from '../db/keyset.ts';
import { listQueryParams, PageCursors } from './list-params.ts';
import { contentDisposition, downloadVersion } from '../services/documents/download.ts';
import { KINDS } from '../services/documents/kinds/index.ts';
import { changeStatus } from '../services/documents/change-status.ts';
import { acknowledgeWarning } from '../services/documents/mark-executable.ts';
import { isoDate } from '../schemas/text.ts';
import { requireRole, requireUser, serviceContext } from '../http/auth-guard.ts';
import { IdParams, errors, idParam, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

const ALL = ['admin', 'attorney', 'paralegal', 'client'] as const;
const DocAndVersion = z.object({ document: DocumentSchema, version: VersionSchema });
const VersionParams = z.object({ id: idParam, versionNo: idParam });

export const documentKindRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Document kinds and the JSON Schema of each one’s answers',
    ...roles('admin', 'attorney', 'paralegal'),
    responses: { 200: jsonResponse(z.object({ kinds: z.array(z.object({ kind: z.string(), title: z.string(), answersSchema: z.record(z.string(), z.unknown()) })) }), 'Kinds'), ...errors(401, 403) },
  }),
  (c) => {
    requireRole(c, 'admin', 'attorney', 'paralegal');
    const kinds = DOCUMENT_KINDS.map((kind) => ({ kind, title: KINDS[kind].title, answersSchema: z.toJSONSchema(KINDS[kind].answersSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> }));
    return c.json({ kinds }, 200);
  },
);

export const matterDocumentRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/documents',
      summary: 'Documents of a matter (clients: executable and later only), a page at a time: search, sort and keyset paging',
      ...roles(...ALL),
      request: { params: IdParams, query: listQueryParams(DOCUMENT_LIST, 'title, short id, status and kind') },
      responses: { 200: jsonResponse(z.object({ documents: z.array(DocumentSchema), ...PageCursors }), 'Documents'), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { query } = parseListQuery(c.req.valid('query'), DOCUMENT_LIST, true);
      const page = await pageMatterDocuments(c.get('services').db, requireUser(c), c.req.valid('param').id, query);
      return c.json({ documents: page.rows, nextCursor: page.nextCursor, prevCursor: page.prevCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/documents',
      summary: 'Start a document from answers; returns it with its first version',
      ...roles('attorney'),
      request: { params: IdParams, body: jsonBody(CreateDocumentSchema) },
      responses: { 201: jsonResponse(DocAndVersion, 'Created'), ...errors(400, 401, 403, 404, 415, 422) },
    }),
    async (c) => {
      const principal = requireUser(c);
      const result = await createDocument(serviceContext(c, principal), c.get('services').catalog, c.req.valid('param').id, c.req.valid('json'));
      return c.json(result, 201);
    },
  );

export const documentRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One document',
      ...roles(...ALL),
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ document: DocumentSchema }), 'The document'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json({ document: toDocumentInfo(await getDocumentRow(c.get('services').db, requireUser(c), c.req.valid('param').id)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/versions',
      summary: 'Version history (clients: released versions only)',
      ...roles(...ALL),
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ versions: z.array(VersionSchema) }), 'Versions'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json({ versions: await listDocumentVersions(c.get('services').db, requireUser(c), c.req.valid('param').id) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/versions',
      summary: 'Save an edit as a new version against its base (409 with your input if the base is stale)',
      ...roles('attorney'),
      request: { params: IdParams, body: jsonBody(NewVersionSchema) },
      responses: { 201: jsonResponse(DocAndVersion, 'Created'), ...errors(400, 401, 403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const principal = requireUser(c);
      const result = await createVersion(serviceContext(c, principal), c.get('services').catalog, c.req.valid('param').id, c.req.valid('json'));
      return c.json(result, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/versions/{versionNo}',
      summary: 'One version with its compliance report',
      ...roles(...ALL),
      request: { params: VersionParams },
      responses: { 200: jsonResponse(z.object({ version: VersionSchema }), 'The version'), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { id, versionNo } = c.req.valid('param');
      return c.json({ version: await getVersion(c.get('services').db, requireUser(c), id, versionNo) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/versions/{versionNo}/docx',
      summary: 'Download the version’s .docx (exactly the stored bytes)',
      ...roles(...ALL),
      request: { params: VersionParams },
      responses: {
        200: { description: 'The Word document', content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.string().meta({ format: 'binary' }) } } },
        ...errors(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, versionNo } = c.req.valid('param');
      const file = await downloadVersion(serviceContext(c, requireUser(c)), id, versionNo);
      return c.body(new Uint8Array(file.bytes), 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': contentDisposition(file.filename),
        'Cache-Control': 'no-store',
        ETag: `"${file.sha256}"`,
        'Repr-Digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
      }) as never;
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/status',
      summary: 'Move the document along its lifecycle; “executable” passes the compliance gate (422 with the blocking findings)',
      ...roles('attorney', 'paralegal'),
      request: {
        params: IdParams,
        body: jsonBody(
          z
            .object({
              to: z.enum(['draft', 'executable', 'executed', 'renewed', 'amended', 'terminated', 'expired']),
              versionNo: z.number().int().positive().optional().describe('For executable: the version (default: current)'),
              executedOn: isoDate.optional().describe('For executed: the signing date'),
            })
            .strict(),
        ),
      },
      responses: { 200: jsonResponse(z.object({ document: DocumentSchema }), 'New status'), ...errors(400, 401, 403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const principal = requireRole(c, 'attorney', 'paralegal', 'admin', 'client');
      return c.json(await changeStatus(serviceContext(c, principal), c.get('services').catalog, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/versions/{versionNo}/acknowledgements',
      summary: 'Acknowledge a compliance warning on a version, with the reason (attorneys)',
      ...roles('attorney'),
      request: { params: VersionParams, body: jsonBody(AcknowledgementSchema) },
      responses: { 200: jsonResponse(z.object({ version: VersionSchema }), 'Acknowledged'), ...errors(400, 401, 403, 404, 415) },
    }),
    async (c) => {
      const { id, versionNo } = c.req.valid('param');
      const { ruleId, reason } = c.req.valid('json');
      return c.json({ version: await acknowledgeWarning(serviceContext(c, requireUser(c)), id, versionNo, ruleId, reason) }, 200);
    },
  );
