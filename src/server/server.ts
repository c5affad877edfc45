// The decision service: the library over HTTP (node:http), Node-only and thin. docs/service.md
// describes the endpoints, statuses, limits and log line.
import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isCalendarDate } from '../policy/dates.js';
import { decideText, evaluateNdjson } from '../cli/ndjson.js';
import { decideAsOf } from '../decision/as-of.js';
import type { Policy } from '../engine/policy.js';
import { asOfProblem, policyVersionsOf, type PolicyVersions } from '../engine/versions.js';
import { nearest } from '../policy/diagnostics.js';
import { fileLimits, formatBytes, withFileLimits } from '../policy/limits.js';
import { checkContentType, ClientGone, HttpError, invalidParameters, NDJSON_TYPE, queryParameters, readBody, sendError, sendText, splitTarget } from './http.js';
import { outcomeTargets, policyRef, writeLog, type RequestLogEntry } from './log.js';

export interface ServerOptions {
  /**
   * The policies served (at least one; ids distinct). A request names one with ?policy=<id> when
   * there are several. A policy given with its versions (loadPolicyVersions) decides each incident
   * under the version in force on ?asOf=, or on the incident's `date`.
   */
  policies: readonly (Policy | PolicyVersions)[];
  /** Default 8080; 0 picks a free port (see the returned url). */
  port?: number;
  /** Default 127.0.0.1: this machine only. */
  host?: string;
  /** The largest request body for POST /v1/decisions, and line of a batch (default: the file limit in effect, 1 MiB). */
  maxBodyBytes?: number;
  /**
   * How long a request's headers and body may take to arrive (408 after it), how long a batch's
   * connection may sit idle, and how long a stop waits for requests in flight (default 30 s).
   */
  timeoutMs?: number;
  /** Where the log lines go, one JSON object a line (default: standard error; null: nowhere). */
  log?: NodeJS.WritableStream | null;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  /**
   * Stops: takes no new connection, answers the requests in flight (cutting off any still
   * running after timeoutMs), then resolves. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

const ENDPOINTS = 'GET /healthz, GET /v1/policies, POST /v1/decisions and POST /v1/decisions:batch';
const JSON_TYPES = ['application/json'] as const;
// What clients send NDJSON as: there is no one registered type; text/plain is what a plain upload gets.
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain'] as const;
const FORMATS = ['full', 'plan'] as const;

/** The id two of the policies share, if any: a service cannot tell them apart by ?policy=. */
export function duplicatePolicyId(policies: readonly (Policy | PolicyVersions)[]): string | undefined {
  const seen = new Set<string>();
  for (const p of policies) {
    if (seen.has(p.id)) return p.id;
    seen.add(p.id);
  }
  return undefined;
}

/** A policy as the service holds it: with its versions (a policy that keeps none is its own only one). */
function asVersions(p: Policy | PolicyVersions): PolicyVersions {
  return 'versions' in p && 'current' in p ? p : policyVersionsOf(p);
}

/** Starts the decision service; resolves once it is listening. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if (options.policies.length === 0) throw new TypeError('startServer: no policy to serve');
  const duplicate = duplicatePolicyId(options.policies);
  if (duplicate !== undefined) throw new TypeError(`startServer: two policies have the id "${duplicate}"; serve one of them`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0)) throw new RangeError(`startServer: timeoutMs must be above 0, not ${timeoutMs}`);
  const service = new Service(options.policies.map(asVersions), options.maxBodyBytes ?? fileLimits().maxFileBytes, timeoutMs, options.log === undefined ? process.stderr : options.log);
  // Node's own request timeout would cut a long batch; the service times a body's arrival itself.
  const server = createServer({ requestTimeout: 0, headersTimeout: timeoutMs, keepAliveTimeout: 5_000 }, (req, res) => service.handle(req, res));
  // "Expect: 100-continue" (curl's way with a large body): a request refused on its headers
  // (a body over the limit, no such endpoint) is answered before its body is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => service.handle(req, res, true));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      server.off('listening', listening);
      reject(error);
    };
    const listening = () => {
      server.off('error', failed);
      resolve();
    };
    server.once('error', failed).once('listening', listening);
    server.listen(options.port ?? 8080, host);
  });
  // Once listening, a fault of the server itself (e.g. out of file descriptors) is logged, not thrown.
  server.on('error', (error: NodeJS.ErrnoException) => writeLog(service.log, { time: new Date().toISOString(), event: 'error', error: error.code ?? error.name }));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  writeLog(service.log, { time: new Date().toISOString(), event: 'listening', url, policies: options.policies.map((p) => policyRef(asVersions(p).current)) });

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        writeLog(service.log, { time: new Date().toISOString(), event: 'stopping' });
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Answers still to come close their connection, which is then closed once it is idle.
        service.stop(() => server.closeIdleConnections());
        server.closeIdleConnections();
        // Whatever is still running after the timeout (a batch still being sent) is cut off.
        const cutOff = setTimeout(() => {
          service.cuttingOff = true;
          server.closeAllConnections();
        }, timeoutMs);
        cutOff.unref();
        await closed;
        // The server closes with its connections; the last responses' log lines come just after.
        await service.drained();
        clearTimeout(cutOff);
        writeLog(service.log, { time: new Date().toISOString(), event: 'stopped', requests: service.requests });
      })();
      return closing;
    },
  };
}

/** `proceed` tells a client waiting to send its body (Expect: 100-continue) to send it. */
type Handler = (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, entry: RequestLogEntry, proceed: () => void) => Promise<void> | void;

class Service {
  stopping = false;
  /** Set when a stop's wait is over and the connections still open are being closed. */
  cuttingOff = false;
  requests = 0;
  private readonly inFlight = new Set<ServerResponse>();
  private onIdle: (() => void) | undefined;
  private readonly routes: Record<string, { methods: string[]; handle: Handler }>;
  private readonly limitText: string;

