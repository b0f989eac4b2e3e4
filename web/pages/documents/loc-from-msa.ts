/**
 * A new line of credit starts from the facts its matter's MSA already states (issue 21), so the
 * attorney does not type them twice: who signs for each side, the monthly fee the line funds
 * (projected the same way for each fee model), the jury waiver and the effective date. The
 * questionnaire shows them as ordinary answers the attorney can change.
 */
export interface LocStart {
  answers: Record<string, unknown>;
  /** What was taken from the MSA, in words, for the page's notice. */
  taken: string[];
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The MSA's monthly fee for its fee model, when the answers give enough to project it. */
export function projectedMonthlyFee(msa: Record<string, unknown>): number | undefined {
  const times = (a: unknown, b: unknown) => (num(a) !== undefined && num(b) !== undefined ? num(a)! * num(b)! : undefined);
  switch (msa.feeModel) {
    case 'flat-monthly':
      return num(msa.monthlyFee);
    case 'per-provider':
      return times(msa.perProviderFee, msa.providerCount);
    case 'per-location':
      return times(msa.perLocationFee, msa.locationCount);
    case 'cost-plus':
      return num(msa.estimatedMonthlyCosts) !== undefined && num(msa.costPlusMarginPct) !== undefined ? Math.round(num(msa.estimatedMonthlyCosts)! * (1 + num(msa.costPlusMarginPct)! / 100)) : undefined;
    case 'percent-collections':
      return num(msa.estimatedMonthlyCollections) !== undefined && num(msa.collectionsPct) !== undefined ? Math.round((num(msa.estimatedMonthlyCollections)! * num(msa.collectionsPct)!) / 100) : undefined;
    default:
      return undefined;
  }
}

export function locStartFromMsa(msa: Record<string, unknown>): LocStart {
  const answers: Record<string, unknown> = {};
  const taken: string[] = [];
  if (msa.msoSignatory) {
    answers.lenderSignatory = msa.msoSignatory;
    taken.push('the MSO’s signatory (as lender)');
  }
  if (msa.practiceSignatory) {
    answers.borrowerSignatory = msa.practiceSignatory;
    taken.push('the practice’s signatory (as borrower)');
  }
  const fee = projectedMonthlyFee(msa);
  if (fee !== undefined) {
    answers.purpose = 'msa-fees';
    answers.projectedMonthlyMsaFees = fee;
    taken.push('the monthly MSA fee the line funds');
  }
  if (typeof msa.effectiveDate === 'string') {
    answers.effectiveDate = msa.effectiveDate;
    taken.push('the effective date');
  }
  if (typeof msa.juryWaiver === 'boolean') {
    answers.juryWaiver = msa.juryWaiver;
    taken.push('the jury waiver choice');
  }
  return { answers, taken };
}
