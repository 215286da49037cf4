import { deploymentNames } from '@newswindow/schemas';
import type { BackfillProgress } from '@newswindow/workflows';
import {
  backfillConfigFromEnv,
  backfillIdOf,
  parseBackfillArgs,
  renderProgressBar,
  renderProgressLine,
  renderSummary,
} from './backfill';
import { UsageError } from './command';

const progress = (over: Partial<BackfillProgress> = {}): BackfillProgress => ({
  newsProcessed: 450,
  studiesWritten: 400,
  studiesExisting: 20,
  studiesSkipped: 10,
  newsWithoutStudy: 20,
  state: 'running',
  totalNews: 1_000,
  pages: 1,
  runs: 1,
  ...over,
});

describe('newswindow backfill: arguments', () => {
  it('takes --all-stories into the workflow input and a workflow id of its own', () => {
    const plain = parseBackfillArgs(['--from', '2016-01-01', '--to', '2023-12-31', '--tickers', 'AA']);
    const all = parseBackfillArgs(['--from', '2016-01-01', '--to', '2023-12-31', '--tickers', 'AA', '--all-stories']);
    if (all.kind !== 'start' || plain.kind !== 'start') throw new Error('expected start');
    expect(plain.allStories).toBe(false);
    expect(all.allStories).toBe(true);
    expect(all.workflowId).toBe(`${plain.workflowId}:all-stories`);
    expect(() => parseBackfillArgs(['pause', '--id', 'x', '--all-stories'])).toThrow('pause takes only --id');
  });

  it('takes --benchmark into the workflow input and a workflow id of its own', () => {
    const plain = parseBackfillArgs(['--from', '2016-01-01', '--to', '2023-12-31', '--tickers', 'AA']);
    const vs = parseBackfillArgs([
      '--from',
      '2016-01-01',
      '--to',
      '2023-12-31',
      '--tickers',
      'AA',
      '--benchmark',
      'QQQ',
    ]);
    expect(vs).toMatchObject({ kind: 'start', benchmark: 'QQQ' });
    expect(plain).not.toHaveProperty('benchmark');
    if (vs.kind !== 'start' || plain.kind !== 'start') throw new Error('expected start');
    expect(vs.workflowId).toBe(`${plain.workflowId}:vs:QQQ`);
    expect(() => parseBackfillArgs(['--from', '2016-01-01', '--to', '2016-12-31', '--benchmark', 'Q Q'])).toThrow(
      "--benchmark must be a symbol like QQQ or ^GSPC, got 'Q Q'",
    );
    expect(() => parseBackfillArgs(['status', '--id', 'x', '--benchmark', 'QQQ'])).toThrow('status takes only --id');
  });

  it('takes --model into the workflow input and a workflow id of its own; an unknown model is a usage error', () => {
    const base = ['--from', '2016-01-01', '--to', '2023-12-31', '--tickers', 'AA'];
    const plain = parseBackfillArgs(base);
    const ff3 = parseBackfillArgs([...base, '--model', 'ff3']);
    const both = parseBackfillArgs([...base, '--benchmark', 'QQQ', '--model', 'carhart', '--recompute']);
    expect(ff3).toMatchObject({ kind: 'start', model: 'ff3' });
    expect(plain).not.toHaveProperty('model');
    if (ff3.kind !== 'start' || plain.kind !== 'start' || both.kind !== 'start') throw new Error('expected start');
    expect(ff3.workflowId).toBe(`${plain.workflowId}:model:ff3`);
    expect(both.workflowId).toBe(`${plain.workflowId}:vs:QQQ:model:carhart:recompute`);
    expect(() => parseBackfillArgs([...base, '--model', 'ff4'])).toThrow(
      "--model must be one of market, ff3, carhart, ff5, got 'ff4'",
    );
    expect(() => parseBackfillArgs(['cancel', '--id', 'x', '--model', 'ff3'])).toThrow('cancel takes only --id');
  });

  it('derives the workflow id from the parameters, independent of list order and repetition', () => {
    const a = parseBackfillArgs([
      '--from',
      '2019-01-01',
      '--to',
      '2023-12-31',
      '--tickers',
      'MSFT,AAPL',
      '--tags',
      'x',
    ]);
    const b = parseBackfillArgs([
      '--tags=x',
      '--tickers',
      'AAPL',
      '--tickers',
      'MSFT, AAPL',
      '--to',
      '2023-12-31',
      '--from',
      '2019-01-01',
    ]);
    expect(a).toEqual({
      kind: 'start',
      filter: { from: '2019-01-01', to: '2023-12-31', tickers: ['MSFT', 'AAPL'], tags: ['x'] },
      recompute: false,
      alerts: false,
      allStories: false,
      detach: false,
      workflowId: 'backfill:2019-01-01:2023-12-31:AAPL,MSFT:x',
    });
    expect(b.workflowId).toBe(a.workflowId);
  });

  it('takes --alerts (a backfill alerts only when asked) and refuses it on an action', () => {
    expect(parseBackfillArgs(['--from', '2025-01-01', '--to', '2025-01-31', '--alerts'])).toMatchObject({
      kind: 'start',
      alerts: true,
    });
    expect(() => parseBackfillArgs(['status', '--id', 'x', '--alerts'])).toThrow(/takes only --id/);
  });

  it('gives a recompute its own id and takes --id and --detach as given', () => {
    const plain = parseBackfillArgs(['--from', '2025-01-01', '--to', '2025-01-31']);
    const again = parseBackfillArgs(['--from', '2025-01-01', '--to', '2025-01-31', '--recompute']);
    expect(plain.workflowId).toBe('backfill:2025-01-01:2025-01-31:*:*');
    expect(again).toMatchObject({ recompute: true, workflowId: 'backfill:2025-01-01:2025-01-31:*:*:recompute' });
    expect(backfillIdOf({ from: '2025-01-01', to: '2025-01-31' }, true)).toBe(again.workflowId);
    expect(parseBackfillArgs(['--from', '2025-01-01', '--to', '2025-01-31', '--id', 'mine', '--detach'])).toMatchObject(
      { workflowId: 'mine', detach: true },
    );
  });

  it("prefixes a derived id with the deployment's workflow-id prefix, as the live study ids are (local: none)", () => {
    const argv = ['--from', '2025-01-01', '--to', '2025-01-31', '--tickers', 'AA'];
    const idIn = (env: NodeJS.ProcessEnv, extra: string[] = []): string =>
      parseBackfillArgs([...argv, ...extra], backfillConfigFromEnv(env).workflowIdPrefix).workflowId;
    // The default deployment keeps the names backfills had before deployments existed.
    expect(idIn({})).toBe('backfill:2025-01-01:2025-01-31:AA:*');
    expect(idIn({ NEWSWINDOW_DEPLOYMENT: 'local' })).toBe('backfill:2025-01-01:2025-01-31:AA:*');
    expect(idIn({ NEWSWINDOW_DEPLOYMENT: 'desk-a' })).toBe('desk-a:backfill:2025-01-01:2025-01-31:AA:*');
    expect(idIn({ NEWSWINDOW_DEPLOYMENT: 'desk-a' }, ['--recompute', '--all-stories'])).toBe(
      'desk-a:backfill:2025-01-01:2025-01-31:AA:*:recompute:all-stories',
    );
    // The same prefix as the worker's live study ids of that deployment, and the web app's derivation agrees.
    expect(deploymentNames('desk-a').workflowIdPrefix).toBe('desk-a:');
    expect(backfillIdOf({ from: '2025-01-01', to: '2025-01-31', tickers: ['AA'] }, false, undefined, 'desk-a:')).toBe(
      idIn({ NEWSWINDOW_DEPLOYMENT: 'desk-a' }),
    );
    // An explicit --id is taken as given.
    expect(idIn({ NEWSWINDOW_DEPLOYMENT: 'desk-a' }, ['--id', 'mine'])).toBe('mine');
  });

  it.each(['status', 'pause', 'resume', 'cancel'] as const)('parses %s --id', (action) => {
    expect(parseBackfillArgs([action, '--id', 'backfill:x'])).toEqual({ kind: action, workflowId: 'backfill:x' });
  });

  it.each([
    [[], /--from is required/],
    [['--from', '2025-01-01'], /--to is required/],
    [['--from', '2025-02-30', '--to', '2025-03-01'], /--from must be a date/],
    [['--from', '2025-03-01', '--to', '2025-02-01'], /is after --to/],
    [['--from', '2025-01-01', '--to', '2025-02-01', '--id', ' '], /--id must not be empty/],
    [['--from', '2025-01-01', '--to', '2025-02-01', '--bogus'], /Unknown option '--bogus'/],
    [['pause'], /pause needs --id/],
    [['status', '--id', 'x', '--from', '2025-01-01'], /status takes only --id/],
    [['rewind', '--id', 'x'], /unknown action 'rewind'/],
    [['status', 'now', '--id', 'x'], /unexpected arguments: now/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBackfillArgs(argv)).toThrow(UsageError);
    expect(() => parseBackfillArgs(argv)).toThrow(message);
  });
});

