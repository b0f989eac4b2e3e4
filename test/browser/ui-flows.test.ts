import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import PizZip from 'pizzip';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../server/services/seed/seed-demo.ts';
import { launchChromium, newCheckedContext, seriousViolations } from '../helpers/browser.ts';
import { startServerProcess, stop, type ServerProcess } from '../helpers/server-process.ts';

/**
 * Each role's main flow, end to end, in real headless Chromium against the running server
 * (the production bundle, with the demo firm). Every page visited — including forms sent back
 * with errors — is checked with axe-core (no serious or critical violations) and saved as a
 * screenshot in test/artifacts/. The steps build on each other (the client downloads the MSA
 * the attorney made executable), so they run in order in one file.
 */
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const CLIENT2 = { name: 'Dr. Samuel Okafor', email: 'second.client@demo.clausewright.test', password: 'second-client-password' };

let server: ServerProcess;
let browser: Browser;
let matterId = 0;
let documentId = 0;
let executableVersion = 0;
const checked: string[] = [];
const violations: string[] = [];

beforeAll(async () => {
  // A renamed or removed step leaves nothing stale behind; only this file's screenshots (NN-name.png)
  // are cleared, as the other browser files save theirs beside them or in issue-NN/ folders.
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const file of readdirSync(ARTIFACTS)) if (/^\d\d-.*\.png$/.test(file)) rmSync(`${ARTIFACTS}${file}`, { force: true });
  server = await startServerProcess();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server);
});

