import { describe, expect, it } from 'vitest';
import { CreateMatterSchema } from '../server/schemas/matter.ts';
import { matterFromForm, validate } from '../web/forms.ts';
import { MatterFormPage } from '../web/pages/matters/matter-form.tsx';

/** The open-a-matter form asks for the transaction-notice facts (issue 16) and leaves unknown ones null. */
const base = {
  title: 'Oregon deal', msoName: 'Cascade MSO, LLC', msoEntityType: 'limited liability company', msoState: 'OR', peName: 'Willamette Physicians, P.C.',
  peEntityType: 'PC', peState: 'OR', governingLawState: 'OR', 'owners.0.name': 'Dr. Ada Park', 'owners.0.ownershipPct': '100', 'owners.0.licenseState': 'OR', 'owners.0.licensed': 'on',
};

describe('matter form: transaction facts', () => {
  it('reads the planned closing date, physician count and bands', () => {
    const matter = validate(CreateMatterSchema, matterFromForm({ ...base, 'transaction.plannedClosingDate': '2027-09-01', 'transaction.physicianCount': '12', 'transaction.revenueBand': '25m-or-more', 'transaction.assetsBand': '' }));
    expect(matter.transaction).toEqual({ plannedClosingDate: '2027-09-01', physicianCount: 12, revenueBand: '25m-or-more', assetsBand: null });
  });
  it('leaves every fact null when the fieldset is blank', () => {
    expect(validate(CreateMatterSchema, matterFromForm({ ...base, 'transaction.plannedClosingDate': '' })).transaction).toEqual({ plannedClosingDate: null, physicianCount: null, revenueBand: null, assetsBand: null });
  });
  it('offers the four fields, labelled', () => {
    const html = String(MatterFormPage({ values: {}, errors: {}, clients: [], staff: [] }));
    for (const name of ['plannedClosingDate', 'physicianCount', 'revenueBand', 'assetsBand']) expect(html).toContain(`name="transaction.${name}"`);
    expect(html).toContain('Planned closing date');
  });
});
