/**
 * The closed list of audit events and the shape of each one's data (after Documenso's typed
 * audit log). Data never holds passwords, tokens or document text — only ids, names and diffs.
 * An event caused by a request authenticated with an API token also carries `viaTokenId`
 * (added by recordAudit from the actor), whatever its type.
 */
export interface AuditEventData {
  /** `mfa`: the second factor given; `via`: how the first was proven (password, or `sso` with the issuer). */
  login: { email: string; mfa?: 'totp' | 'recovery_code' | 'idp'; via?: 'password' | 'sso'; recoveryCodesLeft?: number; issuer?: string; idpAmr?: string[] };
  'login.failed': {
    email: string;
    reason: 'invalid_credentials' | 'rate_limited' | 'disabled' | 'invalid_challenge' | 'invalid_mfa_code' | 'mfa_code_reused' | 'mfa_rate_limited';
  };
  /** The first factor was right; the sign-in waits for a code (or, when the policy requires one, an enrolment). */
  'login.mfa-required': { email: string; step: 'mfa_required' | 'mfa_enrolment_required'; via: 'password' | 'sso' };
  /** A session opened through single sign-on says so (its sign-out also went on to the provider). */
  logout: { via?: 'sso' };
  'user.created': { email: string; role: string };
  'user.updated': { email: string; from: { role: string; disabled: boolean }; to: { role: string; disabled: boolean } };
  'matter.created': { title: string; portfolioId?: number };
  'matter.updated': { changed: string[] };
  /** An attorney brought a client onto the matter; a new account's one-time code is named by its id only. */
  'matter.client-invited': { email: string; name: string; accountCreated: boolean; resetId?: number; expiresAt?: string };
  'document.created': { kind: string; title: string; versionNo: number; portfolioId?: number };
  'portfolio.created': { name: string; msoName: string };
  'portfolio.updated': { changed: string[]; matterIds: number[] };
  'portfolio.drafted': { kind: string; documentIds: number[]; matterIds: number[] };
  'version.created': { documentId: number; versionNo: number; sha256: string; baseVersionNo: number };
  'version.conflict': { documentId: number; baseVersionNo: number; currentVersionNo: number };
  'version.downloaded': { documentId: number; versionNo: number; sha256: string; redline?: boolean; signedCopy?: boolean };
  'status.changed': { documentId: number; versionNo: number; from: string; to: string };
  'warning.acknowledged': { documentId: number; versionNo: number; ruleId: string; reason: string };
  'clause.published': { clauseId: string; version: number };
  'reference.updated': { table: 'afr' | 'jurisdiction'; key: string; version: number };
  'reference.afr-imported': { imported: string[]; replaced: string[]; unchanged: string[]; rulings: { month: string; revRul: string; sha256: string }[]; version: number | null; reason?: string };
  'recheck.run': { checked: number; changed: number };
  'deadline.handled': { deadlineId: number; kind: string };
  'renewal.recorded': { documentId: number; newTermEnd: string };
  'checklist.updated': { itemId: number; changed: string[] };
  'calendar.token.rotated': Record<string, never>;
  'calendar.token.revoked': Record<string, never>;
  'reminders.updated': { daysBefore: number[]; emailReminders?: boolean };
  /** A reminder digest the SMTP server accepted (the system sends it; the object is the recipient). */
  'reminders.emailed': { firmDate: string; to: string; deadlines: number };
  'execution.recorded': { documentId: number; versionNo: number; executedOn: string; signedCopySha256?: string };
  'signed-copy.replaced': { documentId: number; versionNo: number; sha256: string; previousSha256: string; reason: string };
  'password.changed': { sessionsEnded: number };
  'password.change-failed': { reason: 'wrong_current_password' | 'rate_limited' };
  'password.reset-issued': { email: string; resetId: number; expiresAt: string };
  'password.reset': { email: string; resetId: number; sessionsEnded: number };
  'password.reset-failed': { reason: 'invalid_code' | 'rate_limited' };
  'api-token.created': { tokenId: number; name: string; role: string; expiresAt: string };
  'api-token.revoked': { tokenId: number; name: string };
  'mfa.enrolment-started': { during: 'sign-in' | 'account' };
  'mfa.enabled': { recoveryCodes: number; during: 'sign-in' | 'account' };
  'mfa.failed': { reason: 'invalid_code' | 'code_reused' | 'wrong_password' | 'rate_limited'; during: 'enrolment' | 'disable' | 'recovery-codes' };
  'mfa.disabled': { sessionsEnded: number; requiredForRole: boolean };
  'mfa.recovery-codes-regenerated': { count: number };
  'mfa.reset': { email: string; sessionsEnded: number };
  'mfa.policy-updated': { from: string[]; to: string[] };
  /** Authenticator secrets sealed again with the installation's current key (`clausewright secret-key`). */
  'mfa.secrets-resealed': { resealed: number; alreadyCurrent: number; unreadable: number; rotated: boolean };
  /** A single sign-on callback refused; `detail` names the failed check (never a token). */
  'sso.failed': { reason: 'invalid_state' | 'idp_error' | 'invalid_token' | 'email_not_verified' | 'no_account' | 'account_disabled'; issuer: string; email?: string; detail?: string };
}

export type AuditEventType = keyof AuditEventData;

export const AUDIT_EVENT_TYPES = [
  'login',
  'login.failed',
  'logout',
  'user.created',
  'user.updated',
  'matter.created',
  'matter.updated',
  'matter.client-invited',
  'document.created',
  'portfolio.created',
  'portfolio.updated',
  'portfolio.drafted',
  'version.created',
  'version.conflict',
  'version.downloaded',
  'status.changed',
  'warning.acknowledged',
  'clause.published',
  'reference.updated',
  'reference.afr-imported',
  'recheck.run',
  'deadline.handled',
  'renewal.recorded',
  'checklist.updated',
  'calendar.token.rotated',
  'calendar.token.revoked',
  'reminders.updated',
  'reminders.emailed',
  'execution.recorded',
  'signed-copy.replaced',
  'password.changed',
  'password.change-failed',
  'password.reset-issued',
  'password.reset',
  'password.reset-failed',
  'api-token.created',
  'api-token.revoked',
  'login.mfa-required',
  'mfa.enrolment-started',
  'mfa.enabled',
  'mfa.failed',
  'mfa.disabled',
  'mfa.recovery-codes-regenerated',
  'mfa.reset',
  'mfa.policy-updated',
  'mfa.secrets-resealed',
  'sso.failed',
] as const satisfies readonly AuditEventType[];
