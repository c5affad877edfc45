// The decision service over loopback (port 0): each endpoint, each error, the limits, the log
// line, a graceful stop, a bounded concurrency run against evaluate() byte for byte, and the
// Python client of examples/service/.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateNdjson } from '../src/cli/ndjson.js';
import { runCli } from '../src/cli/program.js';
// The internal evaluate takes any value (the service's bodies are untyped JSON), as the service does.
import { evaluate } from '../src/decision/evaluate.js';
import { actionPlan, evaluateAsOf, incidentSpace, InvalidIncidentError, loadBundledPolicy, loadPolicyVersions, parseIncident, type IncidentInput, type Policy, type PolicyVersions } from '../src/index.js';
import { startServer, type RunningServer } from '../src/server/server.js';
import { collector } from './cli/run-cli.js';

const TODAY = '2026-11-26';
const incident = parseYaml(readFileSync('examples/incidents/teacher-texts-pupil.yaml', 'utf8')) as Record<string, unknown>;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request over loopback; `body` may be a string or chunks sent without a length (chunked). */
function call(url: string, method: string, body?: string | string[], headers: Record<string, string> = {}, agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const json = typeof body === 'string' ? { 'content-type': 'application/json' } : {};
    const req = httpRequest(url, { method, headers: { ...json, ...headers }, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (Array.isArray(body)) for (const chunk of body) req.write(chunk);
    req.end(typeof body === 'string' ? body : undefined);
  });
}

let elim: Policy;
let mast: Policy;
let both: RunningServer;
let one: RunningServer;
/** With a short timeout, for the tests of what happens when it runs out. */
let quick: RunningServer;
const log = collector();

beforeAll(async () => {
  [elim, mast] = await Promise.all([loadBundledPolicy('elim-school'), loadBundledPolicy('mast-academy-trust')]);
  both = await startServer({ policies: [elim, mast], port: 0, log: log.stream });
  one = await startServer({ policies: [elim], port: 0, maxBodyBytes: 4096, log: null });
  quick = await startServer({ policies: [elim], port: 0, timeoutMs: 300, log: null });
});

afterAll(async () => {
  await Promise.all([both?.close(), one?.close(), quick?.close()]);
});

const errorOf = (reply: Reply) => (JSON.parse(reply.body) as { error: { code: string; message: string; issues?: { path: unknown[]; message: string }[] } }).error;

describe('GET /healthz and /v1/policies', () => {
  it('says it is up, and lists the policies served with their identity', async () => {
    const health = await call(`${both.url}/healthz`, 'GET');
    expect([health.status, health.body]).toEqual([200, '{"status":"ok"}\n']);
    const list = await call(`${both.url}/v1/policies`, 'GET');
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(list.body)).toEqual({ policies: [elim, mast].map((p) => ({ id: p.id, title: p.title, version: p.version, digest: p.digest })) });
  });
});

