/** Formatting the way a law firm writes values into an agreement. Pure functions, tested directly. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** "2027-01-01" → "January 1, 2027". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[m! - 1]} ${d}, ${y}`;
}

/** "2027-01" → "January 2027". */
export function monthName(yyyyMm: string): string {
  const [y, m] = yyyyMm.split('-').map(Number);
  return `${MONTHS[m! - 1]} ${y}`;
}

// One formatter for the process: toLocaleString builds a new one on every call.
const DOLLARS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 25000 → "$25,000.00". */
export function money(amount: number): string {
  return '$' + DOLLARS.format(amount);
}

/** Whole numbers 0–999,999 in words: 90 → "ninety", 365 → "three hundred sixty-five". */
export function numberWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) return String(n);
  if (n < 20) return ONES[n]!;
  if (n < 100) return TENS[Math.floor(n / 10)]! + (n % 10 ? '-' + ONES[n % 10] : '');
  if (n < 1000) return ONES[Math.floor(n / 100)] + ' hundred' + (n % 100 ? ' ' + numberWords(n % 100) : '');
  return numberWords(Math.floor(n / 1000)) + ' thousand' + (n % 1000 ? ' ' + numberWords(n % 1000) : '');
}

/** 90, "days" → "ninety (90) days"; 1, "months" → "one (1) month". */
export function period(n: number, unit: 'days' | 'months' | 'years' | 'Business Days'): string {
  const label = n === 1 ? unit.replace(/s$/, '') : unit;
  return `${numberWords(n)} (${n}) ${label}`;
}

/** 36 months → "three (3) years"; 18 → "eighteen (18) months". */
export function termFromMonths(months: number): string {
  return months % 12 === 0 ? period(months / 12, 'years') : period(months, 'months');
}

/** 8 → "eight percent (8%)"; 6.5 → "6.5 percent (6.5%)". */
export function percentWords(p: number): string {
  const words = Number.isInteger(p) ? numberWords(p) : String(p);
  return `${words} percent (${p}%)`;
}

/** A rate with three decimals as rates are quoted: 4.3 → "4.300%". */
export function rate(p: number): string {
  return `${p.toFixed(3)}%`;
}

/** 10 → "10th", 1 → "1st", 22 → "22nd". */
export function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** ["a","b"] → "a and b"; ["a","b","c"] → "a, b, and c" (the serial comma, as agreements use it). */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

export const STATE_NAMES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware',
  DC: 'the District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
  KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota',
  MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
  NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon',
  PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};

export const stateName = (code: string) => STATE_NAMES[code] ?? code;

/**
 * A party as the preamble describes it: "a Texas limited liability company", "an Oregon
 * professional corporation" (the article follows the sound of the state's name; Utah is "a").
 * Undefined when either part is missing, so the blank shows as a missing value.
 */
export function entityDescription(state: string | undefined, entityType: string | undefined): string | undefined {
  if (!state || !entityType) return undefined;
  // "the District of Columbia" reads "a District of Columbia professional corporation".
  const phrase = `${state.replace(/^the /, '')} ${entityType}`;
  return `${/^[AEIO]/.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

export const PE_TYPE_WORDS: Readonly<Record<string, string>> = {
  PC: 'professional corporation',
  PLLC: 'professional limited liability company',
  PA: 'professional association',
  'medical-corporation': 'professional medical corporation',
  other: 'professional entity',
};
