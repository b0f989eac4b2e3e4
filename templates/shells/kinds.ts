/**
 * The three shells and, for each, the exact list of docxtemplater tags it contains — the
 * contract written to manifest.json. The build checks the generated file against this list.
 */
import type { Document } from 'docx';
import { shellDocument } from './document.ts';
import { headingBlock, partiesParagraph, rawTagParagraph, signaturePage, signaturePageFollows, tag, titlePage } from './parts.ts';

export type Kind = 'msa' | 'loc' | 'formation-checklist';

export interface KindShell {
  kind: Kind;
  title: string;
  /** Every tag in the shell, raw-XML tags with their @ prefix, in document order. */
  tags: string[];
  build(): Document;
}

const HEADER_FOOTER_TAGS = ['draftLabel', 'footerText'];

const AGREEMENT_TAGS = [
  // cover
  'documentTitle', 'msoName', 'practiceName', 'effectiveDate', 'draftNotice',
  // contents (a TOC field with its entries filled in)
  '@contents',
  // parties paragraph (documentTitle, effectiveDate, msoName and practiceName again)
  'party1Description', 'party1Defined', 'party2Description', 'party2Defined',
  '@body',
  // signature page
  'party1Label', 'party1Name', 'signatory1Name', 'signatory1Title',
  'party2Label', 'party2Name', 'signatory2Name', 'signatory2Title',
  '@exhibits', '@recordPage',
  ...HEADER_FOOTER_TAGS,
];

const CHECKLIST_TAGS = ['documentTitle', 'msoName', 'practiceName', 'preparedBy', 'targetOpeningDate', 'draftNotice', '@exhibits', '@body', '@recordPage', ...HEADER_FOOTER_TAGS];

/**
 * MSA and line of credit: cover, table of contents, parties paragraph, body, signature page, then the exhibits
 * (each starts its own page) and the document record page of an executable version.
 */
function agreementShell(title: string): Document {
  return shellDocument({
    title,
    cover: titlePage([
      { style: 'CwTitleLine', text: 'by and between' },
      { style: 'CwTitleParty', text: tag('msoName') },
      { style: 'CwTitleLine', text: 'and' },
      { style: 'CwTitleParty', text: tag('practiceName') },
      { style: 'CwTitleLine', text: `Dated as of ${tag('effectiveDate')}` },
    ]),
    body: [rawTagParagraph('contents'), partiesParagraph(), rawTagParagraph('body'), signaturePageFollows(), ...signaturePage(), rawTagParagraph('exhibits'), rawTagParagraph('recordPage')],
  });
}

/**
 * Formation checklist: a worklist, not a contract. A short heading block (title, the parties,
 * who prepared it, the target opening date) on the first page, then the tasks; nobody signs it.
 */
function checklistShell(title: string): Document {
  return shellDocument({
    title,
    cover: [],
    body: [
      ...headingBlock([`${tag('msoName')} and ${tag('practiceName')}`, `Prepared by ${tag('preparedBy')} · Target opening date: ${tag('targetOpeningDate')}`]),
      // The tasks first (Part A / Part B tables), then the notes.
      rawTagParagraph('exhibits'),
      rawTagParagraph('body'),
      rawTagParagraph('recordPage'),
    ],
  });
}

export const KIND_SHELLS: KindShell[] = [
  { kind: 'msa', title: 'Management Services Agreement', tags: AGREEMENT_TAGS, build: () => agreementShell('Management Services Agreement') },
  { kind: 'loc', title: 'Revolving Line of Credit Agreement', tags: AGREEMENT_TAGS, build: () => agreementShell('Revolving Line of Credit Agreement') },
  { kind: 'formation-checklist', title: 'Entity Formation Checklist', tags: CHECKLIST_TAGS, build: () => checklistShell('Entity Formation Checklist') },
];
