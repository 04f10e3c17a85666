// JSON POSTs to webhook-style receivers with a timeout, turning every failure into a scrubbed ChannelError.
import { ChannelError, scrub } from './errors.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 300;

export interface PostOptions {
  /** Names the channel in error messages (never the URL: it is the credential for most webhooks). */
  what: string;
  secrets: readonly string[];
  timeoutMs?: number;
}

export interface PostAnswer {
  status: number;
  body: string;
}

// 408, 425 and 429 say "not now"; other 4xx say the request itself is wrong and a retry would get the same answer.
function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function describeFetchFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND...) in the cause.
  const cause = err instanceof Error ? (err.cause as (Error & { code?: string }) | undefined) : undefined;
  const base = err instanceof Error ? err.message : String(err);
  if (cause instanceof Error) return `${base}: ${cause.code ?? cause.message}`;
  return base;
}

export async function postJson(url: string, payload: unknown, options: PostOptions): Promise<PostAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ChannelError(scrub(`${options.what}: request failed: ${describeFetchFailure(err, timeoutMs)}`, options.secrets), {
      retryable: true,
      cause: err,
    });
  }
  let body = '';
  try {
    body = await response.text();
  } catch {
    // The status is what decides; a body cut short only loses the excerpt.
  }
  if (!response.ok) {
    const detail = excerpt(body);
    const after = retryAfterMs(response.headers.get('retry-after'));
    throw new ChannelError(scrub(`${options.what}: HTTP ${response.status}${detail ? `: ${detail}` : ''}`, options.secrets), {
      status: response.status,
      retryable: retryableStatus(response.status),
      ...(after === undefined ? {} : { retryAfterMs: after }),
    });
  }
  return { status: response.status, body };
}
