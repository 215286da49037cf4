import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReferenceData, StoryInput } from '@newswindow/tagger';
import { defaultReferenceData, loadReferenceData, mergeReferenceData, tagStory } from '@newswindow/tagger';
import type { CliCommand, CliIo } from './command';
import { UsageError } from './command';

const usage = `Usage: newswindow tag --in <items.jsonl | -> [--reference-data <file.json>]

Tags news items with event types (with confidence and evidence) and links them to listings.
Input: one JSON object per line: {"id", "text", "published_at"?, "headline"?, "tickers"?}.
Output: one JSON object per line: {"id", "tags":[{"type","confidence","evidence"}], "about":[listing…],
"mentioned":[listing…], "relevance":[…], "similarity_keys":[…]}.

Options:
  --in <file>              JSONL input; "-" reads stdin
  --reference-data <file>  extra issuers/listings (format: services/tagger/README.md), merged over the bundled set

Bad lines are reported on stderr with their line number and reason; the exit code is then 1.`;

/** The stdin stream may be injected by tests; the real CLI uses the process's. */
type TagIo = CliIo & { readonly stdin?: NodeJS.ReadableStream };

interface Args {
  readonly input: string;
  readonly referenceData?: string;
}

function parseArgs(argv: readonly string[]): Args {
  let input: string | undefined;
  let referenceData: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--in' || arg === '--reference-data') {
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--in') input = value;
      else referenceData = value;
      i += 1;
    } else {
      throw new UsageError(`unknown argument '${String(arg)}'`);
    }
  }
  if (input === undefined) throw new UsageError('--in is required');
  return referenceData === undefined ? { input } : { input, referenceData };
}

/** Parses one input line into a story, or returns why it cannot. */
export function parseItem(line: string): StoryInput | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `invalid JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const o = value as Record<string, unknown>;
  const id = typeof o.id === 'number' ? String(o.id) : o.id;
  if (typeof id !== 'string' || id === '') return '"id" must be a non-empty string';
  if (typeof o.text !== 'string') return `item ${id}: "text" must be a string`;
  const publishedAt = o.published_at ?? o.publishedAt;
  if (publishedAt !== undefined && publishedAt !== null) {
    if (typeof publishedAt !== 'string' || Number.isNaN(Date.parse(publishedAt))) {
      return `item ${id}: "published_at" must be an ISO-8601 date or instant`;
    }
  }
  if (o.headline !== undefined && o.headline !== null && typeof o.headline !== 'string') {
    return `item ${id}: "headline" must be a string`;
  }
  if (o.tickers !== undefined && (!Array.isArray(o.tickers) || !o.tickers.every((t) => typeof t === 'string'))) {
    return `item ${id}: "tickers" must be an array of strings`;
  }
  return {
    id,
    text: o.text,
    ...(typeof o.headline === 'string' ? { headline: o.headline } : {}),
    ...(typeof publishedAt === 'string' ? { publishedAt } : {}),
    ...(Array.isArray(o.tickers) ? { tickers: o.tickers } : {}),
  };
}

async function loadReference(path: string | undefined, cwd: string): Promise<ReferenceData> {
  if (path === undefined) return defaultReferenceData;
  const raw = await readFile(resolve(cwd, path), 'utf8');
  return mergeReferenceData(defaultReferenceData, loadReferenceData(JSON.parse(raw)));
}

/** `newswindow tag`: tags a JSONL file of news items, one JSON result per line. */
export const tagCommand: CliCommand = {
  name: 'tag',
  summary: 'tag news items (JSONL) with event types and the listings they are about',
  usage,
  async run(argv, io: TagIo) {
    const args = parseArgs(argv);
    const ref = await loadReference(args.referenceData, io.cwd);
    const input = args.input === '-' ? (io.stdin ?? process.stdin) : createReadStream(resolve(io.cwd, args.input));
    const lines = createInterface({ input, crlfDelay: Infinity });
    let lineNo = 0;
    let bad = 0;
    for await (const line of lines) {
      lineNo += 1;
      if (line.trim() === '') continue;
      const item = parseItem(line);
      if (typeof item === 'string') {
        bad += 1;
        io.stderr.write(`newswindow tag: line ${lineNo}: ${item}\n`);
        continue;
      }
      let result;
      try {
        result = tagStory(item, ref);
      } catch (err) {
        bad += 1;
        io.stderr.write(
          `newswindow tag: line ${lineNo}: item ${item.id}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        continue;
      }
      const out = {
        id: result.id,
        tags: result.tags.map((t) => ({ type: t.type, confidence: t.confidence, evidence: t.evidence })),
        about: result.about,
        mentioned: result.mentioned,
        relevance: result.relevance,
        round_up: result.roundUp,
        similarity_keys: result.similarityKeys,
      };
      io.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return bad === 0 ? 0 : 1;
  },
};
