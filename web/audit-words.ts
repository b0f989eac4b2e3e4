import type { AuditEvent } from '../server/services/audit/list-audit.ts';
import { humanize } from './format.ts';

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
