import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import type { DocumentKind } from '../../../server/schemas/clause.ts';
import { AttachMatterSchema, CreatePortfolioSchema, CreatePracticeSchema, DraftPortfolioSchema, UpdatePortfolioSchema, type Portfolio } from '../../../server/schemas/portfolio.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { draftForPractices } from '../../../server/services/portfolios/draft-portfolio.ts';
import { getPortfolioOverview } from '../../../server/services/portfolios/portfolio-overview.ts';
import { addPractice, attachMatter, createPortfolio, getPortfolio, listPortfolios, updatePortfolio } from '../../../server/services/portfolios/portfolios.ts';
import { PORTFOLIO_MSO_FIELDS } from '../../../server/services/matters/matters.ts';
import { findJoinableMatters } from '../../../server/db/matters.ts';
import { listUsers } from '../../../server/services/users/users.ts';
import type { SummaryItem } from '../../components/error-views.tsx';
import { summaryItemsOf } from '../../messages.ts';
import { answersFromForm, draftingFromForm, field, fieldErrors, matterFromForm, numberOrText, readForm, validate } from '../../forms.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { groupsOf, kindFrom, LIVE, sampleAnswers } from '../documents/drafting-routes.tsx';
import type { DraftingValues } from '../documents/drafting-form.tsx';
import { DraftAllPage } from './draft-all-page.tsx';
import { PortfolioFormPage } from './portfolio-form.tsx';
import { PortfolioListPage } from './portfolio-list.tsx';
import { deadlineSortFrom, PortfolioPage, type JoinChoice } from './portfolio-page.tsx';
import { PracticeFormPage } from './practice-form.tsx';

/** Portfolios: one MSO, several practices. Pages call the same services as /api/portfolios. */
export const portfolioPages = new Hono<AppEnv>()
  .get('/portfolios', async (c) => {
    const user = pageUser(c);
    return render(c, 'Portfolios', <PortfolioListPage role={user.role} portfolios={await listPortfolios(c.get('services').db, user)} timeZone={c.get('services').timeZone} />);
  })
  .get('/portfolios/new', (c) => {
    pageUser(c, 'attorney');
    return render(c, 'Open a portfolio', <PortfolioFormPage values={{}} errors={{}} />);
  })
  .post('/portfolios/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const form = await readForm(c);
    const values = { name: field(form, 'name'), msoName: field(form, 'msoName'), msoEntityType: field(form, 'msoEntityType'), msoState: field(form, 'msoState') };
    try {
      const portfolio = await createPortfolio(ctxOf(c, user), validate(CreatePortfolioSchema, values));
      return c.redirect(`/portfolios/${portfolio.id}?msg=portfolio-created`, 303);
    } catch (err) {
      const error = formError(err);
      return render(c, 'Open a portfolio', <PortfolioFormPage values={values} errors={fieldErrors(error)} summary={summaryItemsOf(error, undefined, undefined, error.message)} />, formStatus(error));
    }
  })
  .get('/portfolios/:id', async (c) => portfolioPage(c, idFrom(c.req.param('id'))))
  .post('/portfolios/:id/matters', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idFrom(c.req.param('id'));
    const form = await readForm(c);
    try {
      await attachMatter(ctxOf(c, user), id, validate(AttachMatterSchema, { matterId: numberOrText(field(form, 'matterId')) }).matterId);
      return c.redirect(`/portfolios/${id}?msg=practice-created#practices-heading`, 303);
    } catch (err) {
      const error = formError(err);
      return portfolioPage(c, id, error.code === 'validation_failed' ? 'Choose a matter to add.' : error.message, formStatus(error));
    }
  })
  .get('/portfolios/:id/edit', async (c) => {
    const user = pageUser(c, 'attorney');
    const portfolio = await getPortfolio(c.get('services').db, user, idFrom(c.req.param('id')));
    return portfolioEditForm(c, portfolio, portfolio, {});
  })
  .post('/portfolios/:id/edit', async (c) => {
    const user = pageUser(c, 'attorney');
    const portfolio = await getPortfolio(c.get('services').db, user, idFrom(c.req.param('id')));
    const form = await readForm(c);
    const values = { name: field(form, 'name'), msoName: field(form, 'msoName'), msoEntityType: field(form, 'msoEntityType'), msoState: field(form, 'msoState') };
    try {
      // Only what changed is sent, so the audit event names it (as a PATCH through the API would).
      const changed = Object.fromEntries(Object.entries(values).filter(([k, value]) => value !== portfolio[k as keyof typeof values]));
      await updatePortfolio(ctxOf(c, user), portfolio.id, validate(UpdatePortfolioSchema, { rowVersion: numberOrText(field(form, 'rowVersion')), ...changed }), { reference: c.get('services').catalog.reference() });
      return c.redirect(`/portfolios/${portfolio.id}?msg=portfolio-updated`, 303);
    } catch (err) {
      const error = formError(err);
      return portfolioEditForm(c, portfolio, values, fieldErrors(error), summaryItemsOf(error, undefined, undefined, error.message), formStatus(error));
    }
  })
  .get('/portfolios/:id/practices/new', async (c) => practiceForm(c, idFrom(c.req.param('id')), {}, {}))
  .post('/portfolios/:id/practices/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idFrom(c.req.param('id'));
    const values = practiceFromForm(matterFromForm(await readForm(c)));
    try {
      await addPractice(ctxOf(c, user), id, validate(CreatePracticeSchema, values));
      return c.redirect(`/portfolios/${id}?msg=practice-created#practices-heading`, 303);
    } catch (err) {
      const error = formError(err);
      return practiceForm(c, id, values, fieldErrors(error), summaryItemsOf(error, undefined, undefined, error.message), formStatus(error));
    }
  })
  .get('/portfolios/:id/documents/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const portfolio = await getPortfolio(c.get('services').db, user, idFrom(c.req.param('id')));
    const kind = kindFrom(c.req.query('kind'));
    const values = { answers: c.req.query('sample') === '1' ? sampleAnswers(kind) : {}, choices: {}, overrides: {}, note: '' };
    return draftAllPage(c, portfolio, kind, '', values, {});
  })
  .post('/portfolios/:id/documents/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const portfolio = await getPortfolio(c.get('services').db, user, idFrom(c.req.param('id')));
    const form = await readForm(c);
    const kind = kindFrom(field(form, 'kind'));
    const values: DraftingValues = { answers: answersFromForm(kind, form), ...draftingFromForm(form) };
    try {
      const input = validate(DraftPortfolioSchema, { kind, title: field(form, 'title') || undefined, ...values });
      await draftForPractices(ctxOf(c, user), c.get('services').catalog, portfolio.id, input);
      return c.redirect(`/portfolios/${portfolio.id}?msg=portfolio-drafted#practices-heading`, 303);
    } catch (err) {
      const error = formError(err);
      return draftAllPage(c, portfolio, kind, field(form, 'title'), values, fieldErrors(error), summaryItemsOf(error, undefined, undefined, error.message), formStatus(error));
    }
  });

