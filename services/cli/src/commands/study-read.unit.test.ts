import type { StudyQuery } from '@newswindow/store';
import { runCli } from '../cli-main';
import { captureIo } from './__tests__/capture-io';
import { UsageError } from './command';
import type { StudyReader } from './study-read';
import { runStudyAggregate, runStudyShow } from './study-read';
import { studyCommand } from './study';
import { aggregate, skipped, study } from './study-read/__tests__/fixtures';
import { sortStudies } from './study-read/show';
import type { AggregateFilter } from './study-read/aggregate-filter';

function fakeReader(data = { studies: [study(), skipped()], aggregates: [aggregate()] }) {
  const queries: StudyQuery[] = [];
  const filters: AggregateFilter[] = [];
  const models: string[] = [];
  const reader: StudyReader = {
    studies: (q) => {
      queries.push(q);
      return Promise.resolve(
        sortStudies(data.studies)
          .filter((s) => q.listing === undefined || s.listing.symbol === q.listing)
          .filter((s) => q.tag === undefined || s.tags.includes(q.tag))
          .filter((s) => q.day0 === undefined || s.day0 === q.day0)
          .slice(0, q.limit),
      );
    },
    aggregates: (tag) => Promise.resolve(data.aggregates.filter((a) => a.tag === tag)),
    filteredAggregate: (tag, filter, model) => {
      filters.push(filter);
      if (model !== undefined) models.push(model);
      return Promise.resolve([]);
    },
    close: () => Promise.resolve(),
  };
  return { open: () => reader, queries, filters, models };
}

async function run(
  cmd: typeof runStudyShow,
  argv: string[],
  reader = fakeReader(),
): Promise<{ code: number; out: string; err: string }> {
  const c = captureIo();
  const code = await cmd(argv, c.io, reader.open);
  return { code, out: c.out(), err: c.err() };
}

describe('newswindow study show', () => {
  it('prints the table sorted by day 0', async () => {
    const { code, out } = await run(runStudyShow, []);
    expect(code).toBe(0);
    expect(out.indexOf('ZZZ.HK')).toBeLessThan(out.indexOf('9988.HK'));
  });

  it('--limit asks for one more row to tell whether the list was cut', async () => {
    const reader = fakeReader();
    const { out } = await run(runStudyShow, ['--limit', '1'], reader);
    expect(reader.queries[0]!.limit).toBe(2);
    expect(out).toContain('1 study (0 computed, 1 skipped)');
    expect(out).toContain('the first 1 only');
  });

  it('no match: a message and exit 0; csv keeps its header, json is []', async () => {
    expect(await run(runStudyShow, ['--tag', 'nope'])).toMatchObject({
      code: 0,
      out: 'No study matches --tag nope.\n',
    });
    expect((await run(runStudyShow, ['--tag', 'nope', '--format', 'json'])).out).toBe('[]\n');
    expect((await run(runStudyShow, ['--tag', 'nope', '--format', 'csv'])).out).toMatch(/^day0,listing,.*\n$/);
  });

  it('a listing with no study at all: exit 1 and a message on stderr', async () => {
    const { code, out, err } = await run(runStudyShow, ['--listing', 'baba']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/no study for listing 'baba'.*case-sensitive/);
  });

  it('a known listing filtered to nothing is not an error', async () => {
    expect((await run(runStudyShow, ['--listing', '9988.HK', '--day0', '2024-01-01'])).code).toBe(0);
  });

  it('usage errors', async () => {
    await expect(run(runStudyShow, ['--limit', '0'])).rejects.toThrow(UsageError);
    await expect(run(runStudyShow, ['--day0', '2025-9-8'])).rejects.toThrow(/--day0 must be a date/);
    await expect(run(runStudyShow, ['--format', 'xml'])).rejects.toThrow(/--format must be/);
    await expect(run(runStudyShow, ['--bogus'])).rejects.toThrow(UsageError);
  });

  it('--help has examples', async () => {
    const c = captureIo();
    const code = await runCli(['study', 'show', '--help'], c.io, [studyCommand]);
    const out = c.out();
    expect(code).toBe(0);
    expect(out).toContain('newswindow study show --listing 9988.HK --day0 2025-09-08');
  });
});

