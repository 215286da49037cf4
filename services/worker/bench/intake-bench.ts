import { parseArgs } from 'node:util';
import { stackConfigFromEnv } from '@newswindow/testkit';
import { benchIntake } from './intake-run';

// `npm run bench:intake -- --news N [--partitions P --consumers C --workers W --keep]`: live intake end to end
// (./intake-run.ts): news/s stored, news/s into workflows, and the workers' peak RSS.

const say = (line: string): void => {
  process.stdout.write(`[bench:intake] ${line}\n`);
};

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      news: { type: 'string', default: '3000' },
      partitions: { type: 'string', default: '3' },
      consumers: { type: 'string', default: '1' },
      workers: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
  });
  const f = await benchIntake(stackConfigFromEnv(process.env), {
    news: Number(values.news),
    partitions: Number(values.partitions),
    consumers: Number(values.consumers),
    workers: Number(values.workers),
    keep: values.keep,
    say,
  });
  say(`produced in ${f.producedS.toFixed(1)} s`);
  say(`stored: ${f.news} news in ${f.storedS.toFixed(1)} s = ${(f.news / f.storedS).toFixed(0)} news/s`);
  say(
    `into workflows (signal-with-start returned for every story): ${f.startedS.toFixed(1)} s = ${(f.news / f.startedS).toFixed(0)} news/s end to end (target >= 100)`,
  );
  say(
    `worker RSS peak (sum of ${values.workers}): ${f.workerRssPeakMb.toFixed(0)} MB with ${f.runningWorkflows} study workflows running (target < 1 GB at 10 000)`,
  );
}

run().catch((err: unknown) => {
  process.stderr.write(`bench:intake failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
