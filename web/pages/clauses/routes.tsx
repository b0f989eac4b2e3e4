import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../server/http/env.ts';
import { CLAUSE_ID, PublishClauseSchema, documentKind } from '../../../server/schemas/clause.ts';
import { notFound } from '../../../server/errors.ts';
import { publishClause, searchClauses } from '../../../server/services/clauses/clause-catalog.ts';
import { field, fieldErrors, readForm, validate } from '../../forms.ts';
import { labelsFrom, summaryItemsOf, summaryOf } from '../../messages.ts';
import { ctxOf, formError, formStatus, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { ClausePage, type ClausePageProps } from './clause-page.tsx';
import { CLAUSE_LIST, clauseSortKey, LibraryPage } from './library-page.tsx';
import { pageInMemory, parseListQuery } from '../../../server/db/keyset.ts';

const PUBLISH_LABELS = labelsFrom({ source: 'Clause file', note: 'Note' });

const clauseId = (value: string) => {
  const parsed = z.string().regex(CLAUSE_ID).max(120).safeParse(value);
  if (!parsed.success) throw notFound('Clause');
  return parsed.data;
};

export const clausePages = new Hono<AppEnv>()
  .get('/clauses', (c) => {
    pageUser(c, 'attorney', 'paralegal', 'admin');
    const kind = documentKind.safeParse(c.req.query('kind'));
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const clauses = searchClauses(c.get('services').catalog.library, { kind: kind.success ? kind.data : undefined, q });
    // Sorted and paged 25 at a time with the lists' cursor (issue 21); the library is in memory (files), so is its page.
    const { query, problems } = parseListQuery(c.req.query(), CLAUSE_LIST, false);
    const page = pageInMemory(clauses, query, clauseSortKey(query.sort), (cl) => cl.id);
    return render(c, 'Clause library', <LibraryPage clauses={page.rows} q={q} kind={kind.success ? kind.data : ''} list={{ query, page, problems }} />);
  })
  .get('/clauses/:id', (c) => clausePage(c))
  .post('/clauses/:id', async (c) => {
    const user = pageUser(c, 'attorney', 'admin');
    const id = clauseId(c.req.param('id'));
    const form = await readForm(c);
    const source = field(form, 'source');
    const note = field(form, 'note');
    try {
      const input = validate(PublishClauseSchema, { source, note });
      await publishClause(ctxOf(c, user), c.get('services').catalog.library, id, input.source, input.note);
      return c.redirect(`/clauses/${id}?msg=published`, 303);
    } catch (err) {
      const error = formError(err);
      const problems = (error.details?.problems ?? []) as string[];
      // The source's own problems (front matter, text) are listed under the source box, so the summary links there.
      const summary = problems.length ? [{ message: summaryOf(error), key: 'source' }] : summaryItemsOf(error, PUBLISH_LABELS);
      return clausePage(c, { source, note, summary, problems: [...problems, ...Object.values(fieldErrors(error))] }, formStatus(error));
    }
  });

function clausePage(c: WebContext, draft?: ClausePageProps['draft'], status: PageStatus = 200) {
  const user = pageUser(c, 'attorney', 'paralegal', 'admin');
  const history = c.get('services').catalog.library.history(clauseId(c.req.param('id') ?? ''));
  return render(c, history[history.length - 1]!.title, <ClausePage role={user.role} history={history} draft={draft} />, status);
}
