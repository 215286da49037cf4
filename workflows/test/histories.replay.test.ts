import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { temporal } from '@temporalio/proto';

// Histories saved from real runs on the dev server (the demo's Qwen3-Max study, a backfill's first run up to its
// continue-as-new, and the int test's runs of the patched branches: a story joining a running study is tagged,
// `tag-joined-news`; a webhook down for every attempt is recorded in failedAlerts, `alert-failure-recorded`; each
// event window computed, written and alerted at its own close, `windows-close-one-by-one`; the close and its alerts in
// one activity, and its alert part retried by raiseAlerts while the webhook is down, `close-and-alert-in-one-step`).
// Replaying them with today's workflow code fails on any non-deterministic change: such a change must go behind
// patched('<change-id>').
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (file: string) =>
  // Saved by scripts/save-history.ts (protobuf object form: string longs, base64 bytes).
  temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>,
  );
const studyHistory = 'study-news-event-alibaba-qwen3.json';

/** The change ids of the `patched()` markers a history recorded. */
const patchesOf = (file: string): string[] =>
  (load(file).events ?? []).flatMap((e) =>
    (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).map(
      (p) => (JSON.parse(Buffer.from(p.data ?? new Uint8Array()).toString('utf8')) as { id: string }).id,
    ),
  );

describe('saved workflow histories replay deterministically', () => {
  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  });

  it.each(files)(
    '%s',
    async (file) => {
      await Worker.runReplayHistory(
        { workflowsPath: require.resolve('../src/workflows'), replayName: file },
        load(file),
      );
    },
    120_000,
  );

  it.each([
    ['study-news-event-alibaba-qwen3.json', []],
    ['study-news-event-joined-story-tagged.json', ['tag-joined-news', 'alert-failure-recorded']],
    ['study-news-event-webhook-down.json', ['alert-failure-recorded']],
    ['study-news-event-windows-close-one-by-one.json', ['windows-close-one-by-one', 'alert-failure-recorded']],
    ['study-news-event-close-and-alert-in-one-step.json', ['windows-close-one-by-one', 'close-and-alert-in-one-step']],
    ['study-news-event-close-and-alert-webhook-down.json', ['windows-close-one-by-one', 'close-and-alert-in-one-step']],
  ])('%s went down the branches of %j', (file, patches) => {
    expect([...new Set(patchesOf(file))]).toEqual(patches);
  });

  it('fails on a non-deterministic change shipped without patched()', async () => {
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: require.resolve('./variants/study-news-event-unpatched'), replayName: studyHistory },
        load(studyHistory),
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 120_000);

  it('passes with the same change behind patched()', async () => {
    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('./variants/study-news-event-patched'), replayName: studyHistory },
      load(studyHistory),
    );
  }, 120_000);
});
