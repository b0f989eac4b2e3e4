import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { identifyUpload, storeSignedCopy } from '../services/documents/uploads.ts';
import { requireUser, serviceContext } from '../http/auth-guard.ts';
import type { AppEnv } from '../http/env.ts';
import { IdParams, errors, jsonResponse, newRouter, roles } from './router.ts';

const FileForm = z.object({ file: z.any().meta({ type: 'string', format: 'binary' }) });
const formBody = { content: { 'multipart/form-data': { schema: FileForm } }, required: true };

/** The single uploaded file of a multipart form, as bytes; anything else is a clear 400. */
async function uploadedFile(c: Context<AppEnv>): Promise<Buffer> {
  const form = await c.req.parseBody({ all: true });
  const file = form.file;
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
      summary: 'Store the signed copy (DOCX or PDF) of an executed document',
      ...roles('attorney', 'paralegal'),
      request: { params: IdParams, body: formBody },
      responses: { 201: jsonResponse(z.object({ sha256: z.string(), contentType: z.string() }), 'Stored'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => c.json(await storeSignedCopy(serviceContext(c, requireUser(c)), c.req.valid('param').id, await uploadedFile(c)), 201),
  );
