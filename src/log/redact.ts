// Keeps credentials out of logs, errors and responses, whatever an SDK or server message quotes.

const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SESSION_TOKEN', 'API_TOKEN'];

export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 4) out = out.split(value).join(`[${name}]`);
  }
  return out;
}

/** A short, safe description of an error: its name or code and its message, credentials removed. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return redactSecrets(String(err));
  const e = err as Error & { Code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return redactSecrets(`${e.name}${status}: ${e.message}`);
}
