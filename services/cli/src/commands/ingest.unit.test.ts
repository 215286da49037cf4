import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBarFile } from '@newswindow/ingest';
import { runCli } from '../cli-main';
import { ingestCommand } from './ingest';
import { textSink } from './__tests__/text-sink';

const realDir = resolve(__dirname, '../../../../../shared/data/real');

async function run(argv: string[]) {
  const out = textSink();
  const err = textSink();
  const code = await runCli(['ingest', ...argv], { stdout: out.stream, stderr: err.stream, env: {}, cwd: realDir }, [
    ingestCommand,
  ]);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('newswindow ingest', () => {
  it('rejects a missing kind, file or a --speed without --replay with usage (exit 2)', async () => {
    expect((await run(['--file', 'x.csv'])).code).toBe(2);
    expect((await run(['bars'])).stderr).toMatch(/--file is required/);
    expect((await run(['bars', '--file', 'x', '--speed', '2'])).stderr).toMatch(/--speed needs --replay/);
  });

  it('reads bars of any file name with --symbol, adjusted or not as told', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nw-bars-')), 'live closes (copy).csv');
    writeFileSync(file, 'date,open,high,low,close,volume\n2025-09-08,100,105,99,104.2,1000\n');
    expect((await run(['bars', '--file', file, '--symbol', 'BABA', '--adjusted', '--dry-run'])).stdout).toMatch(
      /1 valid/,
    );
    expect((await run(['bars', '--file', file, '--adjusted', '--unadjusted'])).stderr).toMatch(/exclude each other/);
    expect((await run(['news', '--file', file, '--adjusted'])).stderr).toMatch(
      /--adjusted and --unadjusted are for bars/,
    );
    // The flags are the loader's `adjusted` option, which every bar of the file carries.
    for (const adjusted of [true, false])
      for await (const bar of loadBarFile(file, { symbol: 'BABA', adjusted }))
        expect(bar.ok && { symbol: bar.value.symbol, adjusted: bar.value.adjusted }).toEqual({
          symbol: 'BABA',
          adjusted,
        });
  });

  it('dry-runs a real file: counts valid rows and lists rejections by line', async () => {
    const { code, stdout } = await run(['news', '--file', 'fnspid/aapl_news_articles_2023_2024.csv', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/863 valid/);
    expect(stdout).toMatch(/rejected 41 row\(s\)/);
    expect(stdout).toMatch(/line 2, 3, 5/);
  });
});
