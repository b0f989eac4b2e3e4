import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../server/services/seed/seed-demo.ts';
import { launchChromium, newCheckedContext, seriousViolations } from '../helpers/browser.ts';
import { startServerProcess, stop, type ServerProcess } from '../helpers/server-process.ts';

/**
 * Issue 23 in real headless Chromium against the running server: an attorney opens a portfolio,
 * adds a Texas, a California and a New York practice, drafts an MSA and a formation checklist for
 * every practice from one questionnaire each, and reads the portfolio page — every practice with
 * its documents and findings, every deadline across them, sorted by state. The pages are checked
 * with axe-core and saved as screenshots in test/artifacts/ (beside ui-flows'; this file does
 * not clear the folder).
 */
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const PRACTICES = [
  { state: 'TX', title: 'Tri-State / Bluebonnet (TX)', name: 'Bluebonnet Physicians, PLLC', type: 'PLLC' },
  { state: 'CA', title: 'Tri-State / Golden State (CA)', name: 'Golden State Medical Corporation', type: 'Medical corporation' },
  { state: 'NY', title: 'Tri-State / Hudson Valley (NY)', name: 'Hudson Valley Medicine, P.C.', type: 'PC' },
] as const;

let server: ServerProcess;
let browser: Browser;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServerProcess();
  browser = await launchChromium();
  const context = await newCheckedContext(browser, { bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  const login = DEMO_LOGINS.find((l) => l.role === 'attorney')!;
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server);
});

/** axe-core on the current page (serious and critical fail), then a full-page screenshot. */
async function check(name: string): Promise<void> {
  // This file's lines name the rule only, not the nodes.
  violations.push(...(await seriousViolations(page, name, { targets: false })));
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

const main = async () => (await page.textContent('main')) ?? '';

describe('a three-state portfolio in the browser', () => {
  it('opens the portfolio and adds three practices in three states', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Portfolios', exact: true }).click();
    await page.getByRole('link', { name: 'Open a portfolio' }).click();
    await page.getByLabel('Portfolio name').fill('Tri-State Platform');
    await page.getByLabel('MSO legal name').fill('Tri-State Practice Management, LLC');
    await page.getByLabel('MSO entity type').fill('limited liability company');
    await page.getByLabel('MSO state of organization').selectOption('DE');
    await check('portfolio-new');
    await page.getByRole('button', { name: 'Open portfolio' }).click();
    await page.waitForURL(/\/portfolios\/\d+\?msg=portfolio-created/);
    for (const p of PRACTICES) {
      await page.getByRole('link', { name: 'Add a practice' }).click();
      await page.getByLabel('Matter title').fill(p.title);
      await page.getByLabel('Practice legal name').fill(p.name);
      await page.getByLabel('Practice entity type').selectOption({ label: p.type });
      await page.getByLabel('Practice state', { exact: true }).selectOption(p.state);
      await page.getByLabel('Governing-law state').selectOption(p.state);
      await page.locator('#pr-owners-0-name').fill('Ana Ruiz, M.D.');
      await page.locator('#pr-owners-0-pct').fill('100');
      await page.locator('#pr-owners-0-state').selectOption(p.state);
      await page.locator('#pr-owners-0-licensed').check();
      if (p.state === 'NY') await check('portfolio-practice-new');
      await page.getByRole('button', { name: 'Add practice' }).click();
      await page.waitForURL(/msg=practice-created/);
    }
    expect(await main()).toContain('3 practices in 3 states');
  }, 120_000);

  it('drafts an MSA and a formation checklist for every practice from one questionnaire each', async () => {
    for (const kind of ['Management Services Agreement', 'Entity Formation Checklist']) {
      await page.getByRole('link', { name: `Draft ${kind} for every practice` }).click();
      await page.getByRole('link', { name: 'Start from the sample answers' }).click();
      if (kind.startsWith('Management')) await check('portfolio-draft-all');
      await page.getByRole('button', { name: 'Assemble and check for every practice' }).click();
      await page.waitForURL(/msg=portfolio-drafted/, { timeout: 60_000 });
    }
    const rows = await page.locator('#practices-heading ~ .table-wrap').first().locator('tbody tr').allTextContents();
    expect(rows.map((r) => r.trim().slice(0, 2))).toEqual(['CA', 'NY', 'TX']);
    for (const row of rows) {
      expect(row).toContain('Management Services Agreement');
      expect(row).toContain('Entity Formation Checklist');
    }
    // Each MSA checked under its own state: the state transaction-notice warning is California's and New York's, not Texas's.
    const openWarnings = rows.map((r) => Number(/Management Services Agreement\s*Draft\s*\d+ errors?\s*,\s*(\d+) open warnings?/.exec(r)?.[1]));
    expect(openWarnings[0]).toBeGreaterThan(openWarnings[2]!);
    expect(openWarnings[1]).toBeGreaterThan(openWarnings[2]!);
  }, 180_000);

  it('lists every practice’s deadlines and sorts them by state', async () => {
    const deadlines = page.locator('#deadlines-heading ~ .table-wrap').first().locator('tbody tr');
    const byDue = await deadlines.allTextContents();
    for (const p of PRACTICES) expect(byDue.some((r) => r.includes(p.title)), p.state).toBe(true);
    await page.getByRole('navigation', { name: 'Sort deadlines' }).getByRole('link', { name: 'state' }).click();
    await page.waitForURL(/sort=state/);
    const states = await deadlines.locator('td:nth-child(2)').allTextContents();
    expect(states).toHaveLength(byDue.length);
    expect(states).toEqual([...states].sort());
    expect(new Set(states)).toEqual(new Set(['CA', 'NY', 'TX']));
    await check('portfolio-page');
    // A practice's own page carries the portfolio's MSO.
    await page.getByRole('link', { name: PRACTICES[2].title }).first().click();
    expect(await main()).toContain('Tri-State Practice Management, LLC');
    expect(violations).toEqual([]);
  }, 120_000);
});
