import type { CreateMatter } from '../../schemas/matter.ts';
import type { MatterStructure } from '../matters/matter-structure.ts';

/** The demo deal: a Texas MSO LLC serving a Texas PLLC owned by two Texas-licensed physicians (a general practice; no MSO owners recorded). */
export const DEMO_DEAL: Omit<CreateMatter, 'title' | 'clientUserIds' | 'staffUserIds' | 'transaction' | keyof MatterStructure> = {
  msoName: 'Lone Star Practice Management, LLC',
  msoEntityType: 'limited liability company',
  msoState: 'TX',
  peName: 'Bluebonnet Physicians, PLLC',
  peEntityType: 'PLLC',
  peState: 'TX',
  governingLawState: 'TX',
  msoAffiliates: [],
  owners: [
    { name: 'Maria Delgado, M.D.', licensed: true, licenseState: 'TX', isMso: false, ownershipPct: 50 },
    { name: 'James Whitfield, M.D.', licensed: true, licenseState: 'TX', isMso: false, ownershipPct: 50 },
  ],
};
