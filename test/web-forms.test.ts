import { describe, expect, it } from 'vitest';
import { AppError } from '../server/errors.ts';
import { CreateMatterSchema } from '../server/schemas/matter.ts';
import { KINDS } from '../server/services/documents/kinds/index.ts';
import {
  answersFromForm,
  draftingFromForm,
  fieldErrors,
  jurisdictionFromForm,
  matterFromForm,
  numberOrText,
  reasonsFromForm,
  reminderDaysFromForm,
  renewalFromForm,
  taskPatchFromForm,
  userUpdateFromForm,
  validate,
} from '../web/forms.ts';
import { sample } from './helpers/documents.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { toFields } from './helpers/web.ts';

/** web/forms.ts: every form's strings become the typed input its service takes, in one place. */
describe('numbers and blanks', () => {
  it('reads numbers without separators, keeps non-numbers as text, and leaves blanks absent', () => {
    expect(numberOrText('42,500')).toBe(42500);
    expect(numberOrText('$1,000.50')).toBe(1000.5);
    expect(numberOrText(' 7 ')).toBe(7);
    expect(numberOrText('sixty')).toBe('sixty');
    expect(numberOrText('')).toBeUndefined();
    expect(numberOrText('   ')).toBeUndefined();
    expect(numberOrText(undefined)).toBeUndefined();
  });
});