describe('POST /v1/decisions', () => {
  it('answers with the JSON of evaluate(), byte for byte', async () => {
    const reply = await call(`${both.url}/v1/decisions?policy=mast-academy-trust&today=${TODAY}`, 'POST', JSON.stringify(incident));
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(`${JSON.stringify(await evaluate(mast, incident, { today: TODAY }))}\n`);
  });

  it('?format=plan answers with the action plan', async () => {
    const reply = await call(`${one.url}/v1/decisions?format=plan&today=${TODAY}`, 'POST', JSON.stringify(incident));
    expect(reply.status).toBe(200);
    const decision = await evaluate(elim, incident, { today: TODAY });
    expect(JSON.parse(reply.body)).toEqual(actionPlan(decision, elim));
    expect(reply.body).toBe(`${JSON.stringify(decision.plan)}\n`);
  });

  it('needs ?policy= when several are served, and names the one meant when it is misspelt', async () => {
    const body = JSON.stringify(incident);
    expect(errorOf(await call(`${both.url}/v1/decisions`, 'POST', body))).toEqual({
      code: 'policy-required',
      message: 'this service serves 2 policies (elim-school, mast-academy-trust): name one with ?policy=<id>',
    });
    const unknown = await call(`${both.url}/v1/decisions?policy=elim-schol`, 'POST', body);
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toMatchObject({ code: 'unknown-policy', issues: [{ path: ['query', 'policy'] }] });
    expect(errorOf(unknown).message).toContain('did you mean "elim-school"?');
  });

  it('refuses invalid JSON and an empty body (400)', async () => {
    const bad = await call(`${one.url}/v1/decisions`, 'POST', '{"activities": [');
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'invalid-json', message: expect.stringMatching(/^not valid JSON: /) });
    expect(errorOf(await call(`${one.url}/v1/decisions`, 'POST', ' \n'))).toMatchObject({ code: 'empty-body' });
  });

  it('refuses an invalid incident (400) with the paths and messages of InvalidIncidentError', async () => {
    const wrong = { ...incident, activities: ['sending-ofensive-message'], facts: { deliberate: 'yes' } };
    const reply = await call(`${one.url}/v1/decisions`, 'POST', JSON.stringify(wrong));
    expect(reply.status).toBe(400);
    let thrown: InvalidIncidentError | undefined;
    try {
      parseIncident(wrong, elim.vocabulary);
    } catch (error) {
      thrown = error as InvalidIncidentError;
    }
    expect(thrown).toBeInstanceOf(InvalidIncidentError);
    expect(errorOf(reply)).toEqual({ code: 'invalid-incident', message: 'the incident is not valid', issues: thrown!.issues.map(({ path, message }) => ({ path, message })) });
    expect(errorOf(reply).issues!.map((i) => i.path)).toEqual([['activities', 0], ['facts', 'deliberate']]);
  });

  it('refuses unknown, repeated or malformed parameters (400), each with its path', async () => {
    const reply = await call(`${one.url}/v1/decisions?fromat=plan&today=26/11/2026&policy=a&policy=b`, 'POST', JSON.stringify(incident));
    expect(reply.status).toBe(400);
    expect(errorOf(reply)).toMatchObject({ code: 'invalid-parameter', issues: [{ path: ['query', 'fromat'] }, { path: ['query', 'policy'], message: 'given more than once' }] });
    const values = await call(`${one.url}/v1/decisions?format=pdf&today=2026-02-30`, 'POST', JSON.stringify(incident));
    expect(errorOf(values).issues).toEqual([
      { path: ['query', 'format'], message: 'must be full or plan' },
      { path: ['query', 'today'], message: 'must be a date as YYYY-MM-DD' },
    ]);
  });

  it('refuses a body that is not JSON (415)', async () => {
    const reply = await call(`${one.url}/v1/decisions`, 'POST', 'activities=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(reply.status).toBe(415);
    expect(errorOf(reply).code).toBe('unsupported-media-type');
    const latin1 = await call(`${one.url}/v1/decisions`, 'POST', JSON.stringify(incident), { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin1.status).toBe(415);
  });

  it('refuses a body over the limit (413), whether its length is declared or not', async () => {
    const big = JSON.stringify({ ...incident, summary: 'x'.repeat(5000) });
    const declared = await call(`${one.url}/v1/decisions`, 'POST', big);
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe('close');
    expect(errorOf(declared)).toEqual({ code: 'body-too-large', message: 'the request body is larger than 4 KiB, the limit for one incident (--max-body)' });
    const chunked = await call(`${one.url}/v1/decisions`, 'POST', [big.slice(0, 3000), big.slice(3000)], { 'content-type': 'application/json' });
    expect(chunked.status).toBe(413);
    // Just under the limit is answered.
    expect((await call(`${one.url}/v1/decisions`, 'POST', JSON.stringify({ ...incident, summary: 'x'.repeat(3000) }))).status).toBe(200);
  });

  it('with "Expect: 100-continue", refuses a body over the limit before it is sent, and asks for one within it', async () => {
    const ask = (length: number) =>
      new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
        let continued = false;
        const body = JSON.stringify({ ...incident, summary: 'x'.repeat(length) });
        const req = httpRequest(`${one.url}/v1/decisions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue' } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, continued }));
        });
        req.on('continue', () => {
          continued = true;
          req.end(body);
        });
        req.on('error', reject);
      });
    expect(await ask(5000)).toEqual({ status: 413, continued: false });
    expect(await ask(10)).toEqual({ status: 200, continued: true });
  });

  it('answers 408 when the body does not arrive in time', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(`${quick.url}/v1/decisions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.write('{"activities":'); // and nothing more
    });
    expect(reply.status).toBe(408);
    expect(errorOf(reply).code).toBe('request-timeout');
  });

  it('answers an internal error with 500 and a sentence, never a stack trace', async () => {
    // A copy of a policy is not a loaded policy: evaluate() throws a TypeError inside the service.
    const broken = await startServer({ policies: [{ ...elim }], port: 0, log: null });
    try {
      const reply = await call(`${broken.url}/v1/decisions`, 'POST', JSON.stringify(incident));
      expect(reply.status).toBe(500);
      expect(JSON.parse(reply.body)).toEqual({ error: { code: 'internal-error', message: 'the service could not answer this request (an internal error)' } });
    } finally {
      await broken.close();
    }
  });
});

