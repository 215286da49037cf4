import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli-main';
import { captureIo } from './__tests__/capture-io';
import { parseItem, tagCommand } from './tag';

const capture = (stdinText?: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-tag-'));
  return { ...captureIo({ cwd: dir, ...(stdinText === undefined ? {} : { stdinText }) }), dir };
};

const lines = (s: string): Record<string, unknown>[] =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('newswindow tag', () => {
  it('prints one result per input line with tags, about and mentioned listings', async () => {
    const c = capture();
    writeFileSync(
      join(c.dir, 'items.jsonl'),
      [
        JSON.stringify({
          id: 'n1',
          text: 'Alibaba unveiled Qwen3-Max, its largest AI model, on Friday.',
          published_at: '2025-09-05T20:00:00+08:00',
        }),
        '',
        JSON.stringify({ id: 'n2', text: 'Apple raised its quarterly dividend and expanded its share buyback.' }),
      ].join('\n'),
    );
    await expect(runCli(['tag', '--in', 'items.jsonl'], c.io, [tagCommand])).resolves.toBe(0);
    const [first, second] = lines(c.out());
    expect(first?.id).toBe('n1');
    expect((first?.tags as { type: string }[]).map((t) => t.type)).toContain('ai_model_launch');
    // Both listings of the issuer, in the security master's order (no order is promised between them).
    expect((first?.about as { symbol: string }[]).map((l) => l.symbol).sort()).toEqual(['9988.HK', 'BABA']);
    expect((second?.tags as { type: string }[]).map((t) => t.type)).toContain('capital_return');
    expect((second?.about as { symbol: string; exchange: string }[])[0]).toMatchObject({
      symbol: 'AAPL',
      exchange: 'XNAS',
    });
    expect(c.err()).toBe('');
  });

  it('links issuers of the security master by default, a --master file merged over it, --bundled-issuers not', async () => {
    const item = (id: string, text: string): string => JSON.stringify({ id, text });
    const input = [
      item('m1', 'Rheinmetall shares jumped after the company won a large ammunition order.'),
      item('m2', 'Acme Robotics Ltd raised $40 million in a Series B round led by Sequoia.'),
    ].join('\n');
    const aboutOf = (out: string): string[][] =>
      lines(out).map((l) => (l.about as { symbol: string }[]).map((a) => a.symbol));

    const byDefault = capture(input);
    await expect(runCli(['tag', '--in', '-'], byDefault.io, [tagCommand])).resolves.toBe(0);
    expect(aboutOf(byDefault.out())).toEqual([['RHM.F', 'RHMB.F'], []]);

    const withFile = capture(input);
    writeFileSync(
      join(withFile.dir, 'mine.jsonl'),
      '{"id":"acme-robotics","name":"Acme Robotics Ltd","aliases":["Acme Robotics"],"listings":[{"mic":"XLON","symbol":"ACME.L","currency":"GBP","benchmark":"^FTSE"}]}\n',
    );
    await expect(runCli(['tag', '--in', '-', '--master', 'mine.jsonl'], withFile.io, [tagCommand])).resolves.toBe(0);
    expect(aboutOf(withFile.out())).toEqual([['RHM.F', 'RHMB.F'], ['ACME.L']]);

    const bundled = capture(input);
    await expect(runCli(['tag', '--in', '-', '--bundled-issuers'], bundled.io, [tagCommand])).resolves.toBe(0);
    expect(aboutOf(bundled.out())).toEqual([[], []]);
  });

  it('reads stdin with "-"', async () => {
    const c = capture(`${JSON.stringify({ id: 'x', text: 'Alcoa Corp reported third-quarter results.' })}\n`);
    await expect(runCli(['tag', '--in', '-'], c.io, [tagCommand])).resolves.toBe(0);
    expect(lines(c.out())[0]?.id).toBe('x');
  });

  it('reports bad lines by number and reason, tags the good ones and exits 1', async () => {
    const c = capture(
      [
        '{"id":"ok","text":"Alcoa names new CEO"}',
        '{not json',
        '{"id":"t"}',
        '{"id":"d","text":"x","published_at":"yesterday"}',
      ].join('\n'),
    );
    await expect(runCli(['tag', '--in', '-'], c.io, [tagCommand])).resolves.toBe(1);
    expect(lines(c.out()).map((o) => o.id)).toEqual(['ok']);
    expect(c.err()).toContain('line 2: invalid JSON');
    expect(c.err()).toContain('line 3: item t: "text" must be a string');
    expect(c.err()).toContain('line 4: item d: "published_at"');
  });

  it('is a usage error without --in', async () => {
    const c = capture();
    await expect(runCli(['tag'], c.io, [tagCommand])).resolves.toBe(2);
    expect(c.err()).toContain('--in is required');
  });

  it('parses optional headline and tickers', () => {
    expect(parseItem('{"id":1,"text":"t","headline":"h","tickers":["AA"]}')).toEqual({
      id: '1',
      text: 't',
      headline: 'h',
      tickers: ['AA'],
    });
  });
});
