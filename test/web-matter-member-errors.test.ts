import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { postForm, toFields } from './helpers/web.ts';
import { MemberChecks } from '../web/pages/matters/member-checks.tsx';
import type { User } from '../server/schemas/user.ts';

/**
 * Issue 21: on the matter form a refused client or staff member is named beside its own entry
 * (the service's path `clientUserIds.<place in the list posted>`), not under the whole list nor
 * only at the top of the page.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t?.close());

/** The checkbox row (its .field div) holding the control `id`. */
const rowOf = (html: string, id: string) => html.match(new RegExp(`<div class="field check[^"]*">(?:(?!<div class="field)[\\s\\S])*?id="${id}"[\\s\\S]*?</div>`))?.[0];

describe('the matter form names each refused member beside its own entry', () => {
  it('a staff account ticked as a client and a client ticked as staff: each error in its own row, the valid client untouched', async () => {
    const attorney = await t.login('attorney');
    const { paralegal, client, client2 } = t.users;
    const { msoAffiliates: _a, ...matter } = sampleMatter();
    const res = await postForm(t, '/matters/new', attorney, { ...toFields(matter), clientUserIds: [String(client), String(paralegal)], staffUserIds: [String(client2)] });
    expect(res.status).toBe(400);
    const html = await res.text();

    const refusedClient = rowOf(html, `m-client-${paralegal}`);
    expect(refusedClient, 'a row for the paralegal in the client list').toBeDefined();
    expect(refusedClient).toContain(`aria-describedby="m-client-${paralegal}-error"`);
    expect(refusedClient).toMatch(new RegExp(`id="m-client-${paralegal}-error">[^<]*client`, 'i'));
    expect(refusedClient).toContain('checked');

    const refusedStaff = rowOf(html, `m-staff-${client2}`);
    expect(refusedStaff, 'a row for the client in the staff list').toBeDefined();
    expect(refusedStaff).toMatch(new RegExp(`id="m-staff-${client2}-error">[^<]*(attorney|paralegal|staff)`, 'i'));

    const accepted = rowOf(html, `m-client-${client}`);
    expect(accepted).toBeDefined();
    expect(accepted).not.toContain('class="error"');
    expect(accepted).toContain('checked');
  });

  it('an error at a place in the list posted lands beside the account at that place, among offered accounts', () => {
    const users = [5, 6, 7].map((id) => ({ id, name: `User ${id}`, email: `u${id}@example.test`, role: 'client' }) as User);
    const html = String(MemberChecks({ name: 'clientUserIds', idPrefix: 'm-client', users, describe: (u) => u.name, chosen: [7, 6], errors: { 'clientUserIds.1': 'This account cannot be added.' } }));
    expect(rowOf(html, 'm-client-6')).toContain('id="m-client-6-error">This account cannot be added.');
    expect(rowOf(html, 'm-client-7')).not.toContain('class="error"');
    expect(rowOf(html, 'm-client-5')).not.toContain('checked');
    // A whole-list error stays under the list.
    expect(String(MemberChecks({ name: 'staffUserIds', idPrefix: 'm-staff', users: [], describe: (u) => u.name, chosen: [], errors: { staffUserIds: 'Too many.' } }))).toContain('id="m-staff-list-error">Too many.');
  });
});