async function newPage(width = 1280): Promise<Page> {
  // Every page carries axe-core (test/helpers/browser.ts); bypassCSP only in case axe must be injected
  // into a page after all, the pages themselves run under the real CSP.
  const context = await newCheckedContext(browser, { bypassCSP: true, acceptDownloads: true, viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

/** A fresh browser session signed in through the sign-in form. */
async function signIn(login: { email: string; password: string }): Promise<Page> {
  const page = await newPage();
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}
const demo = (role: 'admin' | 'attorney' | 'paralegal' | 'client') => DEMO_LOGINS.find((l) => l.role === role)!;

/** axe-core on the current page (serious and critical fail), then a full-page screenshot. */
async function check(page: Page, name: string): Promise<void> {
  violations.push(...(await seriousViolations(page, name)));
  checked.push(name);
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Follows a link of the main navigation. */
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
/** Turns off the browser's own required/minlength checks so the server's answer is what is tested. */
const serverValidates = (page: Page, form: string) => page.evaluate(`document.querySelector(${JSON.stringify(form)}).noValidate = true`);
const mainText = (page: Page) => page.textContent('main').then((t) => t ?? '');
const docxText = (bytes: Buffer) => new PizZip(bytes).file('word/document.xml')?.asText() ?? '';
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { download, bytes: readFileSync((await download.path())!) };
}

// Each flow drives a real server and Chromium through many pages: on two cores shared with the rest
// of the suite the attorney's flow alone takes ~45 s, past vitest's 60 s default under load.
describe('browser flows', { timeout: 240_000 }, () => {
  it('admin: signs in, adds a second client (after a refused attempt), corrects reference data', async () => {
    const anonymous = await newPage();
    await anonymous.goto(`${server.base}/matters`);
    expect(new URL(anonymous.url()).pathname).toBe('/login');
    await check(anonymous, '00-sign-in');
    await anonymous.context().close();

    const page = await signIn(demo('admin'));
    await check(page, '01-admin-home');
    await nav(page, 'Users');
    await page.getByLabel('Full name').fill(CLIENT2.name);
    await page.locator('#u-email').fill(CLIENT2.email);
    await page.locator('#u-role').selectOption('client');
    await page.getByLabel('Initial password').fill('too short');
    await serverValidates(page, '#add-user');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => page.locator('#u-password-error').textContent()).toMatch(/12 characters/);
    expect(await page.locator('#u-email').inputValue()).toBe(CLIENT2.email);
    await check(page, '02-admin-user-refused');
    await page.getByLabel('Initial password').fill(CLIENT2.password);
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => mainText(page)).toContain('User created.');
    await check(page, '03-admin-users');

    await nav(page, 'Reference data');
    await check(page, '04-admin-reference');
    await page.getByRole('link', { name: 'Texas', exact: false }).first().click();
    await check(page, '05-admin-jurisdiction');
    await page.getByLabel('Notes', { exact: true }).fill('Reviewed against the Texas Medical Board guidance; no change to the rule.');
    await page.getByLabel('Reason for the change').fill('Annual review.');
    await page.getByRole('button', { name: 'Save TX' }).click();
    await expect.poll(() => mainText(page)).toContain('Reference data updated and in effect.');
    await page.getByRole('button', { name: 'Re-check every document in force' }).click();
    await expect.poll(() => mainText(page)).toMatch(/Re-checked \d+ document/);
    await check(page, '06-admin-recheck');
    await page.context().close();
  });

  it('attorney: drafts an MSA that fails a check, fixes it, acknowledges the warnings and marks it executable', async () => {
    const page = await signIn(demo('attorney'));
    await check(page, '09-attorney-home');
    await nav(page, 'Matters');
    await check(page, '10-attorney-matters');

    // A matter for the second client, so that client has something of their own.
    await page.getByRole('link', { name: 'Open a matter' }).click();
    await serverValidates(page, 'form[action="/matters/new"]');
    await page.getByRole('button', { name: 'Open matter' }).click();
    await expect.poll(() => page.locator('#m-title-error').count()).toBe(1);
    await check(page, '11-attorney-matter-form-errors');
    await page.getByLabel('Matter title').fill('Gulf Coast MSO / Okafor Medical');
    await page.getByLabel('MSO legal name').fill('Gulf Coast Practice Services, LLC');
    await page.getByLabel('MSO entity type').fill('limited liability company');
    await page.getByLabel('MSO state of organization').selectOption('TX');
    await page.getByLabel('Practice legal name').fill('Okafor Medical, PA');
    await page.getByLabel('Practice entity type').selectOption('PA');
    await page.getByLabel('Practice state').selectOption('TX');
    await page.getByLabel('Governing-law state').selectOption('TX');
    await page.locator('#m-owners-0-name').fill('Samuel Okafor, M.D.');
    await page.locator('#m-owners-0-pct').fill('100');
    await page.locator('#m-owners-0-state').selectOption('TX');
    await page.locator('#m-owners-0-licensed').check();
    await page.getByLabel(new RegExp(CLIENT2.email)).check();
    await page.getByRole('button', { name: 'Open matter' }).click();
    await expect.poll(() => mainText(page)).toContain('Matter opened.');

    // The demo matter: an MSA from the sample answers with a six-month term, which fails the
    // AKS safe harbor's one-year minimum.
    await nav(page, 'Matters');
    await page.getByRole('link', { name: /Lone Star/ }).click();
    matterId = Number(/\/matters\/(\d+)/.exec(page.url())![1]);
    await check(page, '12-attorney-matter');
    await page.getByLabel('Start a new document').selectOption('msa');
    await page.getByRole('button', { name: 'Start drafting' }).click();
    await page.getByRole('link', { name: 'Start from the sample answers' }).click();
    await page.locator('#f-initialTermMonths').fill('6');
    // The live panel checks the unsaved answers as they change.
    await expect.poll(() => page.locator('#live-check').textContent(), { timeout: 15_000 }).toMatch(/ERROR/);
    expect(await page.locator('#live-check').textContent()).toMatch(/12 months|one year|at least/i);
    await check(page, '13-attorney-new-msa-live-check');
    await page.getByRole('button', { name: 'Assemble and check' }).click();
    await page.waitForURL(/\/documents\/\d+/);
    documentId = Number(/\/documents\/(\d+)/.exec(page.url())![1]);
    await expect.poll(() => page.locator('#compliance').textContent()).toMatch(/ERROR/);
    await check(page, '14-attorney-failing-check');

    // The executable step refuses while the error stands.
    await page.getByRole('link', { name: 'Review and mark executable' }).click();
    expect(await mainText(page)).toContain('Fix these errors first');
    expect(await page.getByRole('button', { name: /mark executable/i }).count()).toBe(0);
    await check(page, '15-attorney-executable-blocked');
    await page.getByRole('link', { name: 'Back to the questionnaire' }).click();

    // Fix it: a five-year term. The save shows its progress while the server assembles.
    await page.locator('#f-initialTermMonths').fill('60');
    await page.getByLabel('What changed in this version').fill('Initial term five years.');
    await page.getByRole('button', { name: 'Save new version' }).click();
    await expect.poll(() => mainText(page)).toContain('New version saved');
    expect(await page.locator('#compliance').textContent()).not.toMatch(/ERROR/);
    expect(await page.locator('#compliance').textContent()).toMatch(/WARNING/);

    // Acknowledge every warning with a reason (an empty reason is refused first), then mark executable.
    await page.getByRole('link', { name: 'Review and mark executable' }).click();
    const reasons = page.getByLabel('Reason for accepting this warning');
    expect(await reasons.count()).toBeGreaterThan(0);
    await serverValidates(page, 'form[action$="/executable"]');
    await page.getByRole('button', { name: 'Acknowledge and mark executable' }).click();
    await expect.poll(() => page.locator('p.error').count()).toBeGreaterThan(0);
    await check(page, '16-attorney-reasons-required');
    for (let i = 0; i < (await reasons.count()); i++) await reasons.nth(i).fill('Reviewed with the client; acceptable for this deal.');
    await page.getByRole('button', { name: 'Acknowledge and mark executable' }).click();
    await expect.poll(() => mainText(page)).toContain('Marked executable');
    expect(await mainText(page)).toMatch(/Status: Executable/);
    executableVersion = 2;
    await check(page, '17-attorney-executable');

    // Versions: compare and the redline.
    await page.getByRole('link', { name: 'Compare with 1' }).click();
    await expect.poll(() => mainText(page)).toContain('Initial term (months)'); // the answer's label, never its key
    await check(page, '18-attorney-compare');
    const redline = await downloaded(page, () => page.getByRole('link', { name: /Download the redline/ }).click());
    expect(redline.download.suggestedFilename()).toMatch(/redline.*\.docx$/);
    expect(docxText(redline.bytes).includes('w:body')).toBe(true);

    // The line-of-credit questionnaire (looked at, not saved), then a formation checklist for the paralegal's tasks.
    await page.goto(`${server.base}/matters/${matterId}/documents/new?kind=loc&sample=1`);
    await check(page, '19-attorney-new-loc');
    await page.goto(`${server.base}/matters/${matterId}/documents/new?kind=formation-checklist&sample=1`);
    await check(page, '19-attorney-new-checklist');
    await page.getByRole('button', { name: 'Assemble and check' }).click();
    await page.waitForURL(/\/documents\/\d+/);

    // The clause library: search, a clause's versions, a refused edit, then a published version.
    await nav(page, 'Clause library');
    await page.getByLabel('Search id, title, tags and text').fill('disclaimer');
    await page.getByRole('button', { name: 'Search' }).click();
    await check(page, '20-attorney-clause-library');
    await page.getByRole('link', { name: 'Scope and Limitations' }).click();
    const source = await page.getByLabel('Clause source').inputValue();
    await page.getByLabel('Clause source').fill(source.replace(/^id: .*$/m, 'id: formation-checklist.renamed'));
    await page.getByRole('button', { name: /Publish version/ }).click();
    await expect.poll(() => page.locator('#clause-source-error').textContent()).toMatch(/must stay|id/);
    await check(page, '21-attorney-clause-refused');
    await page.getByLabel('Clause source').fill(`${source.trimEnd()}\n\nThe responsible attorney dates and initials each item confirmed against primary law.\n`);
    await page.getByLabel('What changed').fill('Confirmation of unverified items is dated and initialled.');
    await page.getByRole('button', { name: /Publish version/ }).click();
    await expect.poll(() => mainText(page)).toContain('New clause version published.');
    await check(page, '22-attorney-clause-published');

    // The checklist drafts still pin the old version; the home page lists them, and one moves.
    await nav(page, 'Home');
    await page.getByRole('link', { name: /Entity Formation Checklist/ }).first().click();
    await expect.poll(() => page.locator('#clause-updates').textContent()).toContain('formation-checklist.disclaimer');
    await check(page, '23-attorney-clause-updates');
    await page.locator('#clause-updates').getByRole('button', { name: 'Save as a new version' }).click();
    await expect.poll(() => mainText(page)).toContain('current library text');
    await page.context().close();
  });

  it('paralegal: records execution, works the deadlines, renews, subscribes, updates a checklist task', async () => {
    const page = await signIn(demo('paralegal'));
    await check(page, '30-paralegal-home');
    await page.goto(`${server.base}/documents/${documentId}`);
    await check(page, '31-paralegal-document');
    await page.getByLabel('Date signed').fill('2026-11-30');
    await page.getByRole('button', { name: 'Mark executed' }).click();
    await expect.poll(() => mainText(page)).toContain('Status changed.');

    await nav(page, 'Deadlines');
    await page.getByLabel('Due within').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => mainText(page)).toContain('notice of non-renewal');
    await check(page, '32-paralegal-deadlines');
    const handle = page.locator('form[action*="/handled"]').first();
    await handle.getByLabel('Note (optional)').fill('Diary entry made.');
    await handle.getByRole('button', { name: 'Mark handled' }).click();
    await expect.poll(() => mainText(page)).toContain('Deadline marked handled.');
    await page.getByLabel('Due within').selectOption('');
    await page.getByLabel('Kind').selectOption('term-end');
    await page.getByRole('button', { name: 'Filter' }).click();
    const renewal = page.locator('form[action*="/renewal"]').first();
    await renewal.getByLabel('Renewal term (months)').fill('twelve');
    await renewal.getByRole('button', { name: 'Record renewal' }).click();
    await expect.poll(() => page.locator('main p.error').count()).toBeGreaterThan(0);
    await check(page, '33-paralegal-renewal-refused');
    await page.locator('form[action*="/renewal"]').first().getByLabel('Renewal term (months)').fill('');
    await page.locator('form[action*="/renewal"]').first().getByRole('button', { name: 'Record renewal' }).click();
    await expect.poll(() => mainText(page)).toContain('Renewal recorded');
    await page.getByRole('button', { name: 'Make a calendar link' }).click();
    const url = (await page.locator('#calendar-url').textContent())!;
    const feed = await fetch(url.replace('localhost', '127.0.0.1'));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);
    await check(page, '34-paralegal-calendar-link');

    await page.goto(`${server.base}/matters/${matterId}`);
    await page.getByLabel('Tracking notes').fill('Waiting on the signed BAA.');
    await page.getByRole('button', { name: 'Save tracking' }).click();
    await expect.poll(() => mainText(page)).toContain('Tracking saved.');
    await page.getByRole('link', { name: /Work the checklist/ }).click();
    await check(page, '35-paralegal-checklist');
    const task = page.locator('form[action^="/checklist-tasks/"]').first();
    await task.getByLabel('Status').selectOption('in-progress');
    await task.getByLabel('Responsible').selectOption('client');
    await task.getByLabel('Note').fill('Client is gathering the documents.');
    await task.getByRole('button', { name: 'Save task' }).click();
    await expect.poll(() => mainText(page)).toContain('Task updated.');
    await page.context().close();
  });

  it('client: sees only their matter, downloads the signature-ready .docx, follows the checklist', async () => {
    const page = await signIn(demo('client'));
    await check(page, '40-client-home');
    await nav(page, 'My matters');
    expect(await page.locator('main table tbody tr').count()).toBe(1);
    await page.locator('main table a').first().click();
    await check(page, '41-client-matter');
    // The MSA the attorney drafted and the paralegal recorded as executed.
    const { download, bytes } = await downloaded(page, () => page.locator(`a[href="/documents/${documentId}/versions/${executableVersion}/download"]`).click());
    expect(download.suggestedFilename()).toMatch(/execution\.docx$/);
    // A valid .docx: a zip whose word/document.xml holds the agreement, without the draft banner.
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const xml = docxText(bytes);
    expect(xml.includes('Management Services Agreement')).toBe(true);
    expect(xml.includes('Bluebonnet Physicians, PLLC')).toBe(true);
    expect(xml.includes('NOT FOR SIGNATURE')).toBe(false);
    // The signature-ready file carries its document record (version, hashes, acknowledgements).
    expect(xml.includes('DOCUMENT RECORD')).toBe(true);
    await page.getByRole('link', { name: 'See every checklist task' }).click();
    expect(await mainText(page)).toContain('In progress');
    expect(await page.locator('form[action^="/checklist-tasks/"]').count()).toBe(0);
    await check(page, '42-client-checklist');
    await page.goto(`${server.base}/deadlines`);
    await check(page, '43-client-key-dates');
    await page.context().close();
  });

  it('another client cannot reach the first client’s pages or files', async () => {
    const page = await signIn(CLIENT2);
    await page.goto(`${server.base}/matters`);
    expect(await page.locator('main table tbody tr').count()).toBe(1);
    expect(await mainText(page)).toContain('Okafor');
    expect(await mainText(page)).not.toContain('Lone Star');
    const matterPage = await page.goto(`${server.base}/matters/${matterId}`);
    expect(matterPage!.status()).toBe(404);
    await check(page, '50-client2-not-found');
    expect((await page.goto(`${server.base}/matters/${matterId}/checklist`))!.status()).toBe(404);
    const file = await page.request.get(`${server.base}/documents/${documentId}/versions/${executableVersion}/download`);
    expect(file.status()).toBe(404);
    const api = await page.request.get(`${server.base}/api/documents/${documentId}/versions/${executableVersion}/docx`);
    expect(api.status()).toBe(404);
    expect((await page.goto(`${server.base}/documents/${documentId}`))!.status()).toBe(403);
    await check(page, '51-client2-not-allowed');
    expect(await mainText(page)).not.toContain('Lone Star');
    await page.goto(`${server.base}/deadlines`);
    expect(await mainText(page)).not.toContain('Lone Star');
    await page.context().close();
  });

  it('reads on a narrow screen', async () => {
    const page = await newPage(390);
    await page.goto(`${server.base}/login`);
    await page.getByLabel('Email').fill(demo('attorney').email);
    await page.getByLabel('Password').fill(demo('attorney').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${server.base}/documents/${documentId}`);
    // Nothing wider than the screen but the tables' own scrolling wrappers.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await check(page, '60-narrow-document');
    await page.context().close();
  });

  it('no page has serious or critical accessibility violations', () => {
    expect(checked.length).toBeGreaterThan(30);
    expect(violations).toEqual([]);
  });
});
