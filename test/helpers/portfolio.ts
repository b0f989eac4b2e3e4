import { expect } from 'vitest';
import type { makeTestApp } from './test-app.ts';
import { sample } from './documents.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

export const TRI_STATE_MSO = { name: 'Tri-State Platform', msoName: 'Tri-State Practice Management, LLC', msoEntityType: 'limited liability company', msoState: 'DE' };

/** One practice per state: the professional entity each state's law expects, owned by physicians licensed there. */
export const PRACTICES = {
  TX: { title: 'Tri-State / Bluebonnet Physicians (TX)', peName: 'Bluebonnet Physicians, PLLC', peEntityType: 'PLLC', peState: 'TX', governingLawState: 'TX' },
  CA: { title: 'Tri-State / Golden State Medical (CA)', peName: 'Golden State Medical Corporation', peEntityType: 'medical-corporation', peState: 'CA', governingLawState: 'CA' },
  NY: { title: 'Tri-State / Hudson Valley Medicine (NY)', peName: 'Hudson Valley Medicine, P.C.', peEntityType: 'PC', peState: 'NY', governingLawState: 'NY' },
} as const;
export type PracticeState = keyof typeof PRACTICES;

const owners = (state: string) => [
  { name: 'Ana Ruiz, M.D.', licensed: true, licenseState: state, isMso: false, ownershipPct: 60 },
  { name: 'Ben Okafor, M.D.', licensed: true, licenseState: state, isMso: false, ownershipPct: 40 },
];

/** The shared MSA answers with a percentage-of-collections fee: allowed with conditions in some states, fee-splitting in others. */
export function percentFeeAnswers(): Record<string, unknown> {
  const answers = sample('msa');
  delete answers.monthlyFee;
  delete answers.feeAdjustment;
  delete answers.feeAdjustmentPct;
  return { ...answers, feeModel: 'percent-collections', collectionsPct: 6, fmvRangeLow: 5, fmvRangeHigh: 8 };
}

/**
 * A portfolio with a Texas, a California and a New York practice under one MSO. `clients` says
 * which client user is on which practice (a client sees only those).
 */
export async function triStatePortfolio(t: TestApp, clients: Partial<Record<PracticeState, number[]>> = {}) {
  const attorney = await t.login('attorney');
  const created = await t.request('/api/portfolios', { method: 'POST', cookie: attorney, json: TRI_STATE_MSO });
  expect(created.status).toBe(201);
  const portfolio = (await created.json()).portfolio;
  const matters = {} as Record<PracticeState, { id: number; title: string; msoName: string; peState: string; portfolioId: number }>;
  for (const state of Object.keys(PRACTICES) as PracticeState[]) {
    const res = await t.request(`/api/portfolios/${portfolio.id}/practices`, { method: 'POST', cookie: attorney, json: { ...PRACTICES[state], owners: owners(state), clientUserIds: clients[state] ?? [] } });
    if (res.status !== 201) throw new Error(`add ${state} practice: ${res.status} ${await res.text()}`);
    matters[state] = (await res.json()).matter;
  }
  return { attorney, portfolio, matters };
}
