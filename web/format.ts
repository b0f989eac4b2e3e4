/** Display helpers shared by the pages: dates and the words shown for coded values. */
import { dateIn, zoneFormatter } from '../server/services/deadlines/dates.ts';

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

/**
 * A stored instant (ISO, UTC) as the firm's calendar date: a deadline handled at 01:00 UTC on
 * 2 December is handled on 1 December in New York, the same day "today" is on the page.
 */
export function fmtDateIn(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso.slice(0, 10) : dateIn(at, timeZone);
}

/** A stored instant as the firm's date and time, with the zone's abbreviation ("2026-12-01 20:05 EST"). */
export function fmtDateTimeIn(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return fmtDateTime(iso);
  const parts = Object.fromEntries(
    zoneFormatter('en-US', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
