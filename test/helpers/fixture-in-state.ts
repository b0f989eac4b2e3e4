import { beforeAll } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import { composeDocument, parseAnswers, type Catalog } from '../../server/services/documents/assemble-document.ts';
import { runChecks } from '../../server/services/compliance/run-checks.ts';
import type { Finding } from '../../server/services/compliance/rule.ts';
import { testCatalogFiles } from './test-app.ts';
import { dealFixtures } from './fixtures.ts';

/**
 * The reference-row tests move a deal fixture to another state and run the real checks there:
 * a catalog on the project's files (opened before the file's tests), and the findings of one rule
 * for `fixture` with its practice, MSO and governing law in `state`.
 */
export function fixtureInState(at = new Date('2026-12-03T12:00:00Z')) {
  let catalog: Catalog;
  beforeAll(async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    catalog = await openCatalog(db, await testCatalogFiles(), at);
  });
  return {
    row: (code: string) => catalog.reference().jurisdictions.rows.find((r) => r.code === code)!,
    rows: () => catalog.reference().jurisdictions.rows,
    findings(fixture: string, state: string, ruleId: string): Finding[] {
      const f = dealFixtures().find((x) => x.name === fixture)!;
      const answers = parseAnswers(f.kind, f.answers);
      const matter = { ...f.matter, peState: state, msoState: state, governingLawState: state } as typeof f.matter;
      const composed = composeDocument(catalog, { kind: f.kind, answers, matter });
      const { findings } = runChecks({ kind: f.kind, answers: answers as Record<string, unknown>, matter, clauses: composed.clauses, values: composed.values, missing: composed.missing, reference: catalog.reference(), related: [] });
      return findings.filter((x) => x.ruleId === ruleId);
    },
    answersOf: (fixture: string) => {
      const f = dealFixtures().find((x) => x.name === fixture)!;
      return parseAnswers(f.kind, f.answers) as Record<string, unknown>;
    },
  };
}
