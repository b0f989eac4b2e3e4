import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { DOCUMENT_LIST, findDocumentTitles } from '../../../server/db/documents.ts';
import { parseListQuery } from '../../../server/db/keyset.ts';
import { pageMatterDocuments } from '../../../server/services/documents/documents.ts';
import { getMatter } from '../../../server/services/matters/matters.ts';
import { ListPaging, ListProblems, ListSearch, pagingOf } from '../../components/list-controls.tsx';
import { ctxOf, idFrom, pageUser, render, type WebContext } from '../../page.tsx';
import { AUDIT_LIST } from '../../../server/db/audit.ts';
import { pageMatterAudit } from '../../../server/services/audit/list-audit.ts';
import { AUDIT_PAGE_LIST, auditDocumentId } from '../../audit-words.ts';
import { listUsers } from '../../../server/services/users/users.ts';
import { AuditTrail, DocumentTable } from '../matters/matter-page.tsx';

/**
 * A matter's documents (issue 21): searched, sorted and keyset-paged in SQL, 25 a page, with
 * previous/next links that keep the search; a client sees only released documents of their
 * own matters (another's matter is "not found").
 */
export const documentListPages = new Hono<AppEnv>()
  .get('/matters/:id/audit', (c) => auditPage(c))
  .get('/matters/:id/documents', async (c) => {
  const user = pageUser(c);
  const ctx = ctxOf(c, user);
  const matterId = idFrom(c.req.param('id'));
  const { query, problems } = parseListQuery(c.req.query(), DOCUMENT_LIST, false);
  const [matter, page] = await Promise.all([getMatter(ctx.db, user, matterId), pageMatterDocuments(ctx.db, user, matterId, query)]);
  const path = `/matters/${matterId}/documents`;
  const paging = pagingOf(path, DOCUMENT_LIST, query, page);
  const what = query.q ? `documents matching “${query.q}”` : 'documents';
  return render(
    c,
    `Documents — ${matter.title}`,
    <section>
      <p class="small">
        <a href={`/matters/${matterId}`}>← {matter.title}</a>
      </p>
      <h1>Documents</h1>
      <ListProblems problems={problems} />
      <ListSearch path={path} spec={DOCUMENT_LIST} query={query} label="Search documents" id="dl" />
      <ListPaging label="Pages of documents" {...paging} shown={page.rows.length} what={what} />
      {page.rows.length === 0 && query.q ? <p class="muted">No documents match “{query.q}”.</p> : <DocumentTable role={user.role} documents={page.rows} />}
      {(paging.nextHref || paging.prevHref) && <ListPaging label="Pages of documents (bottom)" {...paging} shown={page.rows.length} what={what} />}
    </section>,
  );
});

/** A matter's whole audit trail (attorneys and admins), 25 events a page, searched in SQL. */
async function auditPage(c: WebContext) {
  const user = pageUser(c, 'admin', 'attorney');
  const ctx = ctxOf(c, user);
  const matterId = idFrom(c.req.param('id'));
  const { query, problems } = parseListQuery(c.req.query(), AUDIT_LIST, false);
  // Searched in the sentences the page shows as well as the stored event (audit-words.ts).
  const [matter, page, users] = await Promise.all([getMatter(ctx.db, user, matterId), pageMatterAudit(ctx.db, user, matterId, query, AUDIT_PAGE_LIST), listUsers(ctx.db)]);
  const documentTitles = await findDocumentTitles(ctx.db, matterId, page.rows.map(auditDocumentId));
  const path = `/matters/${matterId}/audit`;
  const paging = pagingOf(path, AUDIT_LIST, query, page);
  const what = query.q ? `events matching “${query.q}”` : 'events';
  return render(
    c,
    `Audit trail — ${matter.title}`,
    <section>
      <p class="small">
        <a href={`/matters/${matterId}`}>← {matter.title}</a>
      </p>
      <h1>{matter.title}</h1>
      <ListProblems problems={problems} />
      <ListSearch path={path} spec={AUDIT_LIST} query={query} label="Search the audit trail" id="al" />
      <ListPaging label="Pages of events" {...paging} shown={page.rows.length} what={what} />
      <AuditTrail events={page.rows} names={new Map(users.map((u) => [u.id, u.name]))} documentTitles={documentTitles} timeZone={c.get('services').timeZone} />
      {(paging.nextHref || paging.prevHref) && <ListPaging label="Pages of events (bottom)" {...paging} shown={page.rows.length} what={what} />}
    </section>,
  );
}
