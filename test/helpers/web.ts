import type { makeTestApp } from './test-app.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
export type Fields = Record<string, string | string[]>;

/** Posts a form as a browser does: urlencoded, with its Origin (the csrf() check needs it). */
export function postForm(t: TestApp, path: string, cookie: string, fields: Fields, origin = 'http://localhost') {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return t.request(path, { method: 'POST', cookie, headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, body: body.toString() });
}

/**
 * A value as the form fields that would post it: nested objects and rows become dotted names
 * ("nonRenewalNotice.amount", "owners.0.name"), lists of strings repeat their name.
 */
export function toFields(value: unknown, path = '', out: Fields = {}): Fields {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) out[path] = value.map(String);
  else if (Array.isArray(value)) value.forEach((row, i) => toFields(row, `${path}.${i}`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) toFields(v, path ? `${path}.${k}` : k, out);
  else if (value !== null && value !== undefined) out[path] = String(value);
  return out;
}
