// How the report writes numbers and times: one fixed locale, so the page reads the same on every machine.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatInt = (n: number): string => integer.format(n);
export const formatMoney = (n: number): string => money.format(n);
export const formatPercent = (part: number, whole: number): string => (whole === 0 ? '–' : percent.format(part / whole));

/** `2026-11-28T10:15:03.123Z` -> `2026-11-28 10:15 UTC`; other text is returned as it is. */
export function formatTime(iso: string | null): string {
  if (!iso) return '–';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
