// Delivers one notification to one channel, retrying transient failures; the outcome is a result, never a throw.
import { describeError, redactSecrets } from '../log/redact.ts';
import { backoffDelay, sleep as realSleep } from '../retry/backoff.ts';
import { ChannelError } from './channels/errors.ts';
import type { Channel, DeliveryResult, Notification } from './types.ts';

export interface DeliverOptions {
  /** Tries in all (at least 1). */
  attempts: number;
  /** Delay before the first retry; doubles with each further retry, with jitter. */
  baseDelayMs: number;
  /** Ceiling on one delay, Retry-After included. Default 30 s. */
  maxDelayMs?: number;
  /** Injected by tests to skip the waits; default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); default Math.random. */
  random?: () => number;
}

const DEFAULT_MAX_DELAY_MS = 30_000;

function describe(err: unknown): string {
  // Channels already scrub their own secrets; the platform's known ones are removed once more either way.
  return err instanceof ChannelError ? redactSecrets(err.message) : describeError(err);
}

export async function deliver(channel: Channel, notification: Notification, options: DeliverOptions): Promise<DeliveryResult> {
  const attempts = Math.max(1, Math.floor(options.attempts) || 1);
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const sleep = options.sleep ?? realSleep;
  let error = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await channel.send(notification);
      return { channel: channel.name, status: 'sent', attempts: attempt };
    } catch (err) {
      error = describe(err);
      const final = err instanceof ChannelError && !err.retryable;
      if (final || attempt === attempts) return { channel: channel.name, status: 'failed', attempts: attempt, error };
      const delay = backoffDelay(attempt, options.baseDelayMs, maxDelayMs, options.random);
      const asked = err instanceof ChannelError && err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, maxDelayMs) : 0;
      try {
        await sleep(Math.max(delay, asked));
      } catch {
        // A broken sleep must not turn a delivery into a throw; retry at once instead.
      }
    }
  }
  return { channel: channel.name, status: 'failed', attempts, error };
}
