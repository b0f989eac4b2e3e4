import type { AuditEvent } from '../server/services/audit/list-audit.ts';
import { humanize } from './format.ts';
import { AUDIT_LIST } from '../server/db/audit.ts';
import type { ListSpec } from '../server/db/keyset.ts';

/**
 * An audit event as a sentence a lawyer reads ("saved version 3 of “MSA — Lone Star”"), never
 * its event code, hashes or JSON. The stored event keeps every detail; the API serves it as is.
 */
export interface AuditContext {
  /** Document titles by id, to name "which document". */
  documents: Map<number, string>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => wordsOfField(String(x))).join(', ') : '');
/** "trackingNotes" → "tracking notes". */
const wordsOfField = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** The document an event is about, if any: the pages look up just these titles, not every document of the matter. */
export const auditDocumentId = (e: AuditEvent): number => (typeof e.data.documentId === 'number' ? e.data.documentId : e.objectType === 'document' ? Number(e.objectId) : NaN);

/**
 * The fixed words of each sentence below, so the audit trail's search finds an event by what the
 * page says ("saved", "executed", "accepted") and not only by its stored code and data. Kept beside
 * auditSentence; test/web-audit-search.test.ts checks every word is in the sentence it stands for.
 */
export const AUDIT_SENTENCE_WORDS: Readonly<Record<string, string>> = {
  'matter.created': 'opened the matter',
  'matter.updated': 'changed the matter’s details',
  'matter.client-invited': 'invited added client user one-time set-password code',
  'document.created': 'started version',
  'version.created': 'saved version',
  'version.conflict': 'tried to save over version already saved nothing was lost',
  'version.downloaded': 'downloaded version',
  'status.changed': 'moved version from to',
  'warning.acknowledged': 'accepted a warning version',
  'deadline.handled': 'marked a deadline handled',
  'renewal.recorded': 'recorded a renewal the new term ends',
  'checklist.updated': 'updated a checklist task',
  'execution.recorded': 'recorded as executed on',
  'signed-copy.replaced': 'replaced the signed copy',
};

/** Words too common to pick out an event. */
const STOP_WORDS = new Set(['the', 'was', 'from', 'over', 'and', 'with', 'version']);

/** The event types whose sentence has a word starting with `word` ("execut" finds "executed"). */
export function auditTypesForWord(word: string): string[] {
  const w = word.toLowerCase();
  if (w.length < 3 || STOP_WORDS.has(w)) return [];
  return Object.entries(AUDIT_SENTENCE_WORDS)
    .filter(([, words]) => words.toLowerCase().split(/\s+/).some((x) => x.startsWith(w)))
    .map(([type]) => type);
}

/** The audit trail page's search: what is stored, who did it, and the words of the sentences shown. */
export const AUDIT_PAGE_LIST: ListSpec = { ...AUDIT_LIST, searchAlso: { column: 'a.type', valuesFor: auditTypesForWord } };

export function auditSentence(e: AuditEvent, ctx: AuditContext): string {
  const d = e.data;
  const docId = auditDocumentId(e);
  const doc = ctx.documents.get(docId) ?? (Number.isFinite(docId) ? `document ${docId}` : 'a document');
  const quoted = `“${doc}”`;
  switch (e.type) {
    case 'matter.created':
      return `opened the matter “${str(d.title)}”`;
    case 'matter.updated':
      return `changed the matter’s ${list(d.changed) || 'details'}`;
    case 'matter.client-invited':
      return d.accountCreated ? `invited ${str(d.name)} (${str(d.email)}) as a new client user, with a one-time set-password code` : `added the client user ${str(d.name)} (${str(d.email)}) to the matter`;
    case 'document.created':
      return `started “${str(d.title)}” (${humanize(str(d.kind))}), version ${str(d.versionNo)}`;
    case 'version.created':
      return `saved version ${str(d.versionNo)} of ${quoted}`;
    case 'version.conflict':
      return `tried to save over version ${str(d.baseVersionNo)} of ${quoted}, but version ${str(d.currentVersionNo)} was already saved (nothing was lost)`;
    case 'version.downloaded':
      return `downloaded ${d.signedCopy ? 'the signed copy' : d.redline ? 'a redline' : `version ${str(d.versionNo)}`} of ${quoted}`;
    case 'status.changed':
      return `moved ${quoted} version ${str(d.versionNo)} from ${humanize(str(d.from)).toLowerCase()} to ${humanize(str(d.to)).toLowerCase()}`;
    case 'warning.acknowledged':
      return `accepted a warning on ${quoted} version ${str(d.versionNo)}: “${str(d.reason)}”`;
    case 'deadline.handled':
      return `marked a deadline handled (${humanize(str(d.kind)).toLowerCase()})`;
    case 'renewal.recorded':
      return `recorded a renewal of ${quoted}; the new term ends ${str(d.newTermEnd)}`;
    case 'checklist.updated':
      return `updated a checklist task (${list(d.changed) || 'no change'})`;
    case 'execution.recorded':
      return `recorded ${quoted} as executed on ${str(d.executedOn)}${d.signedCopySha256 ? ', with the signed copy' : ''}`;
    case 'signed-copy.replaced':
      return `replaced the signed copy of ${quoted}: “${str(d.reason)}”`;
    default:
      // Events a matter rarely shows (accounts, reference data): their type in words.
      return humanize(e.type.replace(/\./g, '-')).toLowerCase();
  }
}
