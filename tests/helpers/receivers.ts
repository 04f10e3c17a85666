// Real receivers on loopback for the alert channels: an HTTP webhook endpoint and an SMTP server, both recording.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RecordedRequest {
  method: string;
  /** Path and query, as requested. */
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface HttpReceiver {
  /** `http://127.0.0.1:<port>`; any path is accepted. */
  origin: string;
  requests: RecordedRequest[];
  /** Answer for requests that are not failed: default 200 "ok" (what a Slack webhook says). */
  answer: HttpAnswer;
  /** Makes the next `count` requests fail with this answer (default 500, a body quoting the request path). */
  failNext(count: number, answer?: Partial<HttpAnswer> | ((req: RecordedRequest) => HttpAnswer)): void;
  /** Forgets recorded requests and pending failures, and restores the default answer. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_ANSWER: HttpAnswer = { status: 200, body: 'ok', contentType: 'text/plain' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  let failures = 0;
  let failure: (req: RecordedRequest) => HttpAnswer = () => ({ status: 500, body: 'internal_error' });
  const receiver: HttpReceiver = {
    origin: '',
    requests: [],
    answer: { ...DEFAULT_ANSWER },
    failNext(count, answer) {
      failures = count;
      if (typeof answer === 'function') failure = answer;
      else {
        // By default the failure quotes the request path, as some servers do: a webhook token would leak with it.
        failure = (req) => ({ status: 500, body: `internal_error while handling ${req.path}`, contentType: 'text/plain', ...answer });
      }
    },
    reset() {
      receiver.requests.length = 0;
      failures = 0;
      receiver.answer = { ...DEFAULT_ANSWER };
    },
    close: async () => {},
  };
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body };
    receiver.requests.push(recorded);
    let answer = receiver.answer;
    if (failures > 0) {
      failures--;
      answer = failure(recorded);
    }
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain', ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  receiver.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return receiver;
}

export interface MimePart {
  headers: Record<string, string>;
  /** Decoded body (quoted-printable and base64 undone). */
  body: string;
}

export interface ReceivedMail {
  /** Envelope sender and recipients (MAIL FROM / RCPT TO). */
  from: string;
  to: string[];
  raw: string;
  /** Top-level headers, lower-case names, folded lines joined. */
  headers: Record<string, string>;
  subject: string;
  /** The text/plain and text/html parts, decoded ('' when absent). */
  text: string;
  html: string;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  /** `smtp://127.0.0.1:<port>`. */
  url: string;
  messages: ReceivedMail[];
  /** Whether the server refuses every login (AUTH is then offered on the plain connection). */
  rejectAuth: boolean;
  close(): Promise<void>;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  // Folded header lines continue with whitespace (RFC 5322 2.2.3).
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function splitHeadersAndBody(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** `=?UTF-8?Q?...?=` and `=?UTF-8?B?...?=` words, as nodemailer writes non-ASCII subjects. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_all, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

/** The leaf parts of a message, walking multipart bodies. Enough MIME for what nodemailer writes. */
function leafParts(headers: Record<string, string>, body: string): MimePart[] {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\//i.test(type) || !boundary) return [{ headers, body: decodeBody(body, headers['content-transfer-encoding']) }];
  const parts: MimePart[] = [];
  const sections = body.split(`--${boundary}`).slice(1);
  for (const section of sections) {
    if (section.startsWith('--')) break;
    const { head, body: partBody } = splitHeadersAndBody(section.replace(/^\r?\n/, ''));
    parts.push(...leafParts(parseHeaders(head), partBody.replace(/\r?\n$/, '')));
  }
  return parts;
}

export function parseMail(raw: string, envelope: { from: string; to: string[] } = { from: '', to: [] }): ReceivedMail {
  const { head, body } = splitHeadersAndBody(raw);
  const headers = parseHeaders(head);
  const parts = leafParts(headers, body);
  const partOf = (type: string) =>
    parts.find((p) => (p.headers['content-type'] ?? 'text/plain').toLowerCase().startsWith(type))?.body ?? '';
  return {
    ...envelope,
    raw,
    headers,
    subject: decodeEncodedWords(headers.subject ?? ''),
    text: partOf('text/plain'),
    html: partOf('text/html'),
  };
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const receiver: SmtpReceiver = { host: '127.0.0.1', port: 0, url: '', messages: [], rejectAuth: false, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    // No TLS on loopback: nodemailer would otherwise upgrade to STARTTLS and need a trusted certificate.
    disabledCommands: ['STARTTLS'],
    // Offering AUTH on a plain connection lets a test present credentials and have them refused.
    allowInsecureAuth: true,
    logger: false,
    onAuth(_auth, _session, callback) {
      if (receiver.rejectAuth) {
        const refused = Object.assign(new Error('Invalid username or password'), { responseCode: 535 });
        callback(refused);
        return;
      }
      callback(null, { user: 'tester' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        receiver.messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), { from, to }));
        callback();
      });
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  receiver.port = (server.server.address() as AddressInfo).port;
  receiver.url = `smtp://127.0.0.1:${receiver.port}`;
  receiver.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return receiver;
}
