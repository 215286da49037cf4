import { runCli } from './cli-main';
import { commands } from './commands/registry';

async function run(): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  process.exitCode = await runCli(process.argv.slice(2), io, commands);
}

run().catch((err: unknown) => {
  process.stderr.write(`newswindow: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
