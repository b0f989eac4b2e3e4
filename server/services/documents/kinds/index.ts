import type { DocumentKind } from '../../../schemas/clause.ts';
import type { KindDefinition } from './kind.ts';
import { formationKind } from './formation.ts';
import { locKind } from './loc.ts';
import { msaKind } from './msa.ts';

/**
 * A kind whose answers type is erased: callers always parse answers with `answersSchema` first,
 * and the parsed value is what they pass back in.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKind = KindDefinition<any>;

export const KINDS: Record<DocumentKind, AnyKind> = {
  msa: msaKind,
  loc: locKind,
  'formation-checklist': formationKind,
};
