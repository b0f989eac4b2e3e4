import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { identifyUpload } from '../services/documents/uploads.ts';
import { downloadSignedCopy, listSignedCopies, storeSignedCopy } from '../services/documents/signed-copies.ts';
import { contentDisposition } from '../services/documents/download.ts';
import { requireUser, serviceContext } from '../http/auth-guard.ts';
import type { AppEnv } from '../http/env.ts';
import { IdParams, errors, idParam, jsonResponse, newRouter, roles } from './router.ts';

const FileForm = z.object({ file: z.any().meta({ type: 'string', format: 'binary' }) });
const formBody = { content: { 'multipart/form-data': { schema: FileForm } }, required: true };
const SignedCopyForm = FileForm.extend({ reason: z.string().max(1000).optional().describe('Why the current signed copy is replaced (required to replace one)') });
const SignedCopySchema = z.object({
  id: z.number().int(),
  versionNo: z.number().int(),
  sha256: z.string(),
  contentType: z.string(),
  uploadedBy: z.number().int(),
  uploadedAt: z.string(),
  replacesId: z.number().int().nullable(),
  reason: z.string().nullable(),
  current: z.boolean(),
});
const CopyParams = z.object({ id: idParam, copyId: idParam });
const ALL = ['admin', 'attorney', 'paralegal', 'client'] as const;

/** The replacement reason of a signed-copy form: trimmed, at most 1,000 characters of plain text. */
async function replacementReason(c: Context<AppEnv>): Promise<string | undefined> {
  const form = await c.req.parseBody({ all: true });
  const reason = Object.hasOwn(form, 'reason') ? form.reason : undefined;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > 1000 || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(reason)) {
    throw new AppError('validation_failed', 'Give the reason as plain text of at most 1,000 characters.', { fields: [{ path: 'reason', issue: 'invalid', message: 'plain text, 1–1,000 characters' }] });
  }
  return reason.trim();
}

/** The single uploaded file of a multipart form, as bytes; anything else is a clear 400. */
async function uploadedFile(c: Context<AppEnv>): Promise<Buffer> {
  const form = await c.req.parseBody({ all: true });
  const file = Object.hasOwn(form, 'file') ? form.file : undefined;
  if (Array.isArray(file)) throw new AppError('bad_request', 'Upload exactly one file.', { reason: 'multiple_files' });
  if (!(file instanceof File)) throw new AppError('bad_request', 'Upload the file in a form field named “file”.', { reason: 'missing_file' });
  return Buffer.from(await file.arrayBuffer());
}

export const uploadRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/identify',
      summary: 'Upload a .docx and learn which stored version, if any, it is (byte for byte)',
      ...roles('admin', 'attorney', 'paralegal', 'client'),
      request: { body: formBody },
      responses: {
        200: jsonResponse(z.object({ sha256: z.string(), matches: z.array(z.object({ documentId: z.number(), versionNo: z.number(), purpose: z.string(), title: z.string() })) }), 'Matches'),
        ...errors(400, 401, 413, 415, 422),
      },
    }),
    async (c) => c.json(await identifyUpload(serviceContext(c, requireUser(c)), await uploadedFile(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/signed-copy',
      summary: 'Store the signed copy (DOCX or PDF) of an executed document’s executed version; with a reason, replace the current one (kept)',
      ...roles('attorney', 'paralegal'),
      request: { params: IdParams, body: { content: { 'multipart/form-data': { schema: SignedCopyForm } }, required: true } },
      responses: { 201: jsonResponse(z.object({ sha256: z.string(), contentType: z.string(), signedCopy: SignedCopySchema }), 'Stored'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const bytes = await uploadedFile(c);
      const copy = await storeSignedCopy(serviceContext(c, requireUser(c)), c.req.valid('param').id, bytes, await replacementReason(c));
      return c.json({ sha256: copy.sha256, contentType: copy.contentType, signedCopy: copy }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/signed-copies',
      summary: 'The signed copies of a document (clients: the current copy of each version they may see)',
      ...roles(...ALL),
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ signedCopies: z.array(SignedCopySchema) }), 'Signed copies'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json({ signedCopies: await listSignedCopies(serviceContext(c, requireUser(c)), c.req.valid('param').id) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/signed-copies/{copyId}',
      summary: 'Download one signed copy (exactly the stored bytes)',
      ...roles(...ALL),
      request: { params: CopyParams },
      responses: {
        200: { description: 'The signed file', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } },
        ...errors(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, copyId } = c.req.valid('param');
      const file = await downloadSignedCopy(serviceContext(c, requireUser(c)), id, copyId);
      return c.body(new Uint8Array(file.bytes), 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': contentDisposition(file.filename),
        'Cache-Control': 'no-store',
        ETag: `"${file.sha256}"`,
        'Repr-Digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
      }) as never;
    },
  );
