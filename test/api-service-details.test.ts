import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, matterWithDocument } from './helpers/documents.ts';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { postForm } from './helpers/web.ts';

/**
 * Issue 21: a field a service refuses after validation (a duplicate e-mail, a date signed in the
 * future, a staff member's address given as a client's) reads like a validation failure — the
 * route schema's label and a plain sentence (server/routes/router.ts labelRefusals), machine fields
 * kept — and a page says it beside the field.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let attorney = '';
let matterId = 0;
let documentId = 0;
beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  attorney = made.attorney;
  matterId = made.matter.id;
  documentId = made.document.id;
  expect((await approve(t, attorney, documentId, made.version)).status).toBe(200);
});
afterAll(async () => t?.close());

type Problem = { path: string; issue: string; label?: string; message: string };
const problemsOf = async (res: { json(): Promise<any> }) => (await res.json()).error.details.fields as Problem[];

/** The shape every labelled problem has: its label, then its sentence; never the bare path or a lower-case fragment. */
function expectLabelled(p: Problem, path: string, issue: string, sentence: string) {
  expect(p).toMatchObject({ path, issue });
  expect(p.label).toBeTruthy();
  expect(p.label).not.toBe(path);
  expect(p.message).toBe(`${p.label}: ${sentence}`);
}

describe('service refusals in the API: label and sentence', () => {
  it('a duplicate e-mail (users)', async () => {
    const res = await t.request('/api/users', { method: 'POST', cookie: await t.login('admin'), json: { email: 'attorney@example.test', name: 'Again', role: 'paralegal', password: 'a long enough password' } });
    expect(res.status).toBe(409);
    expectLabelled((await problemsOf(res))[0]!, 'email', 'duplicate', 'Another user already has this e-mail address.');
  });

  it('a date signed in the future (execution)', async () => {
    const res = await t.request(`/api/documents/${documentId}/status`, { method: 'POST', cookie: await t.login('paralegal'), json: { to: 'executed', executedOn: '2031-01-01' } });
    expect(res.status).toBe(422);
    expectLabelled((await problemsOf(res))[0]!, 'executedOn', 'execution_date_in_future', 'The date signed may not be after today.');
  });

  it('a staff member’s address given for a client (invitation)', async () => {
    const res = await t.request(`/api/matters/${matterId}/clients`, { method: 'POST', cookie: attorney, json: { name: 'Pat Paralegal', email: 'paralegal@example.test' } });
    expect(res.status).toBe(409);
    const [p] = await problemsOf(res);
    expectLabelled(p!, 'email', 'email_of_staff_account', 'This e-mail address belongs to a firm account, not a client.');
    expect(p!.label).toBe('Client’s e-mail');
  });

  it('a member in the wrong place: the entry refused, by its own position', async () => {
    const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ clientUserIds: [t.users.client, t.users.attorney] }) });
    expect(res.status).toBe(400);
    const problems = await problemsOf(res);
    const p = problems.find((x) => x.issue === 'not_a_client')!;
    expect(p.path).toBe('clientUserIds.1');
    expect(p.label).toMatch(/, entry 2$/);
    expect(p.message).toBe(`${p.label}: User ${t.users.attorney} is not a client user.`);
  });

  it('a wrong current password (account)', async () => {
    const res = await t.request('/api/auth/password', { method: 'POST', cookie: await t.login('client'), json: { currentPassword: 'not the password at all', newPassword: 'quiet harbour seventeen' } });
    expect(res.status).toBe(400);
    const [p] = await problemsOf(res);
    expect(p).toMatchObject({ path: 'currentPassword', label: 'Current password', message: 'Current password: This is not correct.' });
  });
});

describe('service refusals on a page: beside the field', () => {
  it('a date signed in the future is said beside the date, which is kept', async () => {
    const res = await postForm(t, `/documents/${documentId}/status`, await t.login('paralegal'), { to: 'executed', executedOn: '2031-01-01' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p class="error" id="executed-on-error">The date signed may not be after today\.<\/p>/);
    expect(html).toMatch(/id="executed-on"[^>]*value="2031-01-01"|value="2031-01-01"[^>]*id="executed-on"/);
  });
});

describe('fragments that need a subject', () => {
  it('read as sentences beside the field', async () => {
    const { plainMessage } = await import('../server/http/messages.ts');
    expect(plainMessage('is not correct')).toBe('This is not correct.');
    expect(plainMessage('was used already')).toBe('This was used already.');
    expect(plainMessage('is required unless the loan is payable on demand')).toBe('This is required unless the loan is payable on demand.');
    expect(plainMessage('must not list a service twice')).toBe('Must not list a service twice.');
  });
});
