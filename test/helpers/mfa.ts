import { Secret, TOTP } from 'otpauth';
import type { makeTestApp } from './test-app.ts';
import { cookieFrom } from './test-app.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

/** The code an authenticator app shows for `secret` at the test clock's time. */
export const totpAt = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });

/** Moves the clock to the next 30-second step (a code is accepted once per step) and returns that step's code. */
export function nextCode(t: TestApp, secret: string): string {
  t.clock.current = new Date(t.clock.current.getTime() + 30_000);
  return totpAt(secret, t.clock.current);
}

/** Turns two-step sign-in on for a signed-in user through the API; returns the secret and the recovery codes. */
export async function enrol(t: TestApp, cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await t.request('/api/auth/mfa/enrolment', { method: 'POST', cookie });
  if (started.status !== 201) throw new Error(`enrolment: ${started.status} ${await started.text()}`);
  const { secret } = await started.json();
  const confirmed = await t.request('/api/auth/mfa/enrolment/confirm', { method: 'POST', cookie, json: { code: nextCode(t, secret) } });
  if (confirmed.status !== 201) throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`);
  return { secret, recoveryCodes: (await confirmed.json()).recoveryCodes };
}

/** Password, then the code: the cookie of the new session. */
export async function loginWithCode(t: TestApp, who: string, secret: string, password: string): Promise<string> {
  const first = await t.request('/api/auth/login', { method: 'POST', json: { email: `${who}@example.test`, password } });
  const { challenge } = await first.json();
  const second = await t.request('/api/auth/login/mfa', { method: 'POST', json: { challenge, code: nextCode(t, secret) } });
  if (second.status !== 200) throw new Error(`mfa step: ${second.status} ${await second.text()}`);
  return cookieFrom(second);
}
