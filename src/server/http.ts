import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IncidentTextError } from '../cli/ndjson.js';

/** The body of every error response: `{"error": {code, message, issues?}}`, as the library's errors. */
export type ErrorBody = IncidentTextError;

/** A request the service refuses: its HTTP status and the error it answers with. */
export class HttpError extends Error {
  readonly issues: IncidentTextError['issues'];
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options: { issues?: IncidentTextError['issues']; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.issues = options.issues;
    this.headers = options.headers ?? {};
  }

  get body(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const NDJSON_TYPE = 'application/x-ndjson; charset=utf-8';

/** Sends a whole JSON response (the text already ends in a newline). */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}, type = JSON_TYPE): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: { status: number; body: ErrorBody; headers?: Record<string, string> }): void {
  sendText(res, error.status, `${JSON.stringify({ error: error.body })}\n`, error.headers);
}

/**
 * The request's path and query, split by hand: `new URL` would read "//host/x" as another host.
 * Percent-escapes in the query are decoded (URLSearchParams); in the path they are not, so
 * "/v1/decisions%3Abatch" is no endpoint.
 */
export function splitTarget(target: string | undefined): { path: string; query: URLSearchParams } {
  const text = target ?? '/';
  const q = text.indexOf('?');
  return q === -1 ? { path: text, query: new URLSearchParams() } : { path: text.slice(0, q), query: new URLSearchParams(text.slice(q + 1)) };
}

/**
 * The query's parameters, each at most once and none unknown (a misspelt "?fromat=plan" is an
 * error, not a silent default), like unknown keys in a rule file.
 */
export function queryParameters<K extends string>(query: URLSearchParams, known: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  const issues: { path: string[]; message: string }[] = [];
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    if (!(known as readonly string[]).includes(name)) issues.push({ path: ['query', name], message: `unknown parameter; this endpoint takes ${known.join(', ')}` });
    else if (values.length > 1) issues.push({ path: ['query', name], message: 'given more than once' });
    else out[name as K] = values[0]!;
  }
  if (issues.length > 0) throw invalidParameters(issues);
  return out;
}

export function invalidParameters(issues: { path: string[]; message: string }[]): HttpError {
  return new HttpError(400, 'invalid-parameter', `the request's parameters are not valid`, { issues });
}

/**
 * Refuses a body of another media type (415): an incident is JSON, a batch NDJSON. No
 * content-type at all is taken as the endpoint's own; a charset other than UTF-8 is refused.
 */
export function checkContentType(req: IncomingMessage, accepted: readonly string[]): void {
  const header = req.headers['content-type'];
  if (header === undefined) return;
  const [type = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (!accepted.includes(type)) {
    throw new HttpError(415, 'unsupported-media-type', `this endpoint reads ${accepted[0]}, not ${type || 'an empty content-type'}`, { headers: { accept: accepted.join(', ') } });
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(415, 'unsupported-media-type', `the body must be UTF-8, not ${charset}`);
}

/**
 * The whole request body, at most `maxBytes` (413 as soon as it is over, from Content-Length or
 * while reading) and within `deadline` (408); `proceed` is called once the body is wanted. The
 * request is left unread after an error: the response closes the connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number, deadline: number, describeLimit: string, proceed: () => void): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, 'body-too-large', `the request body is larger than ${describeLimit}`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  proceed();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onClose);
      if (error) {
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onGone = () => finish(new ClientGone());
    const onClose = () => {
      if (!req.complete) finish(new ClientGone());
    };
    const timer = setTimeout(() => finish(new HttpError(408, 'request-timeout', 'the request body did not arrive in time')), Math.max(0, deadline - Date.now()));
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onClose);
  });
}

/** The client went away before its request was read: there is no one to answer. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGone';
  }
}