  constructor(
    private readonly policies: PolicyVersions[],
    private readonly maxBodyBytes: number,
    private readonly timeoutMs: number,
    readonly log: NodeJS.WritableStream | null,
  ) {
    this.limitText = `${formatBytes(maxBodyBytes)}, the limit for one incident (--max-body)`;
    this.routes = {
      '/healthz': { methods: ['GET', 'HEAD'], handle: (_req, res) => this.health(res) },
      '/v1/policies': { methods: ['GET', 'HEAD'], handle: (_req, res) => this.list(res) },
      '/v1/decisions': { methods: ['POST'], handle: (req, res, query, entry, proceed) => this.decide(req, res, query, entry, proceed) },
      '/v1/decisions:batch': { methods: ['POST'], handle: (req, res, query, entry, proceed) => this.batch(req, res, query, entry, proceed) },
    };
  }

  /** Resolves once no response is in flight. */
  async drained(): Promise<void> {
    while (this.inFlight.size > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  /** From now on, every answer closes its connection; `onIdle` is called after each. */
  stop(onIdle: () => void): void {
    this.stopping = true;
    this.onIdle = onIdle;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  }

  handle(req: IncomingMessage, res: ServerResponse, expectsContinue = false): void {
    const started = performance.now();
    this.requests++;
    const { path, query } = splitTarget(req.url);
    const route = Object.hasOwn(this.routes, path) ? this.routes[path]! : undefined;
    const entry: RequestLogEntry = { time: new Date().toISOString(), event: 'request', method: req.method ?? '', path: route ? path : null, status: 0, ms: 0 };
    // A write to a connection the client has closed is not the service's error: never let it throw.
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    this.inFlight.add(res);
    const closed = new Promise<number>((resolve) => res.once('close', () => resolve(performance.now())));
    if (this.stopping) res.setHeader('connection', 'close');
    const handled = (async () => {
      try {
        if (!route) throw new HttpError(404, 'not-found', `there is no endpoint at this path; the endpoints are ${ENDPOINTS}`);
        if (!route.methods.includes(req.method ?? '')) {
          throw new HttpError(405, 'method-not-allowed', `${path} takes ${route.methods.join(' or ')}, not ${req.method}`, { headers: { allow: route.methods.join(', ') } });
        }
        await route.handle(req, res, query, entry, expectsContinue ? () => res.writeContinue() : () => undefined);
      } catch (error) {
        this.fail(req, res, error, entry);
      }
    })();
    // The log line once the response is over and the handler has said what it did (a batch's counts).
    void Promise.all([closed, handled]).then(([end]) => {
      entry.status = res.headersSent ? res.statusCode : 499;
      entry.ms = Math.round((end - started) * 100) / 100;
      writeLog(this.log, entry);
      this.inFlight.delete(res);
      // A connection becomes idle only after its response's close: look again on the next turn.
      if (this.onIdle) setImmediate(this.onIdle);
    });
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown, entry: RequestLogEntry): void {
    if (error instanceof ClientGone) return;
    const http =
      error instanceof HttpError
        ? error
        : // Never a stack trace, nor an internal message, in a response.
          new HttpError(500, 'internal-error', 'the service could not answer this request (an internal error)');
    entry.error = http.code;
    if (res.headersSent) {
      // A stream already under way cannot change its status: end it unfinished, so the client sees it was cut.
      res.destroy();
      return;
    }
    // A body left unread (refused before or while reading) is not read on: the connection closes.
    const headers = req.complete ? http.headers : { ...http.headers, connection: 'close' };
    sendError(res, { status: http.status, body: http.body, headers });
  }

  private health(res: ServerResponse): void {
    if (this.stopping) sendText(res, 503, '{"status":"stopping"}\n');
    else sendText(res, 200, '{"status":"ok"}\n');
  }

  private list(res: ServerResponse): void {
    const policies = this.policies.map(({ current: p, versions }) => ({
      id: p.id,
      title: p.title,
      version: p.version,
      digest: p.digest,
      // Only for a policy that keeps earlier versions: each with when it was approved.
      ...(versions.length > 1 && { versions: versions.map((v) => ({ version: v.version, approvedOn: v.approvedOn, digest: v.policy.digest })) }),
    }));
    sendText(res, 200, `${JSON.stringify({ policies })}\n`);
  }

  /** POST /v1/decisions: one incident (JSON) → its decision, or its action plan with ?format=plan. */
  private async decide(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, entry: RequestLogEntry, proceed: () => void): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    const params = queryParameters(query, ['policy', 'format', 'today', 'asOf']);
    const format = params.format ?? 'full';
    const issues: { path: string[]; message: string }[] = [];
    if (!(FORMATS as readonly string[]).includes(format)) issues.push({ path: ['query', 'format'], message: `must be ${FORMATS.join(' or ')}` });
    this.checkToday(params.today, issues);
    if (issues.length > 0) throw invalidParameters(issues);
    const versions = this.choose(params.policy);
    this.checkAsOf(versions, params.asOf);
    entry.policy = policyRef(versions.current);
    checkContentType(req, JSON_TYPES);
    const body = await readBody(req, this.maxBodyBytes, deadline, this.limitText, proceed);
    if (!isUtf8(body)) throw new HttpError(400, 'invalid-utf8', 'the request body is not valid UTF-8');
    const text = body.toString('utf8');
    if (text.trim() === '') throw new HttpError(400, 'empty-body', 'the request body is empty; it must be one incident as JSON');
    const options = { ...(params.today === undefined ? {} : { today: params.today }), ...(params.asOf === undefined ? {} : { asOf: params.asOf }) };
    const answer = await decideText(text, (incident) => decideAsOf(versions, incident, options));
    if ('error' in answer) {
      const { code, message, issues } = answer.error;
      if (code === 'internal-error') throw new Error(message);
      throw new HttpError(400, code, message, issues ? { issues } : {});
    }
    const { decision, policy } = answer.value;
    entry.policy = policyRef(policy);
    entry.incident = logged(decision.incident.id);
    entry.outcomes = outcomeTargets(decision);
    // The decision's JSON is JSON.stringify(await evaluate(...)), byte for byte, then a newline.
    sendText(res, 200, `${JSON.stringify(format === 'plan' ? decision.plan : decision)}\n`);
  }

  /**
   * POST /v1/decisions:batch: NDJSON in, NDJSON out, one line per line in order, streamed as
   * `evaluate --ndjson` does (the same code). Its connection may not sit idle for longer than
   * the timeout; a client that goes away stops the work.
   */
  private async batch(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, entry: RequestLogEntry, proceed: () => void): Promise<void> {
    const params = queryParameters(query, ['policy', 'today', 'asOf']);
    const issues: { path: string[]; message: string }[] = [];
    this.checkToday(params.today, issues);
    if (issues.length > 0) throw invalidParameters(issues);
    const versions = this.choose(params.policy);
    this.checkAsOf(versions, params.asOf);
    entry.policy = policyRef(versions.current);
    checkContentType(req, NDJSON_TYPES);
    proceed();
    res.writeHead(200, { 'content-type': NDJSON_TYPE, 'cache-control': 'no-store' });
    const stop = new AbortController();
    const onClose = () => {
      if (res.writableFinished) return;
      entry.stopped ??= this.cuttingOff ? 'stopping' : 'client-gone';
      stop.abort('broken-pipe');
    };
    res.on('close', onClose);
    const onIdle = () => {
      entry.stopped = 'timeout';
      stop.abort('timeout');
      res.destroy();
    };
    req.setTimeout(this.timeoutMs, onIdle);
    try {
      const summary = await withFileLimits({ maxFileBytes: this.maxBodyBytes }, () =>
        evaluateNdjson(versions.current, req, res, {
          signal: stop.signal,
          versions,
          ...(params.today === undefined ? {} : { today: params.today }),
          ...(params.asOf === undefined ? {} : { asOf: params.asOf }),
        }),
      );
      Object.assign(entry, { lines: summary.lines, decisions: summary.decisions, errors: summary.errors });
    } finally {
      req.setTimeout(0);
      req.off('timeout', onIdle);
    }
    if (!stop.signal.aborted) res.end();
  }

  private checkToday(today: string | undefined, issues: { path: string[]; message: string }[]): void {
    if (today !== undefined && !isCalendarDate(today)) issues.push({ path: ['query', 'today'], message: 'must be a date as YYYY-MM-DD' });
  }

  /** ?asOf=: a real date on which a version of the policy was in force. */
  private checkAsOf(versions: PolicyVersions, asOf: string | undefined): void {
    const problem = asOf === undefined ? undefined : asOfProblem(versions, asOf);
    if (problem === 'not-a-date') throw invalidParameters([{ path: ['query', 'asOf'], message: 'must be a date as YYYY-MM-DD' }]);
    if (problem) throw new HttpError(400, problem.code, problem.message, { issues: [{ path: ['query', 'asOf'], message: problem.message }] });
  }

  /** The policy a request names, or the only one served. */
  private choose(id: string | undefined): PolicyVersions {
    const ids = this.policies.map((p) => p.id);
    if (id === undefined) {
      if (this.policies.length === 1) return this.policies[0]!;
      throw new HttpError(400, 'policy-required', `this service serves ${ids.length} policies (${ids.join(', ')}): name one with ?policy=<id>`);
    }
    const policy = this.policies.find((p) => p.id === id);
    if (policy) return policy;
    const near = nearest(id, ids);
    throw new HttpError(400, 'unknown-policy', `no policy "${id}" is served here${near ? ` (did you mean "${near}"?)` : ''}; served: ${ids.join(', ')}`, {
      issues: [{ path: ['query', 'policy'], message: 'not a served policy' }],
    });
  }
}

/** An incident's id as logged: a reference, so a short one; a longer one is cut (the log stays lines, not documents). */
function logged(id: string | null): string | null {
  return id !== null && id.length > MAX_LOGGED_ID ? `${id.slice(0, MAX_LOGGED_ID)}…` : id;
}

const MAX_LOGGED_ID = 100;
