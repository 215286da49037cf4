import { resolve } from 'node:path';
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

  it('dry-runs a real file: counts valid rows and lists rejections by line', async () => {
    const { code, stdout } = await run(['news', '--file', 'fnspid/aapl_news_articles_2023_2024.csv', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/863 valid/);
    expect(stdout).toMatch(/rejected 41 row\(s\)/);
    expect(stdout).toMatch(/line 2, 3, 5/);
  });
});
