import { listBundledPolicies } from '../../engine/load.js';
import { DEFAULT_FILE_LIMITS, fileLimits, formatBytes } from '../../policy/limits.js';
import { duplicatePolicyId, startServer } from '../../server/server.js';
import { numberOption, parseCommandArgs, parseSize } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { CliError } from '../errors.js';
import { policyVersionsFromOption } from '../policy-option.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the decision service: incidents in over HTTP, decisions out (docs/service.md)',
  help: `Usage: online-safety serve [options]

Runs the decision service on this machine: a school system posts an incident as JSON and gets
the decision (the same JSON as "evaluate --json") or the action plan. docs/service.md has the
details; examples/service/ has curl calls and a Python client.

  POST /v1/decisions        an incident (JSON) -> its decision; ?format=plan for the action plan
  POST /v1/decisions:batch  incidents, one JSON object a line -> one line each, in order, streamed
  GET  /v1/policies         the policies served: id, title, version, digest (and versions kept)
  GET  /healthz             {"status":"ok"}

Both POST endpoints take ?policy=<id> (required when several policies are served),
?today=YYYY-MM-DD (the date of the decision, for review-date warnings; default: today) and
?asOf=YYYY-MM-DD (decide under the version in force then). A policy folder that keeps earlier
versions (versions/<version>/) decides each incident under the version in force on its "date",
as evaluate does; the decision says which ("inForce").
Errors are JSON: {"error": {"code", "message", "issues"?: [{"path", "message"}]}}.

Each request writes one line of JSON on standard error: time, method, path, status, duration,
the incident's id, the policy's id, version and digest, and the outcomes (kind:target); never
the incident's summary, names or body. Ctrl-C or SIGTERM stops it gracefully: no new requests,
those in flight are answered (a batch is cut off after --timeout), then it exits 0.

Options:
  -p, --policy <id|dir>  A policy to serve: a bundled policy id or a policy folder (one holding
                         policy.yaml). Repeat it to serve several. Default: every bundled policy.
  --port <port>          The port to listen on (default: 8080; 0 picks a free one, shown in the
                         first log line)
  --host <host>          The address to listen on (default: 127.0.0.1, this machine only;
                         0.0.0.0 for every interface, behind your own TLS and access control)
  --max-body <size>      The largest incident: a request body, or a line of a batch (default: the
                         --max-file-size limit, ${formatBytes(DEFAULT_FILE_LIMITS.maxFileBytes)}); bytes, or a number with k or m (KiB, MiB)
  --timeout <seconds>    How long a request's headers and body may take to arrive (then 408), a
                         batch's connection may sit idle, and a stop waits (default: 30)
  -h, --help             Show this help

Exit codes: 0 stopped (Ctrl-C, SIGTERM); 1 a policy did not load or the port could not be used;
2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      policy: { type: 'string', short: 'p', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      'max-body': { type: 'string' },
      timeout: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got "${positionals.join('" "')}"`);
    const port = numberOption(values.port, 'port', { min: 0, max: 65535 });
    if (port !== undefined && !Number.isInteger(port)) throw new UsageError(`--port must be a whole number, not "${values.port}"`);
    const timeout = numberOption(values.timeout, 'timeout', { min: 0.1, max: 3600 });
    const maxBodyBytes = values['max-body'] === undefined ? fileLimits().maxFileBytes : parseSize(values['max-body'], '--max-body');
    const refs = values.policy ?? listBundledPolicies();
    if (refs.length === 0) throw new UsageError('--policy is required: no policy is bundled');
    const policies = [];
    // One at a time: each load reports its own problems, and the first that fails stops the start.
    for (const ref of refs) policies.push(await policyVersionsFromOption(ref, io.cwd));
    const duplicate = duplicatePolicyId(policies);
    if (duplicate !== undefined) throw new UsageError(`two of the policies have the id "${duplicate}": a request could not name one of them`);

    // SIGINT arrives as io.signal (main.ts); SIGTERM, what a service manager sends, is taken here.
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    if (io.signal?.aborted) return EXIT.ok;
    const onAbort = () => stop();
    io.signal?.addEventListener('abort', onAbort, { once: true });
    process.once('SIGTERM', stop);
    try {
      const server = await startServer({ policies, host: values.host ?? '127.0.0.1', port: port ?? 8080, maxBodyBytes, ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }), log: io.stderr }).catch(
        (error: NodeJS.ErrnoException) => {
          const where = `${values.host ?? '127.0.0.1'}:${port ?? 8080}`;
          if (error.code === 'EADDRINUSE') throw new CliError(`cannot listen on ${where}: the port is in use (choose another with --port)`);
          if (error.code === 'EACCES') throw new CliError(`cannot listen on ${where}: not allowed (a port below 1024 needs privileges)`);
          if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new CliError(`cannot listen on ${where}: no such address on this machine`);
          throw error;
        },
      );
      await stopped;
      await server.close();
      return EXIT.ok;
    } finally {
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', onAbort);
    }
  },
};
