// Renders a calendar date in every format the contract and docs/data-decisions.md accept; each
// must read back as exactly that date (day-first numerics, no time-zone shift on timestamps).

export interface DateFormat {
  name: string;
  render(y: number, m: number, d: number): string;
}

const ES_MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];
const ES_ABBR = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const EN_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const iso = (y: number, m: number, d: number): string => `${y}-${p2(m)}-${p2(d)}`;
// A time of day that varies with the date but needs no random draw.
const hh = (m: number, d: number): string => p2((d * 7 + m * 3) % 24);
const mi = (m: number, d: number): string => p2((d * 13 + m * 7) % 60);
const ss = (m: number, d: number): string => p2((d * 17 + m) % 60);

/** The first ten are the contract's own examples; the rest are the project's accepted extras. */
export const DATE_FORMATS: readonly DateFormat[] = [
  { name: 'iso', render: iso }, // 2024-03-15
  { name: 'ymd-slash', render: (y, m, d) => `${y}/${p2(m)}/${p2(d)}` }, // 2024/03/15
  { name: 'dmy-slash', render: (y, m, d) => `${p2(d)}/${p2(m)}/${y}` }, // 15/03/2024
  { name: 'dmy-dash', render: (y, m, d) => `${p2(d)}-${p2(m)}-${y}` }, // 15-03-2024
  { name: 'dmy-slash-unpadded', render: (y, m, d) => `${d}/${m}/${y}` }, // 5/3/2024
  { name: 'compact', render: (y, m, d) => `${y}${p2(m)}${p2(d)}` }, // 20240315
  { name: 'iso-timestamp-z', render: (y, m, d) => `${iso(y, m, d)}T${hh(m, d)}:${mi(m, d)}:00Z` }, // 2024-03-15T10:20:00Z
  { name: 'es-abbr-dash', render: (y, m, d) => `${p2(d)}-${ES_ABBR[m - 1]}-${y}` }, // 15-mar-2024
  { name: 'es-full', render: (y, m, d) => `${d} ${ES_MONTHS[m - 1]} ${y}` }, // 15 marzo 2024
  { name: 'en-abbr-comma', render: (y, m, d) => `${EN_ABBR[m - 1]} ${d}, ${y}` }, // Mar 15, 2024
  { name: 'dmy-dash-unpadded', render: (y, m, d) => `${d}-${m}-${y}` }, // 5-3-2024
  { name: 'iso-timestamp-space', render: (y, m, d) => `${iso(y, m, d)} ${hh(m, d)}:${mi(m, d)}:${ss(m, d)}` },
  // Late evening at UTC-5 is the next day in UTC: the calendar date as written must win.
  { name: 'iso-timestamp-offset', render: (y, m, d) => `${iso(y, m, d)}T23:${mi(m, d)}:00-05:00` },
  { name: 'iso-timestamp-fraction', render: (y, m, d) => `${iso(y, m, d)}T${hh(m, d)}:${mi(m, d)}:${ss(m, d)}.250Z` },
  { name: 'iso-timestamp-minutes', render: (y, m, d) => `${iso(y, m, d)}T${hh(m, d)}:${mi(m, d)}` },
  { name: 'es-de', render: (y, m, d) => `${d} de ${m === 9 ? 'setiembre' : ES_MONTHS[m - 1]} de ${y}` }, // 15 de marzo de 2024
  { name: 'es-abbr-space', render: (y, m, d) => `${d} ${ES_ABBR[m - 1]} ${y}` }, // 15 mar 2024
  { name: 'es-abbr-upper-dash', render: (y, m, d) => `${p2(d)}-${ES_ABBR[m - 1]!.toUpperCase()}-${y}` }, // 15-MAR-2024
  { name: 'es-abbr-dot', render: (y, m, d) => `${d} ${m === 9 ? 'sept' : ES_ABBR[m - 1]}. ${y}` }, // 15 mar. 2024
  { name: 'en-full', render: (y, m, d) => `${EN_MONTHS[m - 1]} ${d} ${y}` }, // March 15 2024
  { name: 'en-day-first', render: (y, m, d) => `${d} ${EN_MONTHS[m - 1]} ${y}` }, // 15 March 2024
];

export function renderDate(index: number, y: number, m: number, d: number): string {
  return DATE_FORMATS[index]!.render(y, m, d);
}
