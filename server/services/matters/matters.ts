import { AppError, forbidden, notFound } from '../../errors.ts';
import * as sql from '../../db/matters.ts';
import type { Reader } from '../../db/database.ts';
import type { ListQuery, Page } from '../../db/keyset.ts';
import { NO_TRANSACTION_FACTS, TRACKING_FIELDS, type CreateMatter, type Matter, type TransactionFacts, type UpdateMatter } from '../../schemas/matter.ts';
import { findTransactionFacts, saveTransactionFacts, type TransactionFactsRow } from '../../db/matter-transaction.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { setMatterPortfolio } from '../../db/portfolios.ts';
import { findMatterStructure, saveMatterStructure } from '../../db/matter-structure.ts';
import { mergeStructure, toMatterStructure, touchesStructure, type MatterStructure } from './matter-structure.ts';
import { forRole } from '../visibility/for-role.ts';
import type { Principal, ServiceContext } from '../context.ts';
import type { ReferenceData } from '../../schemas/reference.ts';
import { resyncMatterChecklists } from '../deadlines/resync-matter-checklists.ts';

const STAFF_ROLES = new Set(['attorney', 'paralegal']);
/** The MSO's party facts, which a portfolio holds for all its practices (services/portfolios). */
export const PORTFOLIO_MSO_FIELDS = ['msoName', 'msoEntityType', 'msoState', 'msoAffiliates'] as const;

/** Loads a matter the principal may see; another client's matter is "not found", never "forbidden", so ids do not leak. */
export async function getMatter(q: Reader, principal: Principal, id: number): Promise<Matter> {
  const row = await sql.findVisibleMatter(q, principal, id);
  if (!row) throw notFound('Matter');
  return forRole('matter', principal.role, await toMatter(q, row));
}

export async function listMatters(q: Reader, principal: Principal): Promise<Matter[]> {
  const rows = await sql.listVisibleMatters(q, principal);
  return Promise.all(rows.map(async (row) => forRole('matter', principal.role, await toMatter(q, row))));
}

/** One page of the matters the principal may see, searched and sorted in SQL (issue 21). */
export async function pageMatters(q: Reader, principal: Principal, query: ListQuery): Promise<Page<Matter>> {
  const page = await sql.pageVisibleMatters(q, principal, query);
  return { ...page, rows: await Promise.all(page.rows.map(async (row) => forRole('matter', principal.role, await toMatter(q, row)))) };
}

export async function createMatter(
  ctx: ServiceContext,
  input: Omit<CreateMatter, 'transaction' | keyof MatterStructure> & { transaction?: TransactionFacts } & Partial<MatterStructure>,
  /** A practice of a portfolio: the caller has copied the portfolio's MSO facts into `input`. */
  options: { portfolioId?: number } = {},
): Promise<Matter> {
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys open matters.');
  const now = ctx.now.toISOString();
  const id = await ctx.db.transaction(async (tx) => {
    await checkMembers(tx, input.clientUserIds, input.staffUserIds);
    const matterId = await sql.insertMatter(tx, { ...input, trackingStatus: 'open', trackingNotes: '', nextFollowUp: null }, ctx.principal.id, now);
    if (options.portfolioId) await setMatterPortfolio(tx, matterId, options.portfolioId);
    await sql.replaceOwners(tx, matterId, input.owners);
    await sql.replaceMembers(tx, matterId, [...input.clientUserIds, ...input.staffUserIds, ctx.principal.id]);
    await saveTransactionFacts(tx, matterId, input.transaction ?? NO_TRANSACTION_FACTS);
    await saveMatterStructure(tx, matterId, mergeStructure({}, input));
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'matter.created', matterId, object: { type: 'matter', id: matterId }, data: { title: input.title, ...(options.portfolioId ? { portfolioId: options.portfolioId } : {}) } });
    return matterId;
  });
  return getMatter(ctx.db, ctx.principal, id);
}

/**
 * `reference`: the reference data in force. With it, the matter's formation checklists are resynced
 * when a fact they read changes (resync-matter-checklists.ts); every caller that serves people passes it.
 */
