import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { AcknowledgementSchema } from '../../../server/schemas/document.ts';
import type { Finding } from '../../../server/services/compliance/rule.ts';
import { changeStatus } from '../../../server/services/documents/change-status.ts';
import { compareVersions, redlineVersions } from '../../../server/services/documents/compare.ts';
import { getDocumentRow, getVersion, listDocumentVersions, toDocumentInfo } from '../../../server/services/documents/documents.ts';
import { contentDisposition, downloadVersion, DOCX_TYPE } from '../../../server/services/documents/download.ts';
import { acknowledgeWarning } from '../../../server/services/documents/mark-executable.ts';
import type { Principal } from '../../../server/services/context.ts';
import { field, readForm, reasonsFromForm } from '../../forms.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { ComparePage } from './compare-page.tsx';
import { ExecutableStepPage, warningsByRule, type ExecutableStepProps } from './executable-page.tsx';

/** The same check the API applies to an acknowledgement's reason. */
const Reason = AcknowledgementSchema.shape.reason;
const STAFF = ['attorney', 'paralegal', 'admin'] as const;

export const reviewPages = new Hono<AppEnv>()
  .get('/documents/:id/executable', async (c) => {
    const user = pageUser(c, 'attorney');
    return executableStep(c, user, idFrom(c.req.param('id')));
  })
  /**
   * Acknowledges each open warning with its reason (every reason is checked before any is
   * recorded), then passes the version through the executable gate — the same two services the
   * API's acknowledgements and status routes call, so the same audit events are written.
   */
  .post('/documents/:id/executable', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idFrom(c.req.param('id'));
    const ctx = ctxOf(c, user);
    const form = await readForm(c);
    const reasons = reasonsFromForm(form);
    const versionNo = idFrom(field(form, 'versionNo'));
    const version = await getVersion(ctx.db, user, id, versionNo);
    const acked = new Set((version.acknowledgements ?? []).map((a) => a.ruleId));
    const open = warningsByRule(version).filter((w) => !acked.has(w.ruleId));
    const errors: Record<string, string> = {};
    for (const w of open) if (!Reason.safeParse(reasons.get(w.ruleId) ?? '').success) errors[`reason.${w.ruleId}`] = 'Give your reason for accepting this warning (up to 1,000 characters).';
    if (Object.keys(errors).length) return executableStep(c, user, id, { reasons, errors, summary: 'Every warning needs a reason before the version can be marked executable.' }, 400);
    try {
      for (const w of open) await acknowledgeWarning(ctx, id, versionNo, w.ruleId, Reason.parse(reasons.get(w.ruleId)));
      await changeStatus(ctx, c.get('services').catalog, id, { to: 'executable', versionNo });
      return c.redirect(`/documents/${id}?msg=executable`, 303);
    } catch (err) {
      const error = formError(err);
      return executableStep(c, user, id, { reasons, summary: error.message, blocking: (error.details?.findings ?? []) as Finding[] }, formStatus(error));
    }
  })
  .get('/documents/:id/compare', async (c) => {
    const user = pageUser(c, ...STAFF);
    const id = idFrom(c.req.param('id'));
    const { db, catalog } = c.get('services');
    const doc = await getDocumentRow(db, user, id);
    const versionNos = (await listDocumentVersions(db, user, id)).map((v) => v.versionNo);
    const { texts, ...comparison } = await compareVersions(ctxOf(c, user), catalog, id, idFrom(c.req.query('from')), idFrom(c.req.query('to')));
    return render(c, `Compare versions — ${doc.title}`, <ComparePage documentId={id} title={doc.title} versionNos={versionNos} comparison={comparison} texts={texts} />);
  })
  .get('/documents/:id/redline', async (c) => {
    const user = pageUser(c, ...STAFF);
    const file = await redlineVersions(ctxOf(c, user), c.get('services').catalog, idFrom(c.req.param('id')), idFrom(c.req.query('from')), idFrom(c.req.query('to')));
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': DOCX_TYPE, 'content-disposition': contentDisposition(file.filename), 'cache-control': 'no-store' });
  })
  // Any role: the service decides (clients get only the signature-ready files of their own matters).
  .get('/documents/:id/versions/:versionNo/download', async (c) => {
    const user = pageUser(c);
    const file = await downloadVersion(ctxOf(c, user), idFrom(c.req.param('id')), idFrom(c.req.param('versionNo')));
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': file.contentType, 'content-disposition': contentDisposition(file.filename), 'cache-control': 'no-store' });
  });

async function executableStep(c: WebContext, user: Principal, id: number, state: Partial<Pick<ExecutableStepProps, 'reasons' | 'errors' | 'summary' | 'blocking'>> = {}, status: PageStatus = 200) {
  const db = c.get('services').db;
  const doc = toDocumentInfo(await getDocumentRow(db, user, id));
  const version = await getVersion(db, user, id, doc.currentVersionNo);
  const page = <ExecutableStepPage doc={doc} version={version} reasons={state.reasons ?? new Map()} errors={state.errors ?? {}} summary={state.summary} blocking={state.blocking} />;
  return render(c, `Mark executable — ${doc.title}`, page, status);
}
