import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { buildBodyXml, buildExhibitsXml } from '../../server/docx/body-xml.ts';
import { renderShell } from '../../server/docx/render-docx.ts';
import { assembleDocument, composeDocument, type Catalog } from '../../server/services/documents/assemble-document.ts';
import { KINDS } from '../../server/services/documents/kinds/index.ts';
import type { MatterFacts, Values } from '../../server/services/documents/kinds/kind.ts';
import { runChecks } from '../../server/services/compliance/run-checks.ts';

/**
 * The baseline of issue 8: the same MSA as ONE flat docxtemplater template — every clause's
 * text inline with its {tags} — rendered the way a plain docxtemplater integration would:
 * parse, render, and zip with pizzip's JavaScript deflate, once per document.
 */
export function buildFlatTemplate(catalog: Catalog, answers: unknown, matter: MatterFacts): { template: Buffer; data: Values; tagCount: number } {
  const composed = composeDocument(catalog, { kind: 'msa', answers, matter });
  const asTags: Values = Object.fromEntries(KINDS.msa.variables.map((v) => [v, `{${v}}`]));
  const body = buildBodyXml(composed.articles, asTags, 'final');
  const shellTags = catalog.shells.msa.manifest.tags.filter((t) => !t.startsWith('@'));
  const text = Object.fromEntries(shellTags.map((t) => [t, `{${t}}`]));
  const { bytes } = renderShell(catalog.shells.msa, { text, raw: { body: body.bytes, contents: body.contents, exhibits: buildExhibitsXml(KINDS.msa.exhibits(answers, matter, composed.ctx)), recordPage: '' } }, 'final');
  const data: Values = { ...composed.values, documentTitle: KINDS.msa.title, footerText: 'Management Services Agreement · Doc. no. CW-BENCH', draftLabel: 'Execution version', draftNotice: ' ', party1Description: 'a Texas limited liability company', party2Description: 'a Texas professional limited liability company', party1Defined: 'Manager', party2Defined: 'Practice', party1Label: 'MANAGER:', party2Label: 'PRACTICE:', party1Name: matter.msoName, party2Name: matter.peName, signatory1Name: 'A', signatory1Title: 'B', signatory2Name: 'C', signatory2Title: 'D' };
  return { template: bytes, data, tagCount: new Set([...shellTags, ...KINDS.msa.variables]).size };
}

export function renderFlatBaseline(template: Buffer, data: Values): Buffer {
  const zip = new PizZip(template);
  const doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, errorLogging: false });
  doc.render(data);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function renderWithService(catalog: Catalog, answers: unknown, matter: MatterFacts): Promise<Buffer> {
  const { bytes } = await assembleDocument(catalog, { kind: 'msa', answers, matter, mode: 'final', meta: { documentName: 'MSA', versionLabel: '1', documentShortId: 'CW-BENCH' } });
  return bytes;
}

export function checkOnce(catalog: Catalog, answers: Record<string, unknown>, matter: MatterFacts) {
  const composed = composeDocument(catalog, { kind: 'msa', answers, matter });
  return runChecks({ kind: 'msa', answers, matter, clauses: composed.clauses, values: composed.values, missing: composed.missing, reference: catalog.reference(), related: [] });
}