describe('a policy served with its versions (examples/mast-school keeps 0.9)', () => {
  let school: RunningServer;
  let versions: PolicyVersions;
  beforeAll(async () => {
    versions = await loadPolicyVersions('examples/mast-school');
    school = await startServer({ policies: [versions], port: 0, log: null });
  });
  afterAll(async () => school?.close());
  const phone: IncidentInput = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['using-personal-mobile-device'], facts: { 'lesson-time': true } };

  it("decides under the version in force on the incident's date or ?asOf=, as evaluateAsOf does, byte for byte", async () => {
    for (const [query, body] of [
      ['', { ...phone, date: '2026-03-15' }],
      ['&asOf=2026-03-15', phone],
      ['', { ...phone, date: '2026-11-01' }],
      ['', phone],
    ] as const) {
      const reply = await call(`${school.url}/v1/decisions?today=${TODAY}${query}`, 'POST', JSON.stringify(body));
      expect(reply.status).toBe(200);
      expect(reply.body).toBe(`${JSON.stringify(await evaluateAsOf(versions, body, { today: TODAY, ...(query === '' ? {} : { asOf: '2026-03-15' }) }))}\n`);
    }
    const old = JSON.parse((await call(`${school.url}/v1/decisions?today=${TODAY}`, 'POST', JSON.stringify({ ...phone, date: '2026-03-15' }))).body);
    expect(old.policy).toMatchObject({ version: '0.9', inForce: { on: '2026-03-15', chosenBy: 'incident-date', approvedOn: '2025-09-01' } });
  });

  it('lists the versions it keeps', async () => {
    const list = JSON.parse((await call(`${school.url}/v1/policies`, 'GET')).body);
    expect(list.policies[0].versions.map((v: { version: string; approvedOn: string }) => `${v.version} ${v.approvedOn}`)).toEqual(['0.9 2025-09-01', '1.0 2026-09-01']);
  });

  it('refuses a date before the first version (400 no-version-in-force): ?asOf= at its parameter, an incident\'s date at ["date"], a batch line in that line', async () => {
    const asOf = await call(`${school.url}/v1/decisions?asOf=2020-01-01`, 'POST', JSON.stringify(phone));
    expect([asOf.status, errorOf(asOf).code, errorOf(asOf).issues?.[0]?.path]).toEqual([400, 'no-version-in-force', ['query', 'asOf']]);
    const dated = await call(`${school.url}/v1/decisions`, 'POST', JSON.stringify({ ...phone, date: '2020-01-01' }));
    expect([dated.status, errorOf(dated).code, errorOf(dated).issues?.[0]?.path]).toEqual([400, 'no-version-in-force', ['date']]);
    const batch = await call(`${school.url}/v1/decisions:batch?today=${TODAY}`, 'POST', [`${JSON.stringify({ ...phone, date: '2020-01-01' })}\n${JSON.stringify({ ...phone, date: '2026-03-15' })}\n`], {
      'content-type': 'application/x-ndjson',
    });
    const lines = batch.body.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect([lines[0].error?.code, lines[1].policy?.version]).toEqual(['no-version-in-force', '0.9']);
  });
});

describe('routes', () => {
  it('answers an unknown path with 404 and a wrong method with 405 and Allow', async () => {
    const missing = await call(`${one.url}/v1/decision`, 'POST', '{}');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('not-found');
    const method = await call(`${one.url}/v1/decisions`, 'GET');
    expect([method.status, method.headers.allow, errorOf(method).code]).toEqual([405, 'POST', 'method-not-allowed']);
    expect((await call(`${one.url}/healthz`, 'DELETE')).headers.allow).toBe('GET, HEAD');
  });
});

