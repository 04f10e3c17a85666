// Waiting between tries: the one backoff formula (alert deliveries, object uploads) and the one real sleep.
// Neutral ground: the alerting and S3 engines both retry, and neither may import the other.
import { setTimeout as wait } from 'node:timers/promises';

/** Waits `ms` milliseconds (the real timer; code that retries takes a `sleep` so tests can skip the waits). */
export const sleep = (ms: number): Promise<void> => wait(ms).then(() => undefined);

/**
 * The wait before retry number `retry` (1-based): half of base * 2^(retry-1) (at most `maxDelayMs`) fixed,
 * half random, so waits still grow while several processes retrying the same failing service spread out.
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
