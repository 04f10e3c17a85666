// The one reading of a date typed by a person or a client (`--as-of`, GraphQL date arguments): exactly
// YYYY-MM-DD and a real calendar day, so 2024-02-30 and 2023-02-29 are refused. Input files are the ETL's
// (src/etl/parse-date.ts reads their many formats).

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `text` is a calendar date written YYYY-MM-DD (years 1000 to 9999, as the ETL accepts). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