export async function updateMatter(ctx: ServiceContext, id: number, patch: UpdateMatter, options: { reference?: ReferenceData } = {}): Promise<Matter> {
  const { role } = ctx.principal;
  if (role === 'client') {
    await getMatter(ctx.db, ctx.principal, id); // 404 for a matter the client cannot see, before 403
    throw forbidden('Clients cannot edit matters.');
  }
  if (role !== 'attorney' && role !== 'paralegal') throw forbidden();
  const changed = Object.keys(patch).filter((k) => k !== 'rowVersion');
  if (role === 'paralegal') {
    const notAllowed = changed.filter((k) => !(TRACKING_FIELDS as readonly string[]).includes(k));
    if (notAllowed.length) throw forbidden(`Paralegals may change only the tracking fields; not: ${notAllowed.join(', ')}.`);
  }
  await ctx.db.transaction(async (tx) => {
    const current = await getMatter(tx, ctx.principal, id);
    // A practice's MSO facts belong to its portfolio: edited there, once for every practice. A
    // whole-matter form sends them back unchanged, which is not an edit.
    const msoEdits = PORTFOLIO_MSO_FIELDS.filter((k) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(current[k]));
    if (current.portfolioId !== null && msoEdits.length) {
      throw new AppError('conflict', 'This matter is a practice of a portfolio: change the MSO’s facts on the portfolio, which updates every practice.', { reason: 'mso_held_by_portfolio', portfolioId: current.portfolioId, fields: msoEdits });
    }
    // Staff see every field; the defaults only satisfy the type, which allows a client's view.
    const next = { ...current, trackingNotes: current.trackingNotes ?? '', nextFollowUp: current.nextFollowUp ?? null, ...patch };
    const rows = await sql.updateMatter(tx, id, patch.rowVersion, next, ctx.now.toISOString());
    if (rows === 0) {
      throw new AppError('conflict', 'Someone else changed this matter after you opened it. Reload it and apply your change again.', {
        currentRowVersion: current.rowVersion,
        yourChanges: patch,
      });
    }
    if (patch.owners) await sql.replaceOwners(tx, id, patch.owners);
    if (patch.transaction) await saveTransactionFacts(tx, id, patch.transaction);
    if (touchesStructure(patch)) await saveMatterStructure(tx, id, mergeStructure(current, patch));
    if (patch.clientUserIds || patch.staffUserIds) {
      const clients = patch.clientUserIds ?? current.clientUserIds;
      const staff = patch.staffUserIds ?? current.staffUserIds;
      await checkMembers(tx, clients, staff);
      await sql.replaceMembers(tx, id, [...clients, ...staff]);
    }
    // Parties, states, owners, structure and transaction facts feed the checklist's tasks; tracking fields do not.
    if (options.reference && changed.some((k) => !(TRACKING_FIELDS as readonly string[]).includes(k))) await resyncMatterChecklists(tx, id, options.reference, ctx);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'matter.updated', matterId: id, object: { type: 'matter', id }, data: { changed } });
  });
  return getMatter(ctx.db, ctx.principal, id);
}

async function checkMembers(q: Reader, clientIds: number[], staffIds: number[]): Promise<void> {
  const users = new Map((await sql.findUsersByIds(q, [...clientIds, ...staffIds])).map((u) => [u.id, u.role]));
  const problems = [
    // Each problem's path is the refused id's own place in the list, so it is named beside that entry.
    ...clientIds.flatMap((id, i) => (users.get(id) === 'client' ? [] : [{ path: `clientUserIds.${i}`, issue: 'not_a_client', message: `User ${id} is not a client user.` }])),
    ...staffIds.flatMap((id, i) => (STAFF_ROLES.has(users.get(id) ?? '') ? [] : [{ path: `staffUserIds.${i}`, issue: 'not_staff', message: `User ${id} is not an attorney or paralegal.` }])),
  ];
  if (problems.length) throw new AppError('validation_failed', 'Some matter members are not valid for their place.', { fields: problems });
}

/** The stored affiliates were validated by the matter schema when written; a row from before migration 008 holds '[]'. */
export const parseAffiliates = (json: string | null | undefined): Matter['msoAffiliates'] => (json ? JSON.parse(json) : []);

async function toMatter(q: Reader, row: sql.MatterRow): Promise<Matter> {
  const [owners, members, facts, structure] = await Promise.all([sql.listOwners(q, row.id), sql.listMembers(q, row.id), findTransactionFacts(q, row.id), findMatterStructure(q, row.id)]);
  return {
    id: row.id,
    title: row.title,
    msoName: row.mso_name,
    msoEntityType: row.mso_entity_type,
    msoState: row.mso_state,
    peName: row.pe_name,
    peEntityType: row.pe_entity_type,
    peState: row.pe_state,
    governingLawState: row.governing_law_state,
    portfolioId: row.portfolio_id ?? null,
    msoAffiliates: parseAffiliates(row.mso_affiliates),
    owners: owners.map((o) => ({ name: o.name, licensed: o.licensed === 1, licenseState: o.license_state as Matter['owners'][number]['licenseState'], isMso: o.is_mso === 1, ownershipPct: o.ownership_pct })),
    clientUserIds: members.filter((m) => m.role === 'client').map((m) => m.user_id),
    staffUserIds: members.filter((m) => m.role !== 'client').map((m) => m.user_id),
    trackingStatus: row.tracking_status,
    trackingNotes: row.tracking_notes,
    nextFollowUp: row.next_follow_up,
    transaction: toTransactionFacts(facts),
    ...toMatterStructure(structure),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rowVersion: row.row_version,
  };
}

/** The stored facts were validated by the matter schema when written; a matter without a row has none recorded yet. */
export function toTransactionFacts(row: TransactionFactsRow | undefined): TransactionFacts {
  if (!row) return NO_TRANSACTION_FACTS;
  return { plannedClosingDate: row.planned_closing_date, physicianCount: row.physician_count, revenueBand: row.revenue_band as TransactionFacts['revenueBand'], assetsBand: row.assets_band as TransactionFacts['assetsBand'] };
}
