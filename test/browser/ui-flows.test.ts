import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PizZip from 'pizzip';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../server/services/seed/seed-demo.ts';
import { startServerProcess, stop, type ServerProcess } from '../helpers/server-process.ts';

/**
 * Each role's main flow, end to end, in real headless Chromium against the running server
 * (started as `npm start` starts it, with the demo firm). Every page visited is checked with
 * axe-core (no serious or critical violations) and saved as a screenshot in test/artifacts/.
 * The steps depend on each other (the attorney's executable MSA is what the client downloads),
 * so they run in order in one file.
 */
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CLIENT2 = { email: 'second.client@demo.clausewright.test', password: 'second-client-password' };

let server: ServerProcess;
let browser: Browser;
let documentId = 0;
let matterId = 0;
const violations: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServerProcess();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server);
});

/** A fresh browser session signed in through the login form. */
async function signIn(login: { email: string; password: string }): Promise<Page> {
  // bypassCSP only so the test can inject axe-core; the pages themselves run under the real CSP.
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}
const demo = (role: 'admin' | 'attorney' | 'paralegal' | 'client') => DEMO_LOGINS.find((l) => l.role === role)!;

/** axe-core on the current page (serious and critical only fail), then a full-page screenshot. */
async function check(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  // Evaluated as a string: the test's TypeScript has no DOM types.
  const result = (await page.evaluate("axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] })")) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) violations.push(`${name}: ${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

describe('browser flows', () => {
  it('admin: adds a second client and reviews the reference data', async () => {
    const page = await signIn(demo('admin'));
    await check(page, '01-admin-home');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Full name').fill('Second Client');
    await page.locator('#u-email').fill(CLIENT2.email);
    await page.getByLabel('Role', { exact: true }).last().selectOption('client');
    await page.getByLabel('Initial password').fill(CLIENT2.password);
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => page.textContent('main')).toContain('User created.');
    await check(page, '02-admin-users');
    await page.getByRole('link', { name: 'Reference data' }).click();
    await expect.poll(() => page.textContent('h1')).toBe('Reference data');
    await check(page, '03-admin-reference');
    await page.context().close();
  });

  it('attorney: drafts an MSA that fails a check, fixes it, acknowledges the warnings and marks it executable', async () => {
    const page = await signIn(demo('attorney'));
    await check(page, '10-attorney-home');
    await page.getByRole('link', { name: 'Matters' }).click();
    await check(page, '11-attorney-matters');
    await page.locator('main table a').first().click();
    matterId = Number(/\/matters\/(\d+)/.exec(page.url())![1]);
    await check(page, '12-attorney-matter');
    await page.getByLabel('Start a new document').selectOption('msa');
    await page.getByRole('button', { name: 'Start drafting' }).click();
    await page.getByRole('link', { name: 'Start from the sample answers' }).click();
    // A six-month initial term fails the AKS safe harbor's one-year minimum.
    await page.locator('#f-initialTermMonths').fill('6');
    // The live panel checks the unsaved answers as they change.
    await expect.poll(() => page.locator('#live-check').textContent(), { timeout: 15_000 }).toMatch(/ERROR/);
    expect(await page.locator('#live-check').textContent()).toMatch(/12 months|one year|at least/i);
    await check(page, '13-attorney-new-msa-live-check');
    await page.getByRole('button', { name: 'Assemble and check' }).click();
    await page.waitForURL(/\/documents\/\d+/);
    documentId = Number(/\/documents\/(\d+)/.exec(page.url())![1]);
    const panel = page.locator('#compliance');
    await expect.poll(() => panel.textContent()).toMatch(/ERROR/);
    await check(page, '14-attorney-failing-check');
    // The gate refuses while the error stands.
    await page.getByRole('button', { name: 'Mark executable' }).click();
    await expect.poll(() => page.textContent('main')).toMatch(/cannot be marked executable/);
    // Fix it: a five-year term.
    await page.locator('#f-initialTermMonths').fill('60');
    await page.getByLabel('What changed in this version').fill('Initial term five years.');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await expect.poll(() => page.textContent('main')).toContain('New version saved');
    expect(await panel.textContent()).not.toMatch(/ERROR/);
    // Acknowledge each warning with a reason.
    for (let i = 0; i < 20; i++) {
      const reason = page.getByLabel('Reason for accepting this warning').first();
      if ((await reason.count()) === 0) break;
      await reason.fill('Reviewed with the client; acceptable for this deal.');
      await page.getByRole('button', { name: 'Acknowledge' }).first().click();
      await page.waitForLoadState('load');
    }
    await check(page, '15-attorney-warnings-acknowledged');
    await page.getByRole('button', { name: 'Mark executable' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Marked executable');
    expect(await page.textContent('main')).toMatch(/Status: executable/);
    await check(page, '16-attorney-executable');
    await page.getByRole('link', { name: 'Compare with 1' }).click();
    await expect.poll(() => page.textContent('main')).toContain('initialTermMonths');
    await check(page, '17-attorney-compare');
    // A formation checklist for the paralegal's tasks.
    await page.goto(`${server.base}/matters/${matterId}/documents/new?kind=formation-checklist&sample=1`);
    await page.getByRole('button', { name: 'Assemble and check' }).click();
    await page.waitForURL(/\/documents\/\d+/);
    await page.getByRole('link', { name: 'Clause library' }).click();
    await page.getByLabel('Search id, title, tags and text').fill('renewal');
    await page.getByRole('button', { name: 'Search' }).click();
    await check(page, '18-attorney-clause-library');
    await page.locator('main table a').first().click();
    await check(page, '19-attorney-clause');
    await page.context().close();
  });

  it('paralegal: records execution, works the deadlines, renews, subscribes, updates a checklist task', async () => {
    const page = await signIn(demo('paralegal'));
    await check(page, '20-paralegal-home');
    await page.goto(`${server.base}/documents/${documentId}`);
    await page.getByLabel('Date signed').fill('2026-12-15');
    await page.getByRole('button', { name: 'Mark executed' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Status changed.');
    await page.getByRole('link', { name: 'Deadlines' }).click();
    await page.getByLabel('Due within').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Last day to give notice of non-renewal');
    await check(page, '21-paralegal-deadlines');
    const handleForm = page.locator('form[action$="/handled"]').first();
    await handleForm.getByLabel('Note (optional)').fill('Diary entry made.');
    await handleForm.getByRole('button', { name: 'Mark handled' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Deadline marked handled.');
    await page.getByLabel('Due within').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('button', { name: 'Record renewal' }).first().click();
    await expect.poll(() => page.textContent('main')).toContain('Renewal recorded');
    await page.getByRole('button', { name: 'Make a calendar link' }).click();
    const url = (await page.locator('#calendar-url').textContent())!;
    const feed = await fetch(url.replace('localhost', '127.0.0.1'));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);
    await check(page, '22-paralegal-calendar-link');
    await page.goto(`${server.base}/matters/${matterId}`);
    const task = page.locator('form[action^="/checklist-tasks/"]').first();
    await task.getByLabel('Status').selectOption('in-progress');
    await task.getByRole('button', { name: 'Save task' }).click();
    await expect.poll(() => page.textContent('main')).toContain('Task updated.');
    await check(page, '23-paralegal-checklist');
    await page.context().close();
  });

  it('client: sees only their matter and downloads the signature-ready .docx', async () => {
    const page = await signIn(demo('client'));
    await check(page, '30-client-home');
    await page.getByRole('link', { name: 'My matters' }).click();
    await page.locator('main table a').first().click();
    await check(page, '31-client-matter');
    expect(await page.textContent('main')).toContain('in-progress');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download \.docx/ }).first().click()]);
    const bytes = readFileSync((await download.path())!);
    const zip = new PizZip(bytes);
    expect(zip.file('word/document.xml')?.asText()).toContain('MANAGEMENT SERVICES AGREEMENT'.slice(0, 10));
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await page.goto(`${server.base}/deadlines`);
    await check(page, '32-client-dates');
    await page.context().close();
  });

  it('another client cannot reach the first client’s pages or files', async () => {
    const page = await signIn(CLIENT2);
    const matterPage = await page.goto(`${server.base}/matters/${matterId}`);
    expect(matterPage!.status()).toBe(404);
    await check(page, '40-client2-not-found');
    const file = await page.goto(`${server.base}/documents/${documentId}/versions/2/download`).catch(() => null);
    expect(file?.status()).toBe(404);
    const drafting = await page.goto(`${server.base}/documents/${documentId}`);
    expect(drafting!.status()).toBe(403);
    expect(await page.textContent('main')).not.toContain('Lone Star');
    await page.goto(`${server.base}/matters`);
    expect(await page.locator('main table tbody tr').count()).toBe(0);
    await page.context().close();
  });

  it('no page has serious or critical accessibility violations', () => {
    expect(violations).toEqual([]);
  });
});
