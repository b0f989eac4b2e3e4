import { createHash } from 'node:crypto';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { matterWithDocument, sample } from './helpers/documents.ts';
import { HOSTILE_FILES } from './helpers/hostile-files.ts';

/**
 * Bad inputs across the API (../shared/reference/reliability-security.md §3.3): each gets a
 * clear 4xx with a stable error code, and afterwards nothing stored has changed except the
 * audit trail of refused logins. Every case is listed in the report this file prints.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let attorney: string;
let admin: string;
let matterId: number;
let documentId: number;
let before: string;

const TABLES = ['users', 'matters', 'matter_owners', 'matter_members', 'documents', 'document_versions', 'renditions', 'signed_copies', 'warning_acks', 'clause_versions', 'reference_revisions', 'deadlines', 'checklist_tasks', 'document_renewals', 'reminder_settings', 'calendar_tokens'];

async function snapshot(): Promise<string> {
  const hash = createHash('sha256');
  // Rows in a canonical order of their own (the same on SQLite and PostgreSQL, which has no rowid).
  for (const table of TABLES) hash.update(JSON.stringify((await t.db.all(`SELECT * FROM ${table}`)).map((row) => JSON.stringify(row)).sort()));
  return hash.digest('hex');
}

beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  attorney = made.attorney;
  matterId = made.matter.id;
  documentId = made.document.id;
  admin = await t.login('admin');
  before = await snapshot();
});
afterAll(async () => t?.close());

interface Case {
  name: string;
  method?: string;
  path: () => string;
  body?: () => RequestInit['body'];
  type?: string | null;
  as?: 'attorney' | 'admin' | 'none';
  status: number | number[];
  code?: string;
  reason?: string;
}

const json = (value: unknown) => () => JSON.stringify(value);
const msa = () => sample('msa');
const createDoc = (answers: Record<string, unknown>) => json({ kind: 'msa', answers });
const docs = () => `/api/matters/${matterId}/documents`;
const matters = () => '/api/matters';

function zip(parts: Record<string, string | Buffer>): Buffer {
  const z = new PizZip();
  z.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  z.file('word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>');
  for (const [k, v] of Object.entries(parts)) z.file(k, v);
  return z.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
const upload = (bytes: Buffer, name = 'x.docx') => () => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return form;
};

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

const CASES: Case[] = [
  // Malformed and truncated JSON, wrong media types
  { name: 'truncated JSON', method: 'POST', path: matters, body: () => '{"title":', status: 400, code: 'malformed_json' },
  { name: 'empty body', method: 'POST', path: matters, body: () => '', status: 400, code: 'malformed_json' },
  { name: 'NaN literal', method: 'POST', path: matters, body: () => '{"title": NaN}', status: 400, code: 'malformed_json' },
  { name: 'trailing garbage', method: 'POST', path: matters, body: () => '{} x', status: 400, code: 'malformed_json' },
  { name: 'JSON with text/plain', method: 'POST', path: matters, body: json(sampleMatter()), type: 'text/plain', status: 415, code: 'unsupported_media_type' },
  { name: 'JSON as form-urlencoded', method: 'POST', path: matters, body: json(sampleMatter()), type: 'application/x-www-form-urlencoded', status: [403, 415] },
  { name: 'JSON as multipart', method: 'POST', path: matters, body: json(sampleMatter()), type: 'multipart/form-data; boundary=x', status: [403, 415] },
  { name: 'no content type', method: 'POST', path: matters, body: json(sampleMatter()), type: null, status: [403, 415] },
  { name: 'XML content type', method: 'POST', path: matters, body: () => '<matter/>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
  { name: 'array instead of object', method: 'POST', path: matters, body: json([sampleMatter()]), status: 400, code: 'validation_failed' },
  { name: 'scalar instead of object', method: 'POST', path: matters, body: json('matter'), status: 400, code: 'validation_failed' },
  { name: 'null body', method: 'POST', path: matters, body: json(null), status: 400, code: 'validation_failed' },
  { name: 'JSON nested 10,000 deep', method: 'POST', path: matters, body: () => deep(10_000), status: 400 },
  { name: 'JSON nested 100,000 deep', method: 'POST', path: matters, body: () => deep(100_000), status: [400, 413] },
  // Unknown fields and prototype keys
  { name: 'unknown field isAdmin', method: 'POST', path: matters, body: json({ ...sampleMatter(), isAdmin: true }), status: 400, code: 'validation_failed' },
  { name: 'unknown field createdBy', method: 'POST', path: matters, body: json({ ...sampleMatter(), createdBy: 1 }), status: 400, code: 'validation_failed' },
  { name: '__proto__ key', method: 'POST', path: matters, body: () => JSON.stringify(sampleMatter()).replace('{', '{"__proto__":{"role":"admin"},'), status: 400, code: 'validation_failed' },
  { name: 'constructor.prototype key', method: 'POST', path: matters, body: () => JSON.stringify(sampleMatter()).replace('{', '{"constructor":{"prototype":{"x":1}},'), status: 400, code: 'validation_failed' },
  { name: 'status smuggled into a new version', method: 'POST', path: () => `/api/documents/${documentId}/versions`, body: json({ baseVersionNo: 1, answers: msa(), status: 'executed' }), status: 400, code: 'validation_failed' },
  { name: 'unknown answer field', method: 'POST', path: docs, body: createDoc({ ...msa(), secretFee: 1 }), status: 422, code: 'unprocessable' },
  { name: 'answer key __proto__', method: 'POST', path: docs, body: () => JSON.stringify({ kind: 'msa', answers: msa() }).replace('"answers":{', '"answers":{"__proto__":{"x":1},'), status: 400, code: 'validation_failed' },
  { name: 'nested answer key constructor', method: 'POST', path: docs, body: () => JSON.stringify({ kind: 'msa', answers: msa() }).replace('"msoSignatory":{', '"msoSignatory":{"constructor":{"prototype":{}},'), status: 400, code: 'validation_failed' },
  // Wrong types and missing fields
  { name: 'missing title', method: 'POST', path: matters, body: json({ ...sampleMatter(), title: undefined }), status: 400, code: 'validation_failed' },
  { name: 'blank title', method: 'POST', path: matters, body: json(sampleMatter({ title: '   ' })), status: 400, code: 'validation_failed' },
  { name: 'title 201 characters', method: 'POST', path: matters, body: json(sampleMatter({ title: 'x'.repeat(201) })), status: 400, code: 'validation_failed' },
  { name: 'amount as string', method: 'POST', path: docs, body: createDoc({ ...msa(), monthlyFee: '42500' }), status: 422, code: 'unprocessable' },
  { name: 'boolean as string', method: 'POST', path: docs, body: createDoc({ ...msa(), handlesPhi: 'yes' }), status: 422 },
  { name: 'services not an array', method: 'POST', path: docs, body: createDoc({ ...msa(), services: 'billing' }), status: 422 },
  { name: 'unknown service', method: 'POST', path: docs, body: createDoc({ ...msa(), services: ['surgery'] }), status: 422 },
  { name: 'duplicate services', method: 'POST', path: docs, body: createDoc({ ...msa(), services: ['billing', 'billing'] }), status: 422 },
  { name: 'unknown fee model', method: 'POST', path: docs, body: createDoc({ ...msa(), feeModel: 'equity' }), status: 422 },
  { name: 'unknown document kind', method: 'POST', path: docs, body: json({ kind: 'nda', answers: msa() }), status: 400, code: 'validation_failed' },
  { name: 'ownership over 100%', method: 'POST', path: matters, body: json(sampleMatter({ owners: [{ name: 'A', licensed: true, licenseState: 'TX', ownershipPct: 101 }] })), status: 400 },
  { name: 'ownership not totalling 100%', method: 'POST', path: matters, body: json(sampleMatter({ owners: [{ name: 'A', licensed: true, licenseState: 'TX', ownershipPct: 60 }] })), status: 400 },
  { name: 'unknown state', method: 'POST', path: matters, body: json(sampleMatter({ peState: 'ZZ' })), status: 400 },
  { name: 'unknown entity type', method: 'POST', path: matters, body: json(sampleMatter({ peEntityType: 'LLP' })), status: 400 },
  // Money, percentages, numbers
  { name: 'negative money', method: 'POST', path: docs, body: createDoc({ ...msa(), monthlyFee: -1 }), status: 422 },
  { name: 'money with three decimals', method: 'POST', path: docs, body: createDoc({ ...msa(), monthlyFee: 100.001 }), status: 422 },
  { name: 'money over the maximum', method: 'POST', path: docs, body: createDoc({ ...msa(), monthlyFee: 1e12 }), status: 422 },
  { name: 'percentage over 100', method: 'POST', path: docs, body: createDoc({ ...msa(), collectionsPct: 101 }), status: 422 },
  { name: 'negative percentage', method: 'POST', path: docs, body: createDoc({ ...msa(), costPlusMarginPct: -3 }), status: 422 },
  { name: 'fractional term', method: 'POST', path: docs, body: createDoc({ ...msa(), initialTermMonths: 12.5 }), status: 422 },
  { name: 'zero term', method: 'POST', path: docs, body: createDoc({ ...msa(), initialTermMonths: 0 }), status: 422 },
  { name: 'huge number', method: 'POST', path: docs, body: () => JSON.stringify({ kind: 'msa', answers: msa() }).replace('"initialTermMonths":60', '"initialTermMonths":1e400'), status: [400, 422] },
  // Dates
  { name: 'impossible date 2025-02-30', method: 'POST', path: docs, body: createDoc({ ...msa(), effectiveDate: '2025-02-30' }), status: 422 },
  { name: 'month 13', method: 'POST', path: docs, body: createDoc({ ...msa(), effectiveDate: '2025-13-01' }), status: 422 },
  { name: 'US date format', method: 'POST', path: docs, body: createDoc({ ...msa(), effectiveDate: '02/03/2025' }), status: 422 },
  { name: 'year 0000', method: 'POST', path: docs, body: createDoc({ ...msa(), effectiveDate: '0000-01-01' }), status: 422 },
  { name: 'year 10000', method: 'POST', path: docs, body: createDoc({ ...msa(), effectiveDate: '10000-01-01' }), status: 422 },
  { name: 'Feb 29 in a common year', method: 'POST', path: docs, body: createDoc({ ...msa(), fmvOpinionDate: '2026-02-29' }), status: 422 },
  { name: 'datetime instead of date', method: 'POST', path: docs, body: createDoc({ ...msa(), effectiveDate: '2027-01-01T00:00:00Z' }), status: 422 },
  { name: 'LOC maturing before it is made', method: 'POST', path: docs, body: json({ kind: 'loc', answers: { ...sample('loc'), maturityDate: '2024-01-01' } }), status: 422 },
  { name: 'executed with impossible date', method: 'POST', path: () => `/api/documents/${documentId}/status`, body: json({ to: 'executed', executedOn: '2025-02-30' }), status: 400 },
  // Characters: control, non-characters, surrogates, bidi, zero-width
  { name: 'NUL in a party name', method: 'POST', path: matters, body: json(sampleMatter({ peName: 'Blue\u0000bonnet' })), status: 400 },
  { name: 'vertical tab in a title', method: 'POST', path: matters, body: json(sampleMatter({ title: 'A\u000bB' })), status: 400 },
  { name: 'form feed in a signatory', method: 'POST', path: docs, body: createDoc({ ...msa(), msoSignatory: { name: 'A\u000cB', title: 'CEO' } }), status: 422 },
  { name: 'U+FFFE in a name', method: 'POST', path: docs, body: createDoc({ ...msa(), fmvValuator: 'Val\ufffeuator' }), status: 422 },
  { name: 'U+FFFF in an address', method: 'POST', path: docs, body: createDoc({ ...msa(), msoNoticeAddress: 'x\uffff' }), status: 422 },
  { name: 'unpaired surrogate', method: 'POST', path: docs, body: () => JSON.stringify({ kind: 'msa', answers: { ...msa(), fmvValuator: 'PLACEHOLDER' } }).replace('PLACEHOLDER', '\\ud800'), status: 422 },
  { name: 'right-to-left override in a party name', method: 'POST', path: matters, body: json(sampleMatter({ msoName: 'Evil \u202Egnp.exe' })), status: 400 },
  { name: 'bidi isolate in a signatory name', method: 'POST', path: docs, body: createDoc({ ...msa(), practiceSignatory: { name: 'Dr \u2066X\u2069', title: 'MD' } }), status: 422 },
  { name: 'control characters in a clause override', method: 'POST', path: docs, body: json({ kind: 'msa', answers: msa(), overrides: { 'msa.general.severability': 'bad \u0007 bell' } }), status: 422 },
  { name: 'override for an unknown clause', method: 'POST', path: docs, body: json({ kind: 'msa', answers: msa(), overrides: { 'msa.nope': 'text' } }), status: 422 },
  { name: 'override with an unknown {tag}', method: 'POST', path: docs, body: json({ kind: 'msa', answers: msa(), overrides: { 'msa.general.severability': 'Pay {constructor} now.' } }), status: 422 },
  { name: 'override with an unbalanced brace', method: 'POST', path: docs, body: json({ kind: 'msa', answers: msa(), overrides: { 'msa.general.severability': 'Pay {x now.' } }), status: 422 },
  { name: 'override with a loop tag', method: 'POST', path: docs, body: json({ kind: 'msa', answers: msa(), overrides: { 'msa.general.severability': '{#items}{/items}' } }), status: 422 },
  { name: 'override with an expression', method: 'POST', path: docs, body: json({ kind: 'msa', answers: msa(), overrides: { 'msa.general.severability': '{this.constructor.constructor("return process")()}' } }), status: 422 },
  // Huge strings and arrays
  { name: 'huge string in a name', method: 'POST', path: docs, body: createDoc({ ...msa(), fmvValuator: 'x'.repeat(100_000) }), status: 422 },
  { name: 'huge clause override', method: 'POST', path: docs, body: json({ kind: 'msa', answers: msa(), overrides: { 'msa.general.severability': 'word '.repeat(5_000) } }), status: 400 },
  { name: 'array of 50,000 services', method: 'POST', path: docs, body: createDoc({ ...msa(), services: Array(50_000).fill('billing') }), status: [413, 422] },
  { name: 'body over the limit', method: 'POST', path: matters, body: json(sampleMatter({ title: 'x'.repeat(600_000) })), status: 413, code: 'payload_too_large' },
  { name: '1,000 owners', method: 'POST', path: matters, body: json(sampleMatter({ owners: Array(1000).fill({ name: 'A', licensed: true, licenseState: 'TX', ownershipPct: 0.1 }) })), status: 400 },
  // Path traversal and bad ids
  { name: 'id abc', path: () => '/api/matters/abc', status: 400, code: 'bad_request' },
  { name: 'id 1.5', path: () => '/api/matters/1.5', status: 400 },
  { name: 'id -1', path: () => '/api/matters/-1', status: 400 },
  { name: 'id with 20 digits', path: () => '/api/matters/99999999999999999999', status: 400 },
  { name: 'encoded traversal in an id', path: () => '/api/documents/..%2f..%2fetc%2fpasswd/versions/1/docx', status: [400, 404] },
  { name: 'double-encoded traversal', path: () => '/api/documents/%252e%252e/versions/1/docx', status: [400, 404] },
  { name: 'NUL in an id', path: () => '/api/documents/1%00/versions/1/docx', status: [400, 404] },
  { name: 'version that does not exist', path: () => `/api/documents/${documentId}/versions/99/docx`, status: 404, code: 'not_found' },
  { name: 'document that does not exist', path: () => '/api/documents/424242', status: 404, code: 'not_found' },
  { name: 'unknown API route with an encoded slash', path: () => '/api/etc%2fpasswd', status: 404, code: 'not_found' },
  { name: 'bad month in a reference path', method: 'PUT', as: 'admin', path: () => '/api/admin/reference/afr/2025-13', body: json({}), status: 400 },
  { name: 'bad state in a reference path', method: 'PUT', as: 'admin', path: () => '/api/admin/reference/jurisdictions/XX', body: json({}), status: 400 },
  { name: 'compare with a bad range', path: () => `/api/documents/${documentId}/compare?from=a&to=1`, status: 400 },
  // Uploads
  { name: 'non-zip upload', method: 'POST', path: () => '/api/documents/identify', body: upload(Buffer.from('plain text, not a document')), type: null, status: 422, reason: 'unsupported_file_type' },
  { name: 'empty upload', method: 'POST', path: () => '/api/documents/identify', body: upload(Buffer.alloc(0)), type: null, status: 422, reason: 'empty_file' },
  { name: 'truncated zip upload', method: 'POST', path: () => '/api/documents/identify', body: upload(zip({}).subarray(0, 100)), type: null, status: 422, reason: 'invalid_docx' },
  { name: 'zip bomb upload', method: 'POST', path: () => '/api/documents/identify', body: upload(zip({ 'word/bomb.xml': Buffer.alloc(60 * 1024 * 1024, 32) })), type: null, status: 422, reason: 'zip_bomb' },
  { name: '.docm upload', method: 'POST', path: () => '/api/documents/identify', body: upload(zip({ 'word/vbaProject.bin': Buffer.from([0]) }), 'x.docm'), type: null, status: 422, reason: 'macros_not_allowed' },
  { name: 'external template relationship', method: 'POST', path: () => '/api/documents/identify', body: upload(zip({ 'word/_rels/settings.xml.rels': '<Relationships><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://evil/t.dotm" TargetMode="External"/></Relationships>' })), type: null, status: 422, reason: 'external_relationship' },
  { name: 'DOCTYPE in a part', method: 'POST', path: () => '/api/documents/identify', body: upload(zip({ 'word/document.xml': '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' })), type: null, status: 422, reason: 'dtd_not_allowed' },
  { name: 'path traversal in a zip entry', method: 'POST', path: () => '/api/documents/identify', body: upload(zip({ '../../etc/cron.d/x': 'x' })), type: null, status: 422, reason: 'unsafe_path' },
  { name: 'oversized upload', method: 'POST', path: () => '/api/documents/identify', body: upload(Buffer.alloc(11 * 1024 * 1024)), type: null, status: 413 },
  { name: 'upload without a file field', method: 'POST', path: () => '/api/documents/identify', body: () => new FormData(), type: null, status: 400 },
  { name: 'upload as JSON', method: 'POST', path: () => '/api/documents/identify', body: json({ file: 'UEsDBA==' }), status: 415 },
  { name: 'signed copy before execution', method: 'POST', path: () => `/api/documents/${documentId}/signed-copy`, body: upload(Buffer.from('%PDF-1.7\n')), type: null, status: 409 },
  // Values that look like template tags are data (accepted; covered in documents.test.ts) — here, the states that cannot be reached
  { name: 'stale base version', method: 'POST', path: () => `/api/documents/${documentId}/versions`, body: json({ baseVersionNo: 7, answers: msa() }), status: 409, code: 'conflict' },
  { name: 'skipping to executed', method: 'POST', path: () => `/api/documents/${documentId}/status`, body: json({ to: 'executed', executedOn: '2026-11-20' }), status: 409, code: 'conflict' },
  { name: 'unknown status', method: 'POST', path: () => `/api/documents/${documentId}/status`, body: json({ to: 'signed' }), status: 400 },
  { name: 'acknowledging a warning that is not there', method: 'POST', path: () => `/api/documents/${documentId}/versions/1/acknowledgements`, body: json({ ruleId: 'msa.term-at-least-one-year', reason: 'x' }), status: 400 },
  { name: 'acknowledging with an empty reason', method: 'POST', path: () => `/api/documents/${documentId}/versions/1/acknowledgements`, body: json({ ruleId: 'msa.marketing-government-payers', reason: '' }), status: 400 },
  // Deadlines, renewals, checklist tasks, reminders
  { name: 'renewal of a draft', method: 'POST', path: () => `/api/documents/${documentId}/renewal`, body: json({}), status: 409, code: 'conflict' },
  { name: 'renewal of zero months', method: 'POST', path: () => `/api/documents/${documentId}/renewal`, body: json({ termMonths: 0 }), status: 400, code: 'validation_failed' },
  { name: 'renewal starting 2025-02-30', method: 'POST', path: () => `/api/documents/${documentId}/renewal`, body: json({ termStart: '2025-02-30' }), status: 400, code: 'validation_failed' },
  { name: 'renewal months as a string', method: 'POST', path: () => `/api/documents/${documentId}/renewal`, body: json({ termMonths: '12' }), status: 400, code: 'validation_failed' },
  { name: 'renewal with an unknown field', method: 'POST', path: () => `/api/documents/${documentId}/renewal`, body: json({ autoRenew: true }), status: 400, code: 'validation_failed' },
  { name: 'negative reminder day', method: 'PUT', path: () => '/api/deadlines/reminders', body: json({ daysBefore: [-5] }), status: 400, code: 'validation_failed' },
  { name: '10,000 reminder days', method: 'PUT', path: () => '/api/deadlines/reminders', body: json({ daysBefore: Array.from({ length: 10_000 }, (_, i) => i) }), status: 400, code: 'validation_failed' },
  { name: 'fractional reminder day', method: 'PUT', path: () => '/api/deadlines/reminders', body: json({ daysBefore: [1.5] }), status: 400, code: 'validation_failed' },
  { name: 'deadline window of a billion days', path: () => '/api/deadlines?withinDays=1000000000', status: 400, code: 'validation_failed' },
  { name: 'deadline filter with an injection', path: () => "/api/deadlines?kind=notice'%20OR%201=1--", status: 400, code: 'validation_failed' },
  { name: 'handling a deadline that does not exist', method: 'POST', path: () => '/api/deadlines/424242/handled', body: json({}), status: 404, code: 'not_found' },
  { name: 'path traversal in a deadline id', method: 'POST', path: () => '/api/deadlines/..%2F1/handled', body: json({}), status: [400, 404] },
  { name: 'checklist task that does not exist', method: 'PATCH', path: () => '/api/checklist-tasks/424242', body: json({ rowVersion: 1, status: 'done' }), status: 404, code: 'not_found' },
  { name: 'checklist task with an impossible due date', method: 'PATCH', path: () => '/api/checklist-tasks/1', body: json({ rowVersion: 1, dueDate: '2025-02-30' }), status: 400, code: 'validation_failed' },
  { name: 'checklist task with an unknown status', method: 'PATCH', path: () => '/api/checklist-tasks/1', body: json({ rowVersion: 1, status: 'finished' }), status: 400, code: 'validation_failed' },
  // Auth
  { name: 'login with form encoding', method: 'POST', as: 'none', path: () => '/api/auth/login', body: () => 'email=a&password=b', type: 'application/x-www-form-urlencoded', status: [403, 415] },
  { name: 'login with a 2 KB password', method: 'POST', as: 'none', path: () => '/api/auth/login', body: json({ email: 'attorney@example.test', password: 'p'.repeat(2000) }), status: 400 },
  { name: 'login with a missing password', method: 'POST', as: 'none', path: () => '/api/auth/login', body: json({ email: 'attorney@example.test' }), status: 400 },
  { name: 'user with a short password', method: 'POST', as: 'admin', path: () => '/api/users', body: json({ email: 'n@example.test', name: 'N', role: 'client', password: 'short' }), status: 400 },
  { name: 'user with an unknown role', method: 'POST', as: 'admin', path: () => '/api/users', body: json({ email: 'n@example.test', name: 'N', role: 'superuser', password: 'a long enough password' }), status: 400 },
  { name: 'user with a bad email', method: 'POST', as: 'admin', path: () => '/api/users', body: json({ email: 'not-an-email', name: 'N', role: 'client', password: 'a long enough password' }), status: 400 },
  { name: 'admin removing their own admin role', method: 'PATCH', as: 'admin', path: () => '/api/users/1', body: json({ role: 'client' }), status: 409 },
  { name: 'tampered session cookie', as: 'none', path: () => '/api/matters', status: 401 },
  // Issue 19: the independent probe's cases
  { name: 'web sign-in form of 600 KB', method: 'POST', as: 'none', path: () => '/login', body: () => `email=a&password=${'p'.repeat(600_000)}`, type: 'application/x-www-form-urlencoded', status: 413, code: 'payload_too_large' },
  { name: 'web form of 600 KB from a signed-in user', method: 'POST', path: () => `/documents/${documentId}/status`, body: () => `to=draft&x=${'p'.repeat(600_000)}`, type: 'application/x-www-form-urlencoded', status: 413, code: 'payload_too_large' },
  ...HOSTILE_FILES.map((f): Case => ({ name: `upload: ${f.name}`, method: 'POST', path: () => '/api/documents/identify', body: upload(f.bytes(), 'x.bin'), type: null, status: 422, reason: f.reason })),
];

describe('hostile inputs', () => {
  it(`answers each of ${CASES.length} bad inputs with a clear 4xx and a stable code`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    const failures: string[] = [];
    for (const c of CASES) {
      const headers: Record<string, string> = {};
      const body = c.body?.();
      if (body !== undefined && c.type !== null && typeof body === 'string') headers['content-type'] = c.type ?? 'application/json';
      const cookie = c.as === 'none' ? (c.name === 'tampered session cookie' ? 'cw_session=AAAA' : undefined) : c.as === 'admin' ? admin : attorney;
      const res = await t.request(c.path(), { method: c.method ?? 'GET', headers, body, cookie });
      const statuses = Array.isArray(c.status) ? c.status : [c.status];
      const text = await res.text();
      let error: { code?: string; message?: string; details?: { reason?: string } } = {};
      try {
        error = JSON.parse(text).error ?? {};
      } catch {
        failures.push(`${c.name}: body is not JSON (${res.status})`);
        continue;
      }
      if (!statuses.includes(res.status)) failures.push(`${c.name}: got ${res.status} (${error.code}: ${error.message})`);
      else if (!error.code || !error.message) failures.push(`${c.name}: no error code or message`);
      else if (c.code && error.code !== c.code) failures.push(`${c.name}: code ${error.code}, expected ${c.code}`);
      else if (c.reason && error.details?.reason !== c.reason) failures.push(`${c.name}: reason ${error.details?.reason}, expected ${c.reason}`);
      if (/at .+\.ts:\d+|SQLITE|node_modules/.test(text)) failures.push(`${c.name}: leaks internals`);
    }
    expect(failures).toEqual([]);
  });

  it('left everything stored unchanged, and the server still answers', async () => {
    expect(await snapshot()).toBe(before);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect((await t.request('/api/matters', { cookie: attorney })).status).toBe(200);
  });
});