describe('newswindow backfill: config and rendering', () => {
  it('reads the Temporal address, namespace and task queue once from the environment, with defaults', () => {
    expect(backfillConfigFromEnv({})).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      connectionOptions: { address: '127.0.0.1:7233' },
      taskQueue: 'newswindow-studies',
      workflowIdPrefix: '',
    });
    expect(
      backfillConfigFromEnv({ TEMPORAL_ADDRESS: 'h:1', TEMPORAL_NAMESPACE: 'ns', NEWSWINDOW_TASK_QUEUE: 'q' }),
    ).toEqual({
      address: 'h:1',
      namespace: 'ns',
      connectionOptions: { address: 'h:1' },
      taskQueue: 'q',
      workflowIdPrefix: '',
    });
  });

  it('draws the share of news processed', () => {
    expect(renderProgressBar(progress(), 10)).toBe('[####------]  45.0 %');
    expect(renderProgressBar(progress({ newsProcessed: 1_000, state: 'done' }), 10)).toBe('[##########] 100.0 %');
    expect(renderProgressBar(progress({ totalNews: null, newsProcessed: 0 }), 4)).toBe('[----]    ?  ');
    expect(renderProgressBar(progress({ totalNews: 0, newsProcessed: 0 }), 4)).toBe('[####] 100.0 %');
  });

  it('prints the counters and the state on one line and summarises the end', () => {
    expect(renderProgressLine(progress({ state: 'paused' }), 10)).toBe(
      '[####------]  45.0 %  450/1000 news · 400 written · 20 existing · 10 skipped · 20 without study · paused',
    );
    const summary = renderSummary('backfill:x', progress({ state: 'done', newsProcessed: 1_000, runs: 2 }), 12.34);
    expect(summary).toContain('backfill backfill:x: done');
    expect(summary).toContain('news processed     1000 of 1000');
    expect(summary).toContain('pages 1, runs 2, 12.3 s');
  });
});
