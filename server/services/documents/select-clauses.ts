import type { ClauseVersion, DocumentKind } from '../../schemas/clause.ts';
import type { ClauseLibrary } from '../clauses/clause-library.ts';
import { conditionsHold, type Facts } from '../clauses/conditions.ts';

export type ClausePins = Record<string, number>;
export type VariantChoices = Record<string, string>;

/**
 * Chooses the clauses of a document from its answers. A clause outside any variant group is in
 * when its conditions hold; in a variant group, the attorney's choice wins, otherwise the first
 * clause (by order) whose conditions hold. `pins` keeps the clause versions a document was made
 * with; clauses newly selected take the library's current version.
 */
export function selectClauses(library: ClauseLibrary, kind: DocumentKind, facts: Facts, choices: VariantChoices = {}, pins: ClausePins = {}): ClauseVersion[] {
  const candidates = library.currentForKind(kind).map((current) => (pins[current.id] ? library.get(current.id, pins[current.id]!) : current));
  const chosenByGroup = new Map<string, ClauseVersion>();
  const selected: ClauseVersion[] = [];
  for (const clause of candidates) {
    if (!clause.variantGroup) {
      if (conditionsHold(clause.when, facts)) selected.push(clause);
      continue;
    }
    const group = clause.variantGroup;
    const choice = choices[group];
    if (choice ? choice === clause.id : !chosenByGroup.has(group) && conditionsHold(clause.when, facts)) {
      chosenByGroup.set(group, clause);
      selected.push(clause);
    }
  }
  return selected.sort((a, b) => a.order - b.order);
}

/** Variant groups of a kind with their members, for the drafting page's choices. */
export function variantGroups(library: ClauseLibrary, kind: DocumentKind): Map<string, ClauseVersion[]> {
  const groups = new Map<string, ClauseVersion[]>();
  for (const c of library.currentForKind(kind)) {
    if (!c.variantGroup) continue;
    groups.set(c.variantGroup, [...(groups.get(c.variantGroup) ?? []), c]);
  }
  return groups;
}
