import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The repository's ESLint configuration enforces the import table of the architecture page. Each case lints a real
 * source file of the repo with one import added (through ESLint's stdin, so nothing on disk changes), so the rule
 * under test sees the file where it lives. The ESLint CLI runs as a child process: its ESM config cannot load inside
 * jest's module sandbox.
 */
const repoRoot = resolve(__dirname, '../..');
const eslintBin = resolve(repoRoot, 'node_modules/eslint/bin/eslint.js');

interface LintMessage {
  readonly line: number;
  readonly ruleId: string | null;
}

async function ruleIdsFor(relativePath: string, extraImport: string): Promise<string[]> {
  const source = `${extraImport}\n${readFileSync(resolve(repoRoot, relativePath), 'utf8')}`;
  const run = promisify(execFile)(
    process.execPath,
    [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', relativePath],
    {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  run.child.stdin?.end(source);
  // ESLint exits 1 when it reports errors: the JSON on stdout is the answer either way.
  const stdout = await run.then(
    (r) => r.stdout,
    (err: { stdout?: string }) => err.stdout ?? '',
  );
  const [result] = JSON.parse(stdout) as { messages: LintMessage[] }[];
  return (result?.messages ?? []).filter((m) => m.line === 1).map((m) => m.ruleId ?? 'parse-error');
}

const WORKFLOW = 'workflows/src/study-news-event.ts';
const ENGINE = 'services/engine/src/index.ts';
const TAGGER = 'services/tagger/src/index.ts';

describe('architecture boundaries in ESLint', () => {
  it('accepts the files as they are (the cases below fail only because of the added import)', async () => {
    expect(await ruleIdsFor(WORKFLOW, '')).toEqual([]);
    expect(await ruleIdsFor(ENGINE, '')).toEqual([]);
  }, 60_000);

  it('rejects Node builtins and I/O packages in workflow code', async () => {
    expect(await ruleIdsFor(WORKFLOW, "import { readFileSync } from 'node:fs'; void readFileSync;")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await ruleIdsFor(WORKFLOW, "import { Pool } from 'pg'; void Pool;")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
  }, 60_000);

  it('rejects an import of a package the workspace does not declare', async () => {
    expect(await ruleIdsFor(ENGINE, "import fc from 'fast-check'; void fc;")).toContain(
      'import-x/no-extraneous-dependencies',
    );
  }, 60_000);

  it('rejects a pure package importing a package the table does not allow it', async () => {
    expect(await ruleIdsFor(TAGGER, "import { studyEvent } from '@newswindow/engine'; void studyEvent;")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
  }, 60_000);
});
