/**
 * Why an AFR ruling was refused. Each reason is stable (API `details.reason`, CLI output, tests)
 * and each message says, in plain words, what was wrong and what to do.
 */
export type AfrImportReason =
  | 'not_pdf'
  | 'pdf_unreadable'
  | 'pdf_no_text'
  | 'afr_table_missing'
  | 'afr_ruling_unidentified'
  | 'afr_month_mismatch'
  | 'afr_figure_unreadable'
  | 'afr_table_incomplete'
  | 'afr_table_inconsistent'
  | 'afr_month_differs'
  | 'file_too_large';

export class AfrImportError extends Error {
  constructor(
    readonly reason: AfrImportReason,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'AfrImportError';
  }
}
