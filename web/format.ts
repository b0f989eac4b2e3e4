/** Display helpers shared by the pages: dates and the words shown for coded values. */

export const fmtDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '—');

export const fmtDateTime = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/** Abbreviations kept in capitals when a coded value is turned into words. */
const ACRONYMS = new Set(['hr', 'it', 'ehr', 'msa', 'loc', 'fmv', 'afr', 'phi', 'mso', 'pc', 'pllc', 'pa', 'ein', 'npi', 'dea', 'clia']);

/** "flat-monthly" → "Flat monthly", "it-ehr" → "IT EHR": enum values as a person reads them (the value itself is unchanged). */
export function humanize(code: string): string {
  if (/[A-Z]/.test(code)) return code;
  const words = code.split(/[-_]/).filter(Boolean).map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1 warning", "2 warnings". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
