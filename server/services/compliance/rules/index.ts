import type { Rule } from '../rule.ts';
import { effectiveDatePresent, requiredFields, signatoriesPresent } from './every-document.ts';
import { noLayOwnership, ownersLicensed, peTypeAllowed } from './entity.ts';
import { creditLimitCoversFees, locDocumentation, locParties } from './loc.ts';
import { rateAtLeastAfr } from './loc-afr.ts';
import { sameSignatories, locLimitVsMsaFee, termVsMaturity } from './matter.ts';
import { clinicalReservationPresent, noMsoClinicalControl, onlyNonClinicalServices } from './msa-clinical.ts';
import { compensationSetInAdvance, fmvSupport, marketingWithGovernmentPayers, percentFeeState, termAtLeastOneYear } from './msa-fees.ts';
import { performanceFeeMeasures, performanceFeeSetInAdvance } from './msa-performance-fee.ts';
import { medicareReassignment } from './msa-reassignment.ts';
import { hipaaBaa, phiServicesConsistency, separateBooks } from './msa-hipaa-records.ts';
import { starkValueBasedException, valueBasedSafeHarbor } from './msa-value-based.ts';
import { restrictiveCovenantsState, texasPhysicianNonCompete } from './msa-state.ts';
import { stateShareAcquisitionFinancing, stateShareTransfer } from './share-transfer.ts';
import { transactionNotice } from './transaction-notice.ts';
import { distributionsTiedToReferrals, investmentSafeHarbor, stateInvestmentTreatment } from './mso-equity.ts';
import { ascLicensure, infusionPharmacy, medSpaOwnership, telehealthLicensure } from './practice-type.ts';

/** Every rule, in the order findings are listed. */
export const RULES: readonly Rule[] = [
  clinicalReservationPresent,
  noMsoClinicalControl,
  onlyNonClinicalServices,
  percentFeeState,
  fmvSupport,
  compensationSetInAdvance,
  marketingWithGovernmentPayers,
  termAtLeastOneYear,
  performanceFeeMeasures,
  performanceFeeSetInAdvance,
  valueBasedSafeHarbor,
  starkValueBasedException,
  medicareReassignment,
  hipaaBaa,
  phiServicesConsistency,
  separateBooks,
  stateShareTransfer,
  stateShareAcquisitionFinancing,
  restrictiveCovenantsState,
  texasPhysicianNonCompete,
  rateAtLeastAfr,
  creditLimitCoversFees,
  locDocumentation,
  locParties,
  peTypeAllowed,
  ownersLicensed,
  noLayOwnership,
  distributionsTiedToReferrals,
  investmentSafeHarbor,
  stateInvestmentTreatment,
  telehealthLicensure,
  medSpaOwnership,
  infusionPharmacy,
  ascLicensure,
  sameSignatories,
  locLimitVsMsaFee,
  termVsMaturity,
  transactionNotice,
  requiredFields,
  signatoriesPresent,
  effectiveDatePresent,
];