function portfolioEditForm(c: WebContext, portfolio: Portfolio, values: Record<string, unknown>, errors: Record<string, string>, summary?: string | SummaryItem[], status: PageStatus = 200) {
  const edit = { id: portfolio.id, rowVersion: portfolio.rowVersion, practices: portfolio.practices.length };
  return render(c, 'Change the portfolio', <PortfolioFormPage values={values} errors={errors} summary={summary} edit={edit} />, status);
}

async function portfolioPage(c: WebContext, id: number, problem?: string, status: PageStatus = 200) {
  const user = pageUser(c);
  const overview = await getPortfolioOverview(ctxOf(c, user), id);
  const { portfolio } = overview;
  const join = user.role === 'attorney' ? await joinableMatters(c, portfolio) : undefined;
  const page = <PortfolioPage role={user.role} overview={overview} sort={deadlineSortFrom(c.req.query('sort'))} join={join} problem={problem} />;
  return render(c, portfolio.name, page, status);
}

/** How many matters the "add an existing matter" choice lists; more, and the page asks for a narrower search. */
export const JOINABLE_SHOWN = 20;

/**
 * The "add an existing matter" choice: matters of this MSO outside any portfolio, searched on
 * the server (`matterQ` in the address: a plain GET form, no script), at most JOINABLE_SHOWN.
 * It once loaded every matter of the firm in full to filter them here.
 */
async function joinableMatters(c: WebContext, portfolio: Portfolio): Promise<JoinChoice> {
  const search = (c.req.query('matterQ') ?? '').trim().slice(0, 200);
  const rows = await findJoinableMatters(c.get('services').db, pageUser(c), { name: portfolio.msoName, state: portfolio.msoState }, search, JOINABLE_SHOWN + 1);
  // With no search and none found, no matter can join at all: the page leaves the form out.
  return { search, matters: rows.slice(0, JOINABLE_SHOWN).map((m) => ({ id: m.id, title: m.title, peState: m.pe_state })), more: rows.length > JOINABLE_SHOWN };
}

/** The matter form's values without the MSO's: a practice takes them from its portfolio. */
function practiceFromForm(values: Record<string, unknown>): Record<string, unknown> {
  const practice = { ...values };
  for (const key of PORTFOLIO_MSO_FIELDS) delete practice[key];
  return practice;
}

async function practiceForm(c: WebContext, portfolioId: number, values: Record<string, unknown>, errors: Record<string, string>, summary?: string | SummaryItem[], status: PageStatus = 200) {
  const user = pageUser(c, 'attorney');
  const { db } = c.get('services');
  const portfolio = await getPortfolio(db, user, portfolioId);
  const clients = (await listUsers(db)).filter((u) => !u.disabled && u.role === 'client');
  return render(c, 'Add a practice', <PracticeFormPage portfolio={portfolio} values={values} errors={errors} summary={summary} clients={clients} />, status);
}

function draftAllPage(
  c: WebContext,
  portfolio: Portfolio,
  kind: DocumentKind,
  title: string,
  values: DraftingValues,
  errors: Record<string, string>,
  summary?: string | SummaryItem[],
  status: PageStatus = 200,
) {
  const heading = `${KINDS[kind].title} for every practice`;
  // Nothing to draft into: the portfolio page says how to add a practice.
  if (portfolio.practices.length === 0) return c.redirect(`/portfolios/${portfolio.id}`, 303);
  return render(c, heading, <DraftAllPage portfolio={portfolio} kind={kind} title={title} values={values} errors={errors} groups={groupsOf(c, kind)} summary={summary} />, status, LIVE);
}
