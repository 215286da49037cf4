import { runCli } from './cli-main';
import { commands } from './commands/registry';
import { describeError } from './describe-error';

async function run(): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  process.exitCode = await runCli(process.argv.slice(2), io, commands);
}

run().catch((err: unknown) => {
  process.stderr.write(`newswindow: ${describeError(err, process.env)}\n`);
  if (process.env.NEWSWINDOW_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exit(1);
});
