/**
 * Where a matter fact sits on the matter's edit form (issue 21): a finding's `matterField` (a path
 * in the matter, as the API names it) turned into the id of its control, so the drafting page can
 * link "Change it on the matter" to `/matters/:id/edit#<id>` and the field opens focused.
 * The form's ids predate this map (some are short, e.g. `m-closing`), so they are listed here
 * rather than derived; test/web-matter-fact-jump.test.ts checks every id exists on the edit page.
 */
const TRANSACTION_IDS: Record<string, string> = {
  plannedClosingDate: 'm-closing',
  physicianCount: 'm-physicians',
  revenueBand: 'm-revenue',
  assetsBand: 'm-assets',
};

/** Row fields, by list: the form's id suffix for each property of a row. */
const ROW_IDS: Record<string, { prefix: string; props: Record<string, string> }> = {
  owners: { prefix: 'm-owners', props: { name: 'name', ownershipPct: 'pct', licenseState: 'state', licensed: 'licensed', isMso: 'isMso' } },
  msoOwners: { prefix: 'm-msoown', props: { name: 'name', kind: 'kind', ownershipPct: 'pct', termsRelatedToReferrals: 'terms' } },
  msoAffiliates: { prefix: 'm-aff', props: { name: 'name', entityType: 'type', state: 'state' } },
  patientStates: { prefix: 'm-pat', props: { state: 'state', licensureConfirmed: 'confirmed' } },
};

/** A whole list: its fieldset (which has tabindex=-1 so it can take the focus). */
const LIST_IDS: Record<string, string> = { owners: 'm-owners', msoOwners: 'm-msoOwners', msoAffiliates: 'm-msoAffiliates', patientStates: 'm-patientStates' };

const TOP_LEVEL = new Set(['title', 'msoName', 'msoEntityType', 'msoState', 'peName', 'peEntityType', 'peState', 'governingLawState', 'practiceType']);

/** The edit form's element id for a matter path, or undefined when the form has no such field. */
export function matterFieldAnchor(path: string): string | undefined {
  const parts = path.split('.');
  const [head, second, third] = parts;
  if (!head) return undefined;
  if (parts.length === 1) return TOP_LEVEL.has(head) ? `m-${head}` : LIST_IDS[head];
  if (head === 'transaction' && parts.length === 2) return TRANSACTION_IDS[second!];
  if (head === 'msoInvestment' && parts.length === 2) return second === 'revenueFromInvestorReferralsPct' ? 'm-inv-revenue' : `m-inv-${second}`;
  const rows = ROW_IDS[head];
  if (rows && parts.length === 3 && /^\d+$/.test(second!) && rows.props[third!]) return `${rows.prefix}-${second}-${rows.props[third!]}`;
  return undefined;
}
