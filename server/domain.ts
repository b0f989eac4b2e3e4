/**
 * The product's shared vocabulary, below every layer (issue 22): the database modules, the
 * services, the schemas and the pages all name roles, document kinds and statuses from here, so
 * a backend or a page never re-declares them (and cannot drift from the others).
 */

/** Who a user is to the firm: staff roles and the firm's clients. */
export const ROLES = ['admin', 'attorney', 'paralegal', 'client'] as const;
export type Role = (typeof ROLES)[number];

/** The documents clausewright assembles; each is one folder under templates/. */
export const DOCUMENT_KINDS = ['msa', 'loc', 'formation-checklist'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document's place in its life: drafted, cleared to sign, signed, then renewed, amended or ended. */
export const DOCUMENT_STATUSES = ['draft', 'executable', 'executed', 'renewed', 'amended', 'terminated', 'expired'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
