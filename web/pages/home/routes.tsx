import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { listOutdatedDrafts } from '../../../server/services/clauses/clause-catalog.ts';
import { summarizeDeadlines } from '../../../server/services/deadlines/deadlines.ts';
import { pageMatters } from '../../../server/services/matters/matters.ts';
import { MATTER_LIST } from '../../../server/db/matters.ts';
import { listUsers } from '../../../server/services/users/users.ts';
import { ctxOf, pageUser, render } from '../../page.tsx';
import { HomePage } from './home-page.tsx';
import { missingAfrMonths } from '../../../server/services/reference/afr.ts';
import { todayOf } from '../../../server/services/context.ts';
import { addMonths } from '../../../server/services/deadlines/dates.ts';
import type { AfrMonthStatus } from '../../components/afr-month-notice.tsx';
import type { ReferenceData } from '../../../server/schemas/reference.ts';

/** Where the AFR rulings stand for the firm's current month (and the next, expected after mid-month). */
function afrMonthStatus(reference: ReferenceData, today: string): AfrMonthStatus {
  const month = today.slice(0, 7);
  const nextMonth = addMonths(`${month}-01`, 1).slice(0, 7);
  return { month, missing: missingAfrMonths(reference, month), next: { month: nextMonth, onFile: reference.afr.months.some((r) => r.month === nextMonth) }, day: Number(today.slice(8, 10)) };
}

export const homePages = new Hono<AppEnv>().get('/', async (c) => {
  const user = pageUser(c);
  const ctx = ctxOf(c, user);
  const { catalog, clock, timeZone } = c.get('services');
  const [matters, summary, outdated, users] = await Promise.all([
    // The ten most recently updated: one page read in SQL, never every matter (issue 21).
    pageMatters(ctx.db, user, { q: '', sort: MATTER_LIST.defaultSort, dir: 'desc', limit: 10, cursor: null }).then((p) => p.rows),
    user.role === 'admin' ? null : summarizeDeadlines(ctx, { withinDays: 90 }),
    user.role === 'attorney' ? listOutdatedDrafts(ctx.db, catalog.library) : [],
    user.role === 'admin' ? listUsers(ctx.db) : null,
  ]);
  const admin = users ? { users: users.length, referenceVersion: catalog.reference().jurisdictions.version } : null;
  // Administrators import the rulings; attorneys draft the loans they test.
  const afr = user.role === 'admin' || user.role === 'attorney' ? afrMonthStatus(catalog.reference(), todayOf({ now: clock(), timeZone })) : null;
  const drafts = outdated.map((d) => ({ documentId: d.documentId, title: d.title, clauses: d.outdated.length }));
  return render(c, 'Home', <HomePage user={user} matters={matters} byUrgency={summary?.byUrgency ?? null} outdated={drafts} admin={admin} afr={afr} />);
});
