import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newCheckedContext, seriousViolations } from '../helpers/browser.ts';
import { startTestIdp, type TestIdp } from '../helpers/oidc-provider.ts';
import { demoLogin, startServerProcess, stop, type ServerProcess } from '../helpers/server-process.ts';

/**
 * Issue 20's account flows in headless Chromium against the real server (the production bundle)
 * and, for single sign-on, a real OpenID provider (oidc-provider over HTTPS, its own login and
 * consent pages filled in by the browser). Each flow also shows its refusal. Every new page is
 * checked with axe-core (no serious or critical violations) and saved as a screenshot in
 * test/artifacts/issue-20/. Each test signs up its own user through the admin API, so none
 * depends on another's accounts.
 */
const ARTIFACTS = new URL('../artifacts/issue-20/', import.meta.url).pathname;
const TLS_DIR = new URL('../fixtures/tls/', import.meta.url).pathname;
const PASSWORD = 'first orchard lantern 2026';
const NEW_PASSWORD = 'second harbour compass 77';

let server: ServerProcess;
let browser: Browser;
let idp: TestIdp;
let admin = '';
const violations: string[] = [];

/** A free local port, so the provider can be told the app's redirect URI before the app starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', () => ok()));
  const { port } = probe.address() as AddressInfo;
  await new Promise((ok) => probe.close(ok));
  return port;
}

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const tls = { key: readFileSync(`${TLS_DIR}idp-key.pem`, 'utf8'), cert: readFileSync(`${TLS_DIR}idp-cert.pem`, 'utf8') };
  idp = await startTestIdp(`http://127.0.0.1:${port}/login/sso/callback`, { tls, devInteractions: true });
  server = await startServerProcess({
    env: {
      PORT: String(port),
      NODE_EXTRA_CA_CERTS: `${TLS_DIR}idp-cert.pem`,
      CLAUSEWRIGHT_OIDC_ISSUER: idp.issuer,
      CLAUSEWRIGHT_OIDC_CLIENT_ID: idp.clientId,
      CLAUSEWRIGHT_OIDC_CLIENT_SECRET: idp.clientSecret,
      CLAUSEWRIGHT_OIDC_REDIRECT_URI: idp.redirectUri,
      CLAUSEWRIGHT_OIDC_BUTTON_LABEL: 'Sign in with Example IdP',
    },
  });
  browser = await launchChromium();
  admin = await demoLogin(server.base, 'admin');
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server);
  await idp?.close();
});

/** An account made by the admin through the API, for one test. */
async function newUser(tag: string, role: 'attorney' | 'paralegal' | 'client'): Promise<{ id: number; name: string; email: string }> {
  const body = { name: `Browser ${tag}`, email: `${tag}@browser.example.test`, role, password: PASSWORD };
  const res = await fetch(`${server.base}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.base, cookie: admin }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return { id: ((await res.json()) as { user: { id: number } }).user.id, name: body.name, email: body.email };
}

async function newContext(): Promise<BrowserContext> {
  // Every page carries axe-core (test/helpers/browser.ts); bypassCSP only in case axe must be injected
  // into a page after all, the pages themselves run under the real CSP.
  // ignoreHTTPSErrors for the provider's self-signed certificate.
  const context = await newCheckedContext(browser, { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  // The provider's own pages import a web font; nothing leaves the machine.
  await context.route((url) => !url.href.startsWith(server.base) && !url.href.startsWith(idp.issuer), (route) => route.abort());
  return context;
}
async function newPage(): Promise<Page> {
  const page = await (await newContext()).newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

/** A browser with the demo admin's session (signed in once through the API in beforeAll: sign-ins are slow on purpose). */
async function signedInAdmin(): Promise<Page> {
  const page = await newPage();
  const eq = admin.indexOf('=');
  await page.context().addCookies([{ name: admin.slice(0, eq), value: admin.slice(eq + 1), url: server.base }]);
  return page;
}

/** The sign-in form's first step; where it lands depends on the account (a code, a setup, or in). */
async function passwordStep(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** axe-core on the current page (serious and critical fail), then a full-page screenshot. */
async function check(page: Page, name: string): Promise<void> {
  violations.push(...(await seriousViolations(page, name)));
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

const mainText = (page: Page) => page.textContent('main').then((t) => t ?? '');
/** Turns off the browser's own required/min checks so the server's answer is what is tested. */
const serverValidates = (page: Page, form: string) => page.evaluate(`document.querySelector(${JSON.stringify(form)}).noValidate = true`);
const whoAmI = (page: Page) => page.evaluate('fetch("/api/auth/me").then((r) => r.status)') as Promise<number>;

/** The authenticator app: the code for `secret` now, or `steps` 30-second steps later (a code is accepted once per step; one step of drift is allowed). */
const totp = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
/** Six digits that are not the current (or a neighbouring) code. */
function wrongCode(secret: string): string {
  const near = new Set([-1, 0, 1, 2].map((s) => totp(secret, s)));
  for (let n = 123456; ; n++) if (!near.has(String(n))) return String(n);
}

/** Reads the secret text under the QR code and confirms with a wrong code (refused), then the right one; returns the secret and the recovery codes shown. */
async function scanAndConfirm(page: Page, prefix: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const secret = (await page.locator('#mfa-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  expect(await page.getByRole('img', { name: 'QR code for your authenticator app' }).getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  await check(page, `${prefix}-scan`);
  await page.getByLabel('Code shown by the app').fill(wrongCode(secret));
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await expect.poll(() => page.locator('#code-error').textContent()).toContain('not accepted');
  await check(page, `${prefix}-wrong-code`);
  await page.getByLabel('Code shown by the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
  const recoveryCodes = (await page.locator('#recovery-codes code').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
  await check(page, `${prefix}-recovery-codes`);
  return { secret, recoveryCodes };
}

/** Shared by the enrolment and the second-step tests. */
let enrolled: { email: string; secret: string; recoveryCodes: string[] } | null = null;

describe('accounts in the browser (issue 20)', { timeout: 240_000 }, () => {
  it('changes the own password: a wrong current password is refused beside the field; the other browser is signed out', async () => {
    const user = await newUser('password-change', 'paralegal');
    const page = await newPage();
    await passwordStep(page, user.email, PASSWORD);
    const other = await newPage();
    await passwordStep(other, user.email, PASSWORD);
    expect(await whoAmI(other)).toBe(200);

    await page.getByRole('link', { name: 'Password', exact: true }).click();
    await check(page, 'password-01-form');
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.locator('#currentPassword-error').textContent()).toContain('not correct');
    expect(await page.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'password-02-wrong-current');

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => mainText(page)).toContain('Password changed. Your other sessions were signed out.');
    await check(page, 'password-03-changed');
    expect(await whoAmI(page)).toBe(200);
    // The second browser's session ended: its next page is the sign-in form.
    await other.goto(`${server.base}/matters`);
    expect(new URL(other.url()).pathname).toBe('/login');
    await passwordStep(other, user.email, NEW_PASSWORD);
    expect(await whoAmI(other)).toBe(200);
    await page.context().close();
    await other.context().close();
  });

  it('admin issues a reset code on the users page; the user redeems it on the public page; a used or superseded code is refused', async () => {
    const user = await newUser('password-reset', 'client');
    const adminPage = await signedInAdmin();
    await adminPage.goto(`${server.base}/admin/users`);
    const issue = async () => {
      await adminPage.getByRole('button', { name: `Issue a password reset code for ${user.name}` }).click();
      await adminPage.locator('#issued-reset').waitFor();
      return (await adminPage.locator('#issued-reset code').first().textContent())!.trim();
    };
    const superseded = await issue();
    const code = await issue();
    expect(code).not.toBe(superseded);
    await check(adminPage, 'reset-01-admin-issued');
    const link = (await adminPage.locator('#issued-reset code').nth(1).textContent())!.trim();
    expect(link).toContain(`/password/reset?code=${code}`);

    const page = await newPage();
    await page.goto(`${server.base}/password/reset?code=${superseded}`);
    await check(page, 'reset-02-form');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.locator('main .errors, main [role=alert]').first().textContent()).toMatch(/code/i);
    await check(page, 'reset-03-superseded-refused');

    await page.goto(`${server.base}/password/reset?code=${code}`);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect(await mainText(page)).toContain('Password set. Sign in with it.');
    await passwordStep(page, user.email, NEW_PASSWORD);
    expect(await whoAmI(page)).toBe(200);

    // The same code again, from another browser: refused, and the password stays.
    const again = await newPage();
    await again.goto(`${server.base}/password/reset?code=${code}`);
    await again.getByLabel('New password').fill('third lighthouse anchor 5');
    await again.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => again.locator('main .errors, main [role=alert]').first().textContent()).toMatch(/code/i);
    await check(again, 'reset-04-used-refused');
    await passwordStep(again, user.email, NEW_PASSWORD);
    expect(await whoAmI(again)).toBe(200);
    for (const p of [adminPage, page, again]) await p.context().close();
  });

  it('sets up two-step sign-in: the secret text gives the code, a wrong code is refused, recovery codes are shown once', async () => {
    const user = await newUser('mfa-enrol', 'attorney');
    const page = await newPage();
    await passwordStep(page, user.email, PASSWORD);
    await page.getByRole('link', { name: 'Two-step sign-in', exact: true }).click();
    expect(await mainText(page)).toContain('Off.');
    await check(page, 'mfa-01-account-off');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const { secret, recoveryCodes } = await scanAndConfirm(page, 'mfa-02');
    await page.getByRole('link', { name: 'I have saved them — continue' }).click();
    expect(await mainText(page)).toContain('Recovery codes left: 10');
    // Shown once: neither the account page nor a reload shows a recovery code or the secret again.
    const html = await page.content();
    for (const code of recoveryCodes) expect(html).not.toContain(code);
    expect(html).not.toContain(secret);
    await check(page, 'mfa-03-account-on');
    await page.context().close();
    enrolled = { email: user.email, secret, recoveryCodes };
  });

  it('signs in with the second step: a wrong code is refused; a recovery code works once', async () => {
    expect(enrolled).not.toBeNull();
    const { email, secret, recoveryCodes } = enrolled!;
    const page = await newPage();
    await passwordStep(page, email, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/login/mfa');
    expect(await whoAmI(page)).toBe(401);
    await check(page, 'signin-01-code');
    await page.getByLabel('Code from your authenticator app').fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#code-error').textContent()).toContain('not accepted');
    expect(await whoAmI(page)).toBe(401);
    await check(page, 'signin-02-wrong-code');
    // The enrolment used this step's code; the next step's is within the allowed drift and not yet used.
    await page.getByLabel('Code from your authenticator app').fill(totp(secret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    expect(await whoAmI(page)).toBe(200);
    await page.context().close();

    const lost = await newPage();
    await passwordStep(lost, email, PASSWORD);
    await lost.getByRole('link', { name: 'Lost your phone? Use a recovery code' }).click();
    await check(lost, 'signin-03-recovery');
    await lost.getByLabel('Recovery code').fill(recoveryCodes[0]!.toUpperCase());
    await lost.getByRole('button', { name: 'Sign in' }).click();
    await lost.waitForURL((url) => !url.pathname.startsWith('/login'));
    expect(await whoAmI(lost)).toBe(200);
    await lost.goto(`${server.base}/account/mfa`);
    expect(await mainText(lost)).toContain('Recovery codes left: 9');
    await lost.context().close();

    const reused = await newPage();
    await passwordStep(reused, email, PASSWORD);
    await reused.getByRole('link', { name: 'Lost your phone? Use a recovery code' }).click();
    await reused.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await reused.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => reused.locator('#code-error').textContent()).toContain('not accepted');
    expect(await whoAmI(reused)).toBe(401);
    await check(reused, 'signin-04-recovery-reused');
    await reused.context().close();
  });

  it('the role policy makes a client set up two-step sign-in before reaching any page', async () => {
    const user = await newUser('policy', 'client');
    const adminPage = await signedInAdmin();
    await adminPage.goto(`${server.base}/admin/users`);
    const clientBox = adminPage.locator('#mfa-policy').getByLabel('client', { exact: true });
    await clientBox.check();
    await adminPage.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => mainText(adminPage)).toContain('Two-step sign-in policy saved');
    try {
      const page = await newPage();
      await passwordStep(page, user.email, PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/login/mfa/setup');
      await check(page, 'policy-01-setup-intro');
      // Nothing else is reachable before the setup is done.
      expect(await whoAmI(page)).toBe(401);
      await page.goto(`${server.base}/matters`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.goto(`${server.base}/login/mfa/setup`);
      await page.getByRole('button', { name: 'Show my QR code' }).click();
      await scanAndConfirm(page, 'policy-02');
      await page.getByRole('link', { name: 'I have saved them — continue' }).click();
      expect(await whoAmI(page)).toBe(200);
      await page.context().close();
    } finally {
      await adminPage.goto(`${server.base}/admin/users`);
      await adminPage.locator('#mfa-policy').getByLabel('client', { exact: true }).uncheck();
      await adminPage.getByRole('button', { name: 'Save policy' }).click();
      await expect.poll(() => mainText(adminPage)).toContain('Two-step sign-in policy saved');
      await adminPage.context().close();
    }
  });

  it('signs in through the organisation’s provider (its own login and consent pages); an unknown e-mail gets the plain refusal', async () => {
    const user = await newUser('sso', 'attorney');
    idp.accounts.set('sso-user', { email: user.email, email_verified: true });
    idp.accounts.set('stranger', { email: 'stranger@browser.example.test', email_verified: true });

    const atProvider = async (page: Page, login: string) => {
      await page.goto(`${server.base}/login?next=%2Fmatters`);
      await check(page, `sso-${login}-01-login`);
      await page.getByRole('link', { name: 'Sign in with Example IdP' }).click();
      await page.waitForURL((url) => url.href.startsWith(idp.issuer));
      await page.locator('input[name=login]').fill(login);
      await page.locator('input[name=password]').fill('anything');
      await page.screenshot({ path: `${ARTIFACTS}sso-${login}-02-provider-login.png` });
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).waitFor();
      await page.screenshot({ path: `${ARTIFACTS}sso-${login}-03-provider-consent.png` });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.href.startsWith(server.base));
    };

    const page = await newPage();
    await atProvider(page, 'sso-user');
    expect(new URL(page.url()).pathname).toBe('/matters');
    expect(await page.locator('.who').textContent()).toContain(user.name);
    const me = JSON.parse((await page.evaluate('fetch("/api/auth/me").then((r) => r.text())')) as string);
    expect(me.user.email).toBe(user.email);
    expect(me.user.role).toBe('attorney');
    await page.context().close();

    const stranger = await newPage();
    await atProvider(stranger, 'stranger');
    expect(new URL(stranger.url()).pathname).toBe('/login/sso/callback');
    await stranger.getByRole('heading', { name: 'You are not signed in' }).waitFor();
    expect(await stranger.getByRole('alert').textContent()).toContain('No clausewright account uses stranger@browser.example.test');
    expect(await whoAmI(stranger)).toBe(401);
    await check(stranger, 'sso-05-unknown-refused');
    await stranger.context().close();
    // Nothing was created for the stranger.
    const users = ((await (await fetch(`${server.base}/api/users`, { headers: { cookie: admin } })).json()) as { users: { email: string }[] }).users;
    expect(users.map((u) => u.email)).not.toContain('stranger@browser.example.test');
  });

  it('makes an API token on the page, uses it as a Bearer token from outside the browser, and revokes it', async () => {
    const user = await newUser('token', 'paralegal');
    const context = await newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await passwordStep(page, user.email, PASSWORD);
    await page.getByRole('link', { name: 'API tokens', exact: true }).click();
    expect(await mainText(page)).toContain('You have no API tokens.');
    await check(page, 'token-01-empty');

    await page.getByLabel('What it is for').fill('DMS sync');
    await page.getByLabel('Expires after (days)').fill('400');
    await serverValidates(page, '#new-token-form');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.locator('#t-days-error').count()).toBe(1);
    expect(await page.getByLabel('What it is for').inputValue()).toBe('DMS sync');
    await check(page, 'token-02-refused');

    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('#token-secret').waitFor();
    const secret = (await page.locator('#token-secret').textContent())!.trim();
    expect(secret).toMatch(/^cwt_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await check(page, 'token-03-created');

    // An integration: no cookie, no Origin, only the token.
    const bearer = (path: string, init: RequestInit = {}) => fetch(`${server.base}${path}`, { ...init, headers: { authorization: `Bearer ${secret}`, ...init.headers } });
    const me = await bearer('/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(user.email);
    expect((await bearer('/api/matters')).status).toBe(200);

    // A later visit lists the token without its secret (a reload of the page that showed it says it was shown once: web/one-time.ts).
    await page.goto(`${server.base}/account/tokens`);
    expect(await page.content()).not.toContain(secret);
    const row = page.getByRole('row').filter({ hasText: 'DMS sync' });
    expect(await row.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(await row.textContent()).toContain('Active');
    await page.getByRole('button', { name: 'Revoke DMS sync' }).click();
    await expect.poll(() => mainText(page)).toContain('API token revoked');
    expect(await page.getByRole('row').filter({ hasText: 'DMS sync' }).textContent()).toContain('Revoked');
    await check(page, 'token-04-revoked');
    const refused = await bearer('/api/matters');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    await context.close();
  });

  it('no new page has a serious or critical accessibility violation', () => {
    expect(violations).toEqual([]);
  });
});
