import type { Jurisdiction, ReferenceData } from '../../schemas/reference.ts';

export function jurisdiction(reference: ReferenceData, code: string): Jurisdiction | undefined {
  return reference.jurisdictions.rows.find((r) => r.code === code);
}

/** A jurisdiction row's own citations, or its name when it has none, for a finding's source line. */
export function jurisdictionCitation(row: Jurisdiction | undefined, code: string): string {
  if (!row) return `${code}: no reference row`;
  const cites = row.citations.length ? row.citations.join('; ') : `${row.name} CPOM reference row (sources: ${row.sources.slice(0, 2).join(', ') || 'none'})`;
  return `${cites} [reference: ${row.verification}]`;
}

export const isUnverified = (row: Jurisdiction | undefined) => !row || row.verification === 'unverified' || row.cpom === 'unverified';
