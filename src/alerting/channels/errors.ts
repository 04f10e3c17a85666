// Channel failures that carry whether a retry can help, with the channel's secrets scrubbed from every message.
import { redactSecrets } from '../../log/redact.ts';

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  /** HTTP status (or SMTP reply code) of the answer, when there was one. */
  readonly status: number | undefined;
  /** False when the receiver refused the request for good (bad payload, unknown webhook, bad login). */
  readonly retryable: boolean;
  /** How long the receiver asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  /** `cause`: the client's own error, kept for the code that handles it; the message is already scrubbed and is
   * all that is ever logged or stored (the cause may quote a secret). */
  constructor(message: string, options: { status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The pieces of a URL that grant access: the whole URL, its path and query (webhook tokens live there),
 * long path segments and query values (a server may quote just one), and any user info.
 */
export function urlSecrets(url: string): string[] {
  const out = [url];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return out;
  }
  const pathAndQuery = parsed.pathname + parsed.search;
  if (pathAndQuery.length > 1) out.push(pathAndQuery);
  if (parsed.pathname.length > 1) out.push(parsed.pathname);
  if (parsed.search) out.push(parsed.search);
  for (const segment of parsed.pathname.split('/')) if (segment.length >= 8) out.push(segment);
  for (const value of parsed.searchParams.values()) if (value.length >= 8) out.push(value);
  for (const part of [parsed.username, parsed.password]) {
    if (!part) continue;
    out.push(part);
    try {
      out.push(decodeURIComponent(part));
    } catch {
      // A malformed escape: the raw form is already listed.
    }
  }
  return out;
}

/** Removes each secret (longest first, so a URL goes before its own path) and the platform's known secrets. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  const ordered = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of ordered) out = out.split(secret).join('[redacted]');
  return redactSecrets(out);
}

/** How errors name a channel: `chat (slack)`, or just `email` when the name already says the type. */
export function channelLabel(name: string, type: string): string {
  return name === type ? name : `${name} (${type})`;
}