describe('POST /v1/decisions:batch', () => {
  it('answers NDJSON line for line, in order, as evaluate --ndjson does', async () => {
    const good = JSON.stringify(incident);
    const input = `${good}\n{"activities":\n\n${JSON.stringify({ activities: ['no-such-activity'] })}\n${JSON.stringify({ ...incident, id: 'second' })}\n`;
    const reply = await call(`${both.url}/v1/decisions:batch?policy=elim-school&today=${TODAY}`, 'POST', [input], { 'content-type': 'application/x-ndjson' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const expected = collector();
    await evaluateNdjson(elim, Readable.from([Buffer.from(input)]), expected.stream, { today: TODAY });
    expect(reply.body).toBe(expected.text());
    const lines = reply.body.trimEnd().split('\n').map((l) => JSON.parse(l) as { line?: number; error?: { code: string }; incident?: { id: string } });
    expect(lines.map((l) => l.error?.code ?? l.incident!.id)).toEqual(['INC-2026-0142', 'invalid-json', 'empty-line', 'invalid-incident', 'second']);
    expect(lines[1]).toMatchObject({ line: 2 });
  });

  it('streams: the first answer comes before the input has ended', async () => {
    const first = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${one.url}/v1/decisions:batch`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
        res.once('data', (chunk: Buffer) => {
          resolve(chunk.toString('utf8'));
          req.end();
          res.resume();
        });
      });
      req.on('error', reject);
      req.write(`${JSON.stringify({ ...incident, id: 'early' })}\n`);
    });
    expect(JSON.parse(first.split('\n')[0]!).incident.id).toBe('early');
  });

  it('closes a batch whose input stalls for longer than the timeout, after the answers so far, unfinished', async () => {
    const outcome = await new Promise<{ received: string; ended: string }>((resolve) => {
      let received = '';
      const req = httpRequest(`${quick.url}/v1/decisions:batch`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
        res.on('data', (c: Buffer) => (received += c.toString('utf8')));
        res.on('end', () => resolve({ received, ended: 'complete' }));
        res.on('error', () => resolve({ received, ended: 'cut off' }));
      });
      req.on('error', () => resolve({ received, ended: 'cut off' }));
      req.write(`${JSON.stringify({ ...incident, id: 'before-the-stall' })}\n`); // and nothing more
    });
    expect(outcome.ended).toBe('cut off');
    expect(JSON.parse(outcome.received.split('\n')[0]!).incident.id).toBe('before-the-stall');
  });

  it('holds each line to the body limit', async () => {
    const long = JSON.stringify({ ...incident, summary: 'x'.repeat(5000) });
    const reply = await call(`${one.url}/v1/decisions:batch`, 'POST', [`${long}\n${JSON.stringify(incident)}\n`], { 'content-type': 'application/x-ndjson' });
    const lines = reply.body.trimEnd().split('\n').map((l) => JSON.parse(l) as { error?: { code: string }; incident?: { id: string } });
    expect(lines.map((l) => l.error?.code ?? l.incident!.id)).toEqual(['line-too-long', 'INC-2026-0142']);
  });
});

describe('the decision log', () => {
  it('writes one JSON line per request: the decision made, never who was involved or what happened', async () => {
    const personal = { ...incident, id: 'INC-LOG-1', summary: 'Zebedee Quill texted Yolanda Marsh at 23:10', people: [{ role: 'staff', involvement: 'subject', name: 'Zebedee Quill' }, { role: 'pupil', involvement: 'affected', name: 'Yolanda Marsh' }] };
    const before = log.text().length;
    await call(`${both.url}/v1/decisions?policy=elim-school&today=${TODAY}`, 'POST', JSON.stringify(personal));
    await call(`${both.url}/v1/decisions?policy=elim-school`, 'POST', JSON.stringify({ ...personal, activities: ['Yolanda Marsh'] }));
    await call(`${both.url}/pupils/yolanda-marsh?name=Zebedee`, 'GET');
    const written = log.text().slice(before);
    const entries = written.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toHaveLength(3);
    const decision = await evaluate(elim, personal, { today: TODAY });
    expect(entries[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event: 'request',
      method: 'POST',
      path: '/v1/decisions',
      status: 200,
      ms: expect.any(Number),
      policy: { id: elim.id, version: elim.version, digest: elim.digest },
      incident: 'INC-LOG-1',
      outcomes: [...decision.classification, ...decision.referrals, ...decision.sanctions, ...decision.notifications, ...decision.obligations, ...decision.prohibitions, ...decision.judgements].map((o) => `${o.kind}:${o.target}`),
    });
    expect(entries[1]).toMatchObject({ status: 400, error: 'invalid-incident' });
    expect(entries[2]).toMatchObject({ method: 'GET', path: null, status: 404, error: 'not-found' });
    expect(written).not.toMatch(/zebedee|yolanda|marsh|quill|23:10|texted/i);
    // An id is a reference: a long one is cut, so that a line stays a line.
    await call(`${both.url}/v1/decisions?policy=elim-school`, 'POST', JSON.stringify({ ...incident, id: 'r'.repeat(5000) }));
    expect(JSON.parse(log.text().trimEnd().split('\n').at(-1)!).incident).toBe(`${'r'.repeat(100)}…`);
  });
});

describe('a graceful stop', () => {
  it('answers the request in flight, then closes', async () => {
    const server = await startServer({ policies: [elim], port: 0, log: null });
    const body = JSON.stringify(incident);
    let sendBody!: () => void;
    let handling!: () => void;
    const handled = new Promise<void>((resolve) => (handling = resolve));
    const reply = new Promise<Reply>((resolve, reject) => {
      // "Expect: 100-continue": the 100 says the service is handling the request.
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), expect: '100-continue' };
      const req = httpRequest(`${server.url}/v1/decisions`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.on('continue', handling);
      sendBody = () => req.end(body);
    });
    await handled;
    const closed = server.close();
    sendBody();
    const answered = await reply;
    await closed;
    expect(answered.status).toBe(200);
    expect(answered.headers.connection).toBe('close');
    await expect(call(`${server.url}/healthz`, 'GET')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('a stop that waits too long', () => {
  it('cuts off a batch still running after the timeout, and logs why', async () => {
    const stopLog = collector();
    const server = await startServer({ policies: [elim], port: 0, timeoutMs: 300, log: stopLog.stream });
    const line = `${JSON.stringify(incident)}\n`;
    let feeding: NodeJS.Timeout | undefined;
    let answering!: () => void;
    const answered = new Promise<void>((resolve) => (answering = resolve));
    const ended = new Promise<string>((resolve) => {
      const req = httpRequest(`${server.url}/v1/decisions:batch`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
        res.once('data', answering);
        res.resume();
        res.on('end', () => resolve('complete'));
        res.on('error', () => resolve('cut off'));
      });
      req.on('error', () => resolve('cut off'));
      // A line every 50 ms: never idle, never finished.
      req.write(line);
      feeding = setInterval(() => req.write(line), 50);
    });
    await answered;
    await server.close();
    clearInterval(feeding);
    expect(await ended).toBe('cut off');
    const entries = stopLog.text().trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; stopped?: string; lines?: number });
    expect(entries.map((e) => e.event)).toEqual(['listening', 'stopping', 'request', 'stopped']);
    expect(entries[2]).toMatchObject({ stopped: 'stopping', lines: expect.any(Number) });
  });
});

describe('under load', () => {
  it(`answers ${process.env.FUZZ_RUNS ? 2000 : 500} requests, 50 at a time, each byte for byte as evaluate()`, async () => {
    const count = process.env.FUZZ_RUNS ? 2000 : 500;
    // Varied incidents: a stride through the space of incidents the vocabulary can describe.
    const space = [...incidentSpace([elim]).incidents()];
    const incidents = Array.from({ length: count }, (_, n) => ({ ...space[(n * 7) % space.length]!, id: `load-${n}` }));
    // Its own service, with the default timeout: a loaded machine may take a while to read 50 bodies.
    const server = await startServer({ policies: [elim], port: 0, log: null });
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    let next = 0;
    const mismatches: number[] = [];
    const worker = async () => {
      for (let n = next++; n < incidents.length; n = next++) {
        const reply = await call(`${server.url}/v1/decisions?today=${TODAY}`, 'POST', JSON.stringify(incidents[n]), {}, agent);
        if (reply.body !== `${JSON.stringify(await evaluate(elim, incidents[n], { today: TODAY }))}\n`) mismatches.push(n);
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    agent.destroy();
    await server.close();
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('online-safety serve', () => {
  it('serves until SIGTERM, then stops and exits 0', async () => {
    const stderr = collector();
    const stdout = collector();
    const running = runCli(['serve', '--port', '0', '--policy', 'elim-school', '--timeout', '5'], {
      stdout: stdout.stream,
      stderr: stderr.stream,
      stdin: Readable.from([]),
      stderrIsTTY: false,
      cwd: process.cwd(),
      signal: new AbortController().signal,
    });
    let url: string | undefined;
    for (let tries = 0; url === undefined && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      url = /"url":"([^"]+)"/.exec(stderr.text())?.[1];
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(`${url}/v1/decisions?today=${TODAY}`, 'POST', JSON.stringify(incident))).body).toBe(`${JSON.stringify(await evaluate(elim, incident, { today: TODAY }))}\n`);
    // Only the command listens (vitest does not): emitting the signal runs its handler, nothing else.
    expect(process.listenerCount('SIGTERM')).toBe(1);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    const events = stderr.text().trimEnd().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(['listening', 'request', 'stopping', 'stopped']);
    expect(stdout.text()).toBe('');
  });

  it('stops on Ctrl-C (its abort signal) too', async () => {
    const stderr = collector();
    const interrupt = new AbortController();
    const running = runCli(['serve', '--port', '0', '--policy', 'elim-school'], { stdout: collector().stream, stderr: stderr.stream, stdin: Readable.from([]), stderrIsTTY: false, cwd: process.cwd(), signal: interrupt.signal });
    for (let tries = 0; !stderr.text().includes('"listening"') && tries < 200; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    interrupt.abort('interrupt');
    expect(await running).toBe(0);
    expect(stderr.text()).toContain('"event":"stopped"');
  });

  it('refuses wrong arguments as usage errors', async () => {
    const run = async (args: string[]) => {
      const stderr = collector();
      const code = await runCli(['serve', ...args], { stdout: collector().stream, stderr: stderr.stream, stdin: Readable.from([]), stderrIsTTY: false, cwd: process.cwd() });
      return { code, stderr: stderr.text() };
    };
    expect(await run(['--port', 'eighty'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--port must be a number from 0 to 65535') });
    expect(await run(['--policy', 'elim-school', '--policy', 'elim-school'])).toMatchObject({ code: 2, stderr: expect.stringContaining('two of the policies have the id "elim-school"') });
    expect(await run(['--max-body', 'lots'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--max-body must be a size') });
    expect(await run(['incident.json'])).toMatchObject({ code: 2 });
  });

  it('says when the port is taken (exit 1)', async () => {
    const port = new URL(one.url).port;
    const stderr = collector();
    const code = await runCli(['serve', '--port', port, '--policy', 'elim-school'], { stdout: collector().stream, stderr: stderr.stream, stdin: Readable.from([]), stderrIsTTY: false, cwd: process.cwd() });
    expect(code).toBe(1);
    expect(stderr.text()).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
  });
});

describe('examples/service/client.py (Python, standard library only)', () => {
  const run = promisify(execFile);
  it('is run by python3 against the service: prints the action plan', async () => {
    // python3 is on this machine and in CI: a missing one fails here, plainly, rather than skipping.
    expect((await run('python3', ['--version'])).stdout).toMatch(/^Python 3\.\d+/);
    const { stdout } = await run('python3', ['examples/service/client.py', '--url', both.url, '--policy', 'elim-school', '--today', TODAY, 'examples/service/teacher-texts-pupil.json']);
    // The JSON example is examples/incidents/teacher-texts-pupil.yaml, for a client without YAML.
    expect(JSON.parse(readFileSync('examples/service/teacher-texts-pupil.json', 'utf8'))).toEqual(incident);
    const plan = (await evaluate(elim, incident, { today: TODAY })).plan;
    expect(stdout).toContain('Do now:');
    for (const line of plan.doNow) expect(stdout).toContain(line.says);
    for (const group of plan.doNext) expect(stdout).toContain(group.title);
  });

  it('exits 1 with the service error and the path of each problem for an invalid incident', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'serve-client-')), 'wrong.json');
    writeFileSync(file, JSON.stringify({ activities: ['no-such-activity'] }));
    const failure = await run('python3', ['examples/service/client.py', '--url', both.url, '--policy', 'elim-school', file]).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toBe(`${file}: the incident is not valid (invalid-incident, HTTP 400)\n  activities.0: unknown activity "no-such-activity"\n`);
  });
});
