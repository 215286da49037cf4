import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { stackConfigFromEnv } from '@newswindow/testkit';
import { readPanel } from './panel-data';
import type { ScaleFigures } from './scale-run';
import { runScaleConfiguration, scaleProblems } from './scale-run';

// `npm run bench:scale`: horizontal scale on one machine. The same N news through 1, 2 and 3 `newswindow consume`
// processes and as many workers (whole processes, one consumer group, one task queue, one trigger subscription) on a
// topic of several partitions; each configuration prints its throughput and fails the run when a news item or a study
// is lost or written twice (see ./scale-run.ts for what is measured and checked).

const say = (line: string): void => {
  process.stdout.write(`[bench:scale] ${line}\n`);
};

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      news: { type: 'string', default: '3000' },
      configs: { type: 'string', default: '1,2,3' },
      partitions: { type: 'string', default: '6' },
      keep: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.news);
  const partitions = Number(values.partitions);
  const configs = values.configs.split(',').map(Number);
  if (!Number.isInteger(n) || n <= 0 || configs.some((k) => !Number.isInteger(k) || k <= 0 || k > partitions))
    throw new Error('--news must be a positive integer and --configs positive integers up to --partitions');
  const stack = stackConfigFromEnv(process.env);
  const panel = readPanel();
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.temporalNamespace });
  const rows: ScaleFigures[] = [];
  let failed = false;
  try {
    say(
      `${n} news (SYNTHESIZED dates over the FNSPID panel, one study each), a news topic of ${partitions} partitions; ` +
        `configurations: ${configs.map((k) => `${k} consume + ${k} worker`).join(', ')}`,
    );
    for (const k of configs) {
      const f = await runScaleConfiguration(stack, client, panel, {
        processes: k,
        news: n,
        partitions,
        keep: values.keep,
      });
      rows.push(f);
      const problems = scaleProblems(f.check, n);
      const reference = rows[0]?.check.digest;
      if (reference !== undefined && f.check.digest !== reference)
        problems.push(`study results differ from the ${rows[0]?.processes ?? '?'}-process run`);
      failed ||= problems.length > 0;
      say(
        `${k} consume + ${k} worker: stored ${(n / f.storedS).toFixed(0)} news/s; ${n} studies in ${f.studiedS.toFixed(1)} s = ` +
          `${(n / f.studiedS).toFixed(1)} studies/s end to end; worker RSS peak ${f.workerRssPeakMb.toFixed(0)} MB (sum); ` +
          `CPU s per worker ${f.workerCpuS.map((s) => s.toFixed(1)).join('/')}, per consume ${f.consumeCpuS.map((s) => s.toFixed(1)).join('/')}; ` +
          `${f.check.workflows} workflows completed; ${problems.length === 0 ? 'no news lost, no study twice' : `FAILED: ${problems.join('; ')}`}`,
      );
    }
    say(
      '| processes (consume + worker) | stored news/s | studies/s end to end | worker RSS peak (sum) | lost | duplicated |',
    );
    for (const f of rows)
      say(
        `| ${f.processes} + ${f.processes} | ${(n / f.storedS).toFixed(0)} | ${(n / f.studiedS).toFixed(1)} | ${f.workerRssPeakMb.toFixed(0)} MB | ` +
          `${n - Math.min(f.check.newsStored, f.check.studyIds)} | ${f.check.studyEvents - f.check.studyIds + f.check.newsDuplicated} |`,
      );
  } finally {
    await connection.close();
  }
  if (failed) throw new Error('a configuration lost or duplicated a study (see above)');
}

run().catch((err: unknown) => {
  process.stderr.write(`bench:scale failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
