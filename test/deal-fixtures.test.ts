import { beforeAll, describe, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { runChecks } from '../server/services/compliance/run-checks.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures, expectGolden } from './helpers/fixtures.ts';
import { docxText } from './helpers/docx-text.ts';

let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
});

/** Each folder in test/fixtures/deals is a whole deal: its document text and its exact set of rule ids are golden. */
describe.each(dealFixtures())('deal fixture $name', (fixture) => {
  const assemble = async () => {
    const answers = parseAnswers(fixture.kind, fixture.answers);
    const assembled = await assembleDocument(catalog, { kind: fixture.kind, answers, matter: fixture.matter, mode: 'draft', meta: { documentName: 'Golden', versionLabel: '1', documentShortId: 'CW-GOLDEN' } });
    return { answers, assembled };
  };

  it('renders to the expected text', async () => {
    expectGolden(fixture.dir, 'expected.txt', docxText((await assemble()).assembled.bytes));
  });

  it('produces exactly the expected rule ids', async () => {
    const { answers, assembled } = await assemble();
    const report = runChecks({ kind: fixture.kind, answers: answers as Record<string, unknown>, matter: fixture.matter, clauses: assembled.clauses, values: assembled.values, missing: assembled.missing, reference: catalog.reference(), related: [] });
    const ids = [...new Set(report.findings.map((f) => `${f.severity} ${f.ruleId}`))].sort();
    expectGolden(fixture.dir, 'expected-rules.txt', ids.join('\n') + '\n');
  });
});