describe('newswindow study aggregate', () => {
  it('prints the blocks', async () => {
    const { code, out } = await run(runStudyAggregate, ['--tag', 'ai_model_launch']);
    expect(code).toBe(0);
    expect(out).toContain('Window [-1,+1]   N = 6   CAAR = +4.89 %');
  });

  it('an unknown tag: exit 0, a message, and a suggestion for a near miss', async () => {
    expect(await run(runStudyAggregate, ['--tag', 'nope'])).toMatchObject({ code: 0 });
    expect((await run(runStudyAggregate, ['--tag', 'nope'])).out).toMatch(/^No aggregate for tag 'nope'/);
    expect((await run(runStudyAggregate, ['--tag', 'AI-Model-Launch'])).out).toContain(
      "did you mean 'ai_model_launch'?",
    );
    expect((await run(runStudyAggregate, ['--tag', 'nope', '--format', 'json'])).out).toBe('[]\n');
  });

  it('--days with csv prints the daily rows', async () => {
    const { out } = await run(runStudyAggregate, ['--tag', 'ai_model_launch', '--days', '--format', 'csv']);
    expect(out.split('\n')[0]).toBe(
      'tag,model,relative_day,n,aar,caar,t,p,n_events,aggregate_id,engine_version,computed_at',
    );
    expect(out.trimEnd().split('\n')).toHaveLength(4);
  });

  it('--tag is required', async () => {
    await expect(run(runStudyAggregate, [])).rejects.toThrow('--tag is required');
  });
});

describe('newswindow study aggregate filters', () => {
  it('computes the aggregate over the filtered studies and names the filter when none pass', async () => {
    const reader = fakeReader();
    const r = await run(
      runStudyAggregate,
      [
        '--tag',
        'earnings',
        '--from',
        '2016-01-01',
        '--to',
        '2018-12-31',
        '--listing',
        'aa',
        '--exchange',
        'xnys',
        '--benchmark',
        'QQQ',
      ],
      reader,
    );
    expect(r.code).toBe(0);
    expect(reader.filters).toEqual([
      { from: '2016-01-01', to: '2018-12-31', listing: 'aa', exchange: 'xnys', benchmark: 'QQQ' },
    ]);
    expect(r.out).toContain(
      "No aggregate for tag 'earnings' over day0 2016-01-01…2018-12-31, listing AA, exchange XNYS, vs QQQ",
    );
  });

  it('reads the kept aggregate when no filter is given', async () => {
    const reader = fakeReader();
    await run(runStudyAggregate, ['--tag', 'earnings'], reader);
    expect(reader.filters).toEqual([]);
  });

  it("--model keeps one model's aggregate (aggregates of several models are never merged) and passes it to a filtered one", async () => {
    const ff3 = aggregate({ aggregateId: 'ai_model_launch|ff3', model: 'ff3', nEvents: 7 });
    const reader = fakeReader({ studies: [], aggregates: [aggregate(), ff3] });
    const both = await run(runStudyAggregate, ['--tag', 'ai_model_launch', '--format', 'json'], reader);
    const rows = JSON.parse(both.out) as { model: string; aggregate_id: string }[];
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['market_model', 'ff3']));
    for (const r of rows) expect(r.aggregate_id.endsWith(`|${r.model}`)).toBe(true);
    const only = await run(
      runStudyAggregate,
      ['--tag', 'ai_model_launch', '--model', 'ff3', '--format', 'json'],
      reader,
    );
    const onlyRows = JSON.parse(only.out) as { model: string; n_events: number }[];
    expect(onlyRows.length).toBeGreaterThan(0);
    for (const r of onlyRows) expect(r).toMatchObject({ model: 'ff3', n_events: 7 });
    const market = await run(runStudyAggregate, ['--tag', 'ai_model_launch', '--model', 'market'], reader);
    expect(market.out).toContain('market_model');
    expect(market.out).not.toContain('ff3');
    const none = await run(runStudyAggregate, ['--tag', 'ai_model_launch', '--model', 'ff5'], reader);
    expect(none.out).toContain("No aggregate for tag 'ai_model_launch' under the ff5 model");
    await run(runStudyAggregate, ['--tag', 'ai_model_launch', '--model', 'carhart', '--listing', 'AA'], reader);
    expect(reader.models).toEqual(['carhart']);
    await expect(run(runStudyAggregate, ['--tag', 'x', '--model', 'ff4'])).rejects.toThrow(
      "--model must be one of market_model (or market), ff3, carhart, ff5, got 'ff4'",
    );
  });

  it('refuses a wrong date and a reversed range', async () => {
    await expect(run(runStudyAggregate, ['--tag', 'earnings', '--from', '2016-13-01'])).rejects.toThrow(
      "--from must be a date YYYY-MM-DD, got '2016-13-01'",
    );
    await expect(
      run(runStudyAggregate, ['--tag', 'earnings', '--from', '2019-01-01', '--to', '2018-01-01']),
    ).rejects.toThrow('--from 2019-01-01 is after --to 2018-01-01');
  });
});