describe('questionnaire answers', () => {
  it('types numbers, booleans, dates, nested objects and checkbox groups; blanks stay absent', () => {
    const answers = answersFromForm('msa', {
      effectiveDate: '2027-01-01',
      monthlyFee: '42,500',
      autoRenew: ['false', 'true'],
      handlesPhi: 'false',
      services: ['billing', 'credentialing'],
      'nonRenewalNotice.amount': '180',
      'nonRenewalNotice.unit': 'days',
      fmvOpinionDate: '',
      initialTermMonths: 'sixty',
    });
    expect(answers).toMatchObject({ effectiveDate: '2027-01-01', monthlyFee: 42500, autoRenew: true, handlesPhi: false, services: ['billing', 'credentialing'], nonRenewalNotice: { amount: 180, unit: 'days' } });
    expect(answers).not.toHaveProperty('fmvOpinionDate');
    // Not a number: kept as text so validation names the field.
    expect(answers.initialTermMonths).toBe('sixty');
    // A checkbox group with nothing ticked posts nothing: an empty list (validation says "at least one"); a lone value is still a list.
    expect(answersFromForm('msa', { services: 'billing' }).services).toEqual(['billing']);
    expect(answersFromForm('msa', {}).services).toEqual([]);
  });

  it('a nested object with every field blank is absent (so "required" is reported on it)', () => {
    expect(answersFromForm('msa', { 'nonRenewalNotice.amount': '', 'nonRenewalNotice.unit': '' })).not.toHaveProperty('nonRenewalNotice');
  });

  it('repeated rows skip the blank "add another" row', () => {
    const answers = answersFromForm('formation-checklist', { 'itemOverrides.0.itemId': 'pe.ein', 'itemOverrides.0.status': 'done', 'itemOverrides.1.itemId': '', 'itemOverrides.1.status': '' });
    expect(answers.itemOverrides).toEqual([{ itemId: 'pe.ein', status: 'done' }]);
  });

  it('reads performance measures as rows; the untouched "add another" row (its choice list left blank) is skipped', () => {
    const answers = answersFromForm('msa', {
      'performanceMeasures.0.name': 'Controlling high blood pressure',
      'performanceMeasures.0.type': 'quality',
      'performanceMeasures.0.benchmark': 'At or above 70%',
      'performanceMeasures.0.source': '',
      'performanceMeasures.1.name': '',
      'performanceMeasures.1.type': '',
      'performanceMeasures.1.benchmark': '',
      'performanceMeasures.1.source': '',
    });
    expect(answers.performanceMeasures).toEqual([{ name: 'Controlling high blood pressure', type: 'quality', benchmark: 'At or above 70%' }]);
  });

  it('the sample answers survive a round trip through form strings and pass the kind’s schema', () => {
    for (const kind of ['msa', 'loc', 'formation-checklist'] as const) {
      const answers = sample(kind) as Record<string, unknown>;
      const form = toFields(answers);
      const parsed = KINDS[kind].answersSchema.safeParse(answersFromForm(kind, form));
      expect(parsed.success, `${kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(parsed.data).toEqual(KINDS[kind].answersSchema.parse(answers));
    }
  });
});

describe('matter form', () => {
  it('owners become rows (the blank row with unticked boxes is skipped); people are id lists', () => {
    const matter = matterFromForm({
      title: 'T',
      msoState: 'TX',
      'owners.0.name': 'Dr A',
      'owners.0.ownershipPct': '100',
      'owners.0.licensed': ['false', 'true'],
      'owners.0.isMso': 'false',
      'owners.0.licenseState': 'TX',
      'owners.1.name': '',
      'owners.1.ownershipPct': '',
      'owners.1.licensed': 'false',
      'owners.1.isMso': 'false',
      'owners.1.licenseState': '',
      clientUserIds: ['5', '6'],
    });
    expect(matter).toMatchObject({ title: 'T', msoState: 'TX', owners: [{ name: 'Dr A', ownershipPct: 100, licensed: true, licenseState: 'TX', isMso: false }], clientUserIds: [5, 6], staffUserIds: [] });
  });

  it('an owner row with only a ticked box is kept, so validation names its missing fields', () => {
    const matter = matterFromForm({ 'owners.0.name': '', 'owners.0.licensed': ['false', 'true'] });
    const result = CreateMatterSchema.safeParse(matter);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain('owners.0.name');
  });
});

describe('drafting, acknowledgements and administration', () => {
  it('variant choices, overrides (blank ones dropped) and a new override', () => {
    const drafting = draftingFromForm({ 'choice.fee': 'msa.fee.flat', 'choice.term': '', 'override.msa.a': 'Text A', 'override.msa.b': '  ', newOverrideClause: 'msa.c', newOverrideText: 'Text C', note: 'n' });
    expect(drafting).toEqual({ choices: { fee: 'msa.fee.flat' }, overrides: { 'msa.a': 'Text A', 'msa.c': 'Text C' }, note: 'n' });
  });

  it('reasons by rule id, trimmed, blank ones kept so the page can name them', () => {
    expect(reasonsFromForm({ 'reason.msa.fmv': ' Reviewed. ', 'reason.msa.term': '', versionNo: '2' })).toEqual(
      new Map([
        ['msa.fmv', 'Reviewed.'],
        ['msa.term', ''],
      ]),
    );
  });

  it('a jurisdiction: edited fields over the row in force, statutes untouched', async () => {
    const current = (await testCatalogFiles()).reference.jurisdictions.rows.find((j) => j.code === 'TX')!;
    const row = jurisdictionFromForm({ cpom: 'strong', percentFeeTreatment: 'unclear', minimumLicensedPct: '', licensedOwnershipRule: 'r', notes: 'n', percentFeeNotes: 'p', sources: 'https://x.example', citations: 'c1\nc2', verification: 'secondary' }, current);
    expect(row).toMatchObject({ code: 'TX', cpom: 'strong', percentFeeTreatment: 'unclear', licensedOwnership: { rule: 'r', minimumLicensedPct: null }, citations: ['c1', 'c2'], statutes: current.statutes });
  });

  it('tasks, renewals, reminders and user changes', () => {
    expect(taskPatchFromForm({ rowVersion: '3', status: 'done', responsible: '', dueDate: '2027-02-01' })).toEqual({ rowVersion: 3, status: 'done', responsible: undefined, dueDate: '2027-02-01', note: undefined });
    expect(renewalFromForm({ termMonths: '', note: '' })).toEqual({ termMonths: undefined, note: '' });
    expect(reminderDaysFromForm({ daysBefore: '120, 90  30,x' })).toEqual({ daysBefore: [120, 90, 30, 'x'] });
    expect(userUpdateFromForm({ role: 'client', disabled: 'true' })).toEqual({ role: 'client', disabled: true });
  });
});

describe('errors by field', () => {
  it('answers are named as the questionnaire names them; zod’s type messages read as form words', () => {
    const error = new AppError('unprocessable', 'x', {
      fields: [
        { path: 'answers.initialTermMonths', message: 'Invalid input: expected number, received string' },
        { path: 'answers.msoSignatory.name', message: 'Invalid input: expected string, received undefined' },
        { path: 'answers.msoSignatory.name', message: 'too short' },
      ],
    });
    expect(fieldErrors(error)).toEqual({ initialTermMonths: 'Enter a number.', 'msoSignatory.name': 'This is required. Too short.' });
  });

  it('validate() throws validation_failed with every field', () => {
    try {
      validate(CreateMatterSchema, {});
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('validation_failed');
      expect(Object.keys(fieldErrors(error as AppError))).toEqual(expect.arrayContaining(['title', 'msoName', 'owners']));
    }
  });
});
