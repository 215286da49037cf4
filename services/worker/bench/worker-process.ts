import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from '@newswindow/testkit';
import type { StackConfig } from '@newswindow/testkit';

/** The repository root (the worker is started from there, as `npm run demo` does). */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** A worker (`services/worker/src/main.ts`) running in a child process of its own. */
export interface WorkerProcess {
  readonly pid: number;
  /** What the worker wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL: no shutdown, no activity completion; resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the real worker entry point (`node --conditions=newswindow-source --import tsx services/worker/src/main.ts`)
 * with `env` on top of the current environment and resolves once it polls its task queue.
 */
export async function startWorkerProcess(
  env: Record<string, string>,
  options: { readyTimeoutMs?: number } = {},
): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=newswindow-source', '--import', 'tsx', 'services/worker/src/main.ts'],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  let exited = false;
  const gone = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  const pid = child.pid;
  if (pid === undefined) throw new Error('the worker process did not start');

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  };
  const handle: WorkerProcess = {
    pid,
    output: () => out,
    kill: async () => {
      if (exited) return;
      child.kill('SIGKILL');
      await gone;
    },
    stop,
  };
  try {
    const state = await waitFor(() => (exited ? 'exited' : out.includes('polling task queue') && 'ready'), {
      timeoutMs: options.readyTimeoutMs ?? 120_000,
      intervalMs: 100,
      description: 'the worker polling its queue',
    });
    if (state === 'exited') throw new Error(`the worker exited before polling its queue:\n${out}`);
  } catch (err) {
    await handle.kill();
    throw err;
  }
  return handle;
}

const CLI = ['--conditions=newswindow-source', '--import', 'tsx', 'services/cli/src/cli.ts'];

/** What a finished `newswindow` command printed, and its exit code. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `newswindow <args>` in a child process (as a user runs it) with `env` on top of the current environment. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A long-running `newswindow` command (`consume`) in a child process. */
export interface CliProcess {
  readonly pid: number;
  output(): string;
  /** SIGKILL: no shutdown at all; resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `newswindow <args>` and resolves once its output contains `readyWhen` (or it exits: then it throws). */
export async function startCliProcess(
  args: readonly string[],
  env: Record<string, string>,
  readyWhen: string | RegExp,
  options: { readyTimeoutMs?: number } = {},
): Promise<CliProcess> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  let exited = false;
  const gone = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  };
  const ready = (): boolean => (typeof readyWhen === 'string' ? out.includes(readyWhen) : readyWhen.test(out));
  try {
    const state = await waitFor(() => (exited ? 'exited' : ready() && 'ready'), {
      timeoutMs: options.readyTimeoutMs ?? 120_000,
      intervalMs: 100,
      description: `newswindow ${args.join(' ')} ready`,
    });
    if (state === 'exited') throw new Error(`newswindow ${args.join(' ')} exited before it was ready:\n${out}`);
  } catch (err) {
    await stop(0);
    throw err;
  }
  const kill = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGKILL');
    await gone;
  };
  return { pid: child.pid ?? 0, output: () => out, stop, kill };
}

/** Ends, bounded, the study workflows a run left waiting (for bars that never come), so the Temporal server is left as it was. */
export function terminateLeftovers(stack: StackConfig, taskQueue: string, reason: string): void {
  const bin = process.env.TEMPORAL_BIN;
  if (bin === undefined || bin === '') return;
  spawnSync(
    'timeout',
    [
      '60',
      bin,
      'workflow',
      'terminate',
      '--address',
      stack.temporalAddress,
      '--namespace',
      stack.temporalNamespace,
      '--query',
      `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
      '--reason',
      reason,
      '--yes',
    ],
    { stdio: 'ignore' },
  );
}
