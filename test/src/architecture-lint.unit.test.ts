import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The repository's ESLint configuration enforces the import table of the architecture page. Each probe is a real
 * source file of the repo with one import added on line 1, linted where the file lives (through ESLint's API, so
 * nothing on disk changes). All probes run in one child process: ESLint's ESM config cannot load inside jest's module
 * sandbox, and one process starts the type-aware project service once.
 */
const repoRoot = resolve(__dirname, '../..');

const WORKFLOW = 'workflows/src/study-news-event.ts';
const ENGINE = 'services/engine/src/index.ts';
const TAGGER = 'services/tagger/src/index.ts';
const ENGINE_TEST = 'services/engine/src/cross-section.unit.test.ts';

const probes = {
  workflowAsIs: [WORKFLOW, ''],
  engineAsIs: [ENGINE, ''],
  workflowNodeFs: [WORKFLOW, "import { readFileSync } from 'node:fs'; void readFileSync;"],
  workflowPg: [WORKFLOW, "import { Pool } from 'pg'; void Pool;"],
  engineUndeclared: [ENGINE, "import fc from 'fast-check'; void fc;"],
  taggerImportsEngine: [TAGGER, "import { studyEvent } from '@newswindow/engine'; void studyEvent;"],
  // Tests are checked against their own package.json too (the engine does not declare the test harness), and a
  // workspace package resolves to its sources whether or not dist/ exists (else the import would go unchecked).
  engineTestAsIs: [ENGINE_TEST, ''],
  engineTestUndeclaredWorkspace: [ENGINE_TEST, "import { waitFor } from '@newswindow/testkit'; void waitFor;"],
} as const;
type Probe = keyof typeof probes;

async function lintProbes(): Promise<Record<Probe, string[]>> {
  const names = Object.keys(probes) as Probe[];
  const cases = names.map((name) => {
    const [path, extra] = probes[name];
    return { path, text: `${extra}\n${readFileSync(resolve(repoRoot, path), 'utf8')}` };
  });
  const run = promisify(execFile)(process.execPath, [resolve(repoRoot, 'test/scripts/lint-probe.mjs')], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  run.child.stdin?.end(JSON.stringify(cases));
  const ruleIds = JSON.parse((await run).stdout) as string[][];
  return Object.fromEntries(names.map((name, i) => [name, ruleIds[i] ?? []])) as Record<Probe, string[]>;
}

describe('architecture boundaries in ESLint', () => {
  let found: Record<Probe, string[]>;
  // Type-aware linting of two packages in a child process: minutes on a loaded 2-core machine, not seconds.
  beforeAll(async () => {
    found = await lintProbes();
  }, 600_000);

  it('accepts the files as they are (the cases below fail only because of the added import)', () => {
    expect(found.workflowAsIs).toEqual([]);
    expect(found.engineAsIs).toEqual([]);
    expect(found.engineTestAsIs).toEqual([]);
  });

  it('rejects Node builtins and I/O packages in workflow code', () => {
    expect(found.workflowNodeFs).toContain('@typescript-eslint/no-restricted-imports');
    expect(found.workflowPg).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('rejects an import of a package the workspace does not declare', () => {
    expect(found.engineUndeclared).toContain('import-x/no-extraneous-dependencies');
    expect(found.taggerImportsEngine).toContain('import-x/no-extraneous-dependencies');
    expect(found.engineTestUndeclaredWorkspace).toContain('import-x/no-extraneous-dependencies');
  });

  it('rejects a pure package importing a package the table does not allow it', () => {
    expect(found.taggerImportsEngine).toContain('@typescript-eslint/no-restricted-imports');
  });
});
