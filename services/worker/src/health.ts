import * as http from 'node:http';

/** One dependency or component as a probe sees it. */
export interface HealthCheck {
  readonly name: string;
  /** Resolves with a short detail when healthy; rejects (or resolves `false`) when not. */
  readonly check: () => Promise<string | boolean>;
}

/** The answer of `/readyz`. */
export interface HealthReport {
  readonly ready: boolean;
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);

/** Runs every check (each bounded by `timeoutMs`) and says whether all passed. */
export async function runHealthChecks(checks: readonly HealthCheck[], timeoutMs = 2_000): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        const r = await withTimeout(c.check(), timeoutMs);
        return { name: c.name, ok: r !== false, detail: typeof r === 'string' ? r : r ? 'ok' : 'not ready' };
      } catch (err) {
        return { name: c.name, ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  return { ready: results.every((r) => r.ok), checks: results };
}

/**
 * A supervisor's view of the process: `GET /livez` answers 200 while the event loop runs; `GET /readyz` answers 200
 * when every check passes and 503 otherwise, with the JSON {@link HealthReport} either way.
 */
export function createHealthServer(checks: readonly HealthCheck[]): http.Server {
  return http.createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (req.method === 'GET' && req.url === '/livez') return reply(200, { live: true });
    if (req.method === 'GET' && req.url === '/readyz') {
      void runHealthChecks(checks).then((report) => reply(report.ready ? 200 : 503, report));
      return undefined;
    }
    return reply(404, { error: 'try /livez or /readyz' });
  });
}
