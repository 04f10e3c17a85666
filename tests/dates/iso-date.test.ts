import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/dates/iso-date.ts';

describe('isIsoDate', () => {
  it('accepts real calendar days written YYYY-MM-DD, leap days of leap years included', () => {
    for (const d of ['2024-01-01', '2024-02-29', '2000-02-29', '2025-12-31', '1999-04-30']) expect(isIsoDate(d)).toBe(true);
  });

  it('refuses days that do not exist: 2024-02-30, 2023-02-29, 1900-02-29, the 31st of a 30-day month, month 13, day 0', () => {
    for (const d of ['2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00'])
      expect(isIsoDate(d)).toBe(false);
  });

  it('refuses every other writing: day first, no padding, a time, spaces, years before 1000', () => {
    for (const d of ['01-02-2024', '2024-1-5', '2024-01-05T00:00', ' 2024-01-05', '2024/01/05', '0999-01-01', ''])
      expect(isIsoDate(d)).toBe(false);
  });
});
