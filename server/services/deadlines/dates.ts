/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no time zone can shift a day.
 * Month arithmetic clamps to the last day of a shorter month: Jan 31 + 1 month = Feb 28 (29).
 */

const toUtc = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return fromUtc(toUtc(iso) + days * 86_400_000);
}

export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return fromUtc(target.getTime());
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((toUtc(toIso) - toUtc(fromIso)) / 86_400_000);
}

/**
 * The last day of a term of `months` months that starts on `start`: the day before the
 * corresponding day `months` later (Jan 1 + 12 → Dec 31). When that month has no corresponding
 * day (a term starting Jan 31 or Feb 29), the term runs through the last day of that month.
 */
export function termEnd(start: string, months: number): string {
  const boundary = addMonths(start, months);
  return boundary.slice(8) === start.slice(8) ? addDays(boundary, -1) : boundary;
}

/**
 * One formatter per time zone and style, made once: building an Intl.DateTimeFormat loads the
 * zone's rules and costs far more than formatting (it showed in the server's CPU profile, as
 * every request asks for "today").
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function zoneFormatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone })));
  return formatter;
}

const YMD = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;

/** The calendar date (YYYY-MM-DD) it is at `now` in the firm's time zone. */
export function dateIn(now: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return zoneFormatter('en-CA', timeZone, YMD).format(now);
}

/** The hour (0–23) it is at `now` in the firm's time zone. */
export function hourIn(now: Date, timeZone: string): number {
  return Number(zoneFormatter('en-GB', timeZone, { hour: '2-digit', hourCycle: 'h23' }).format(now));
}

export const DEFAULT_TIME_ZONE = 'America/New_York';
