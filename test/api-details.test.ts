import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterWithDocument, sample } from './helpers/documents.ts';
import { makeTestApp } from './helpers/test-app.ts';

/**
 * Issue 21: the API's validation details in words. Each refused field keeps its machine fields
 * (path, issue) and carries its schema label and a `message` that is a sentence with that label —
 * the same words the pages show (server/http/messages.ts).
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let attorney = '';
let matterId = 0;

beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  attorney = made.attorney;
  matterId = made.matter.id;
});
afterAll(async () => t?.close());

const post = async (path: string, json: unknown) => {
  const res = await t.request(path, { method: 'POST', cookie: attorney, json });
  return { status: res.status, error: (await res.json()).error };
};

describe('validation details', () => {
  it('a request body: label from the schema, a plain sentence, machine fields kept', async () => {
    const { status, error } = await post(`/api/matters/${matterId}/clients`, { name: '', email: 'not an address' });
    expect(status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.details.fields).toEqual([
      { path: 'name', issue: 'too_small', label: 'Client’s full name', message: 'Client’s full name: This is required.' },
      { path: 'email', issue: 'invalid_format', label: 'Client’s e-mail', message: 'Client’s e-mail: Enter an email address.' },
    ]);
    expect(error.message).toBe('The request is not valid: Client’s full name: This is required.; Client’s e-mail: Enter an email address.');
  });

  it('a matter: each missing party field named as the form names it', async () => {
    const { error } = await post('/api/matters', { title: 'Half a matter', peName: '' });
    const byPath = Object.fromEntries(error.details.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
    expect(byPath.peName).toBe('Professional entity legal name: This is required.');
    expect(byPath.msoState).toBe('MSO state of organization: Choose one of the options offered.');
    expect(JSON.stringify(error)).not.toMatch(/Too small|Invalid input|expected (string|array|number)/);
  });

  it('a document’s answers: labelled by the kind’s questionnaire (422)', async () => {
    const { status, error } = await post(`/api/matters/${matterId}/documents`, { kind: 'msa', answers: { ...sample('msa'), initialTermMonths: 'twelve', services: [] } });
    expect(status).toBe(422);
    const fields = error.details.fields as { path: string; issue: string; label: string; message: string }[];
    expect(fields.find((f) => f.path === 'answers.initialTermMonths')).toMatchObject({ issue: 'invalid_type', label: 'Initial term (months)', message: 'Initial term (months): Enter a number.' });
    expect(fields.find((f) => f.path === 'answers.services')).toMatchObject({ issue: 'too_small', message: 'Services the MSO provides: Choose at least one.' });
    expect(error.message).not.toMatch(/answers\.|Too small|Invalid input/);
  });

  it('an id in the address', async () => {
    const res = await t.request('/api/matters/abc', { cookie: attorney });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.fields[0]).toEqual({ path: 'id', issue: 'invalid_format', label: 'Id', message: 'Id: Must be a positive whole number.' });
  });
});
