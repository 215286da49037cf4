import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';

// Histories saved from real runs on the dev server (the demo's Qwen3-Max study, a backfill's first run up to its
// continue-as-new). Replaying them with today's workflow code fails on any non-deterministic change: such a change
// must go behind patched('<change-id>').
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('saved workflow histories replay deterministically', () => {
  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  });

  it.each(files)(
    '%s',
    async (file) => {
      // Saved by scripts/save-history.ts (protobuf object form: string longs, base64 bytes).
      const history = temporal.api.history.v1.History.fromObject(
        JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>,
      );
      await Worker.runReplayHistory({ workflowsPath: require.resolve('../src/workflows'), replayName: file }, history);
    },
    120_000,
  );
});
