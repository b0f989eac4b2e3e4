import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { contentDisposition } from '../../../server/services/documents/download.ts';
import { getDocumentRow, toDocumentInfo } from '../../../server/services/documents/documents.ts';
import { downloadSignedCopy, listSignedCopies, storeSignedCopy } from '../../../server/services/documents/signed-copies.ts';
import { listUsers } from '../../../server/services/users/users.ts';
import { AppError } from '../../../server/errors.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { SignedCopyPage, type SignedCopyPageProps } from './signed-copy-page.tsx';

/** Upload-form errors shown on the page (a refused file, a missing reason); others take the error page. */
const UPLOAD_ERRORS = new Set(['validation_failed', 'unprocessable', 'conflict', 'bad_request']);

export const signedCopyPages = new Hono<AppEnv>()
  .get('/documents/:id/signed-copy', (c) => signedCopyPage(c))
  // The same service as POST /api/documents/{id}/signed-copy (inspection, hashing, audit).
  .post('/documents/:id/signed-copy', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const id = idFrom(c.req.param('id'));
    const form = await c.req.parseBody({ all: true });
    const reasonText = typeof form.reason === 'string' ? form.reason.trim() : '';
    try {
      const file = form.file;
      if (!(file instanceof File) || file.size === 0) throw new AppError('bad_request', 'Choose the signed file (PDF or .docx) to upload.', { reason: 'missing_file' });
      if (reasonText.length > 1000) throw new AppError('validation_failed', 'Keep the reason to at most 1,000 characters.');
      await storeSignedCopy(ctxOf(c, user), id, Buffer.from(await file.arrayBuffer()), reasonText || undefined);
      return c.redirect(`/documents/${id}/signed-copy?msg=signed-copy`, 303);
    } catch (err) {
      const error = formError(err, UPLOAD_ERRORS);
      return signedCopyPage(c, { problem: error.message, reason: reasonText }, formStatus(error));
    }
  })
  .get('/documents/:id/signed-copies/:copyId/download', async (c) => {
    const user = pageUser(c);
    const file = await downloadSignedCopy(ctxOf(c, user), idFrom(c.req.param('id')), idFrom(c.req.param('copyId')));
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': file.contentType, 'content-disposition': contentDisposition(file.filename), 'cache-control': 'no-store' });
  });

async function signedCopyPage(c: WebContext, state: Pick<SignedCopyPageProps, 'problem' | 'reason'> = {}, status: PageStatus = 200) {
  const user = pageUser(c, 'attorney', 'paralegal', 'admin');
  const ctx = ctxOf(c, user);
  const id = idFrom(c.req.param('id'));
  const doc = toDocumentInfo(await getDocumentRow(ctx.db, user, id));
  const [copies, users] = await Promise.all([listSignedCopies(ctx, id), listUsers(ctx.db)]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const page = <SignedCopyPage role={user.role} doc={doc} copies={copies} names={names} timeZone={c.get('services').timeZone} {...state} />;
  return render(c, `Signed copy — ${doc.title}`, page, status);
}
