import { PassThrough } from 'node:stream';
import { runCli } from '../cli-main';
import type { CliIo } from './command';
import { dbCommand } from './db';

const io = (): { io: CliIo; err: () => string } => {
  const stderr = new PassThrough();
  const chunks: string[] = [];
  stderr.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { io: { stdout: new PassThrough(), stderr, env: {}, cwd: '/' }, err: () => chunks.join('') };
};

describe('newswindow db', () => {
  it('rejects an unknown action before touching the database', async () => {
    const c = io();
    await expect(runCli(['db', 'drop-everything'], c.io, [dbCommand])).resolves.toBe(2);
    expect(c.err()).toContain("unknown action 'drop-everything'");
  });
  it('asks for run or rebuild after projections', async () => {
    const c = io();
    await expect(runCli(['db', 'projections'], c.io, [dbCommand])).resolves.toBe(2);
    expect(c.err()).toContain("needs 'run' or 'rebuild'");
  });
  it('asks skip and replay for a log position before touching the database', async () => {
    for (const args of [['skip'], ['replay', '--position', 'x'], ['skip', '--position', '-3']]) {
      const c = io();
      await expect(runCli(['db', 'projections', ...args], c.io, [dbCommand])).resolves.toBe(2);
      expect(c.err()).toContain('--position must be a positive integer');
    }
  });
  it('rejects a batch size that is not a positive integer', async () => {
    const c = io();
    await expect(runCli(['db', 'projections', 'run', '--batch-size', '0'], c.io, [dbCommand])).resolves.toBe(2);
    expect(c.err()).toContain('--batch-size must be a positive integer');
  });
});
