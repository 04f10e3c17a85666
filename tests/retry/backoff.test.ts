import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/retry/backoff.ts';

describe('backoffDelay', () => {
  it('doubles with each retry, half fixed and half random', () => {
    expect([1, 2, 3].map((r) => backoffDelay(r, 100, 30_000, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((r) => backoffDelay(r, 100, 30_000, () => 0.999999))).toEqual([100, 200, 400]);
  });

  it('keeps each delay within [half, whole] of base * 2^(retry-1), capped', () => {
    expect(backoffDelay(1, 200, 30_000, () => 0)).toBe(100);
    expect(backoffDelay(1, 200, 30_000, () => 0.999999)).toBe(200);
    expect(backoffDelay(3, 200, 30_000, () => 0)).toBe(400);
    expect(backoffDelay(20, 200, 30_000, () => 1)).toBe(30_000);
  });
});
