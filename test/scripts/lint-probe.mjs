// Lints source texts at given repo paths with the repository's own ESLint configuration, in one process (the
// type-aware project service starts once). Input on stdin: [{ "path": "workflows/src/x.ts", "text": "…" }, …].
// Output on stdout: one array of rule ids per input, for the messages on line 1 (where the probes put their import).
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const eslint = new ESLint({ cwd: repoRoot });
const out = [];
for (const { path, text } of cases) {
  const [result] = await eslint.lintText(text, { filePath: resolve(repoRoot, path) });
  out.push((result?.messages ?? []).filter((m) => m.line === 1).map((m) => m.ruleId ?? 'parse-error'));
}
process.stdout.write(JSON.stringify(out));
