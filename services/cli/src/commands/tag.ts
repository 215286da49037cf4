import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadSecurityMaster, timeZoneOfCalendar } from '@newswindow/reference';
import type { ReferenceData, StoryInput } from '@newswindow/tagger';
import {
  defaultReferenceData,
  loadReferenceData,
  mergeReferenceData,
  referenceDataFromMaster,
  tagStory,
} from '@newswindow/tagger';
import type { CliCommand, CliIo } from './command';
import { UsageError } from './command';

const usage = `Usage: newswindow tag --in <items.jsonl | -> [--master <issuers.jsonl> | --bundled-issuers]
                      [--reference-data <file.json>]

Tags news items with event types (with confidence and evidence) and links them to the listings of the security
master (the bundled master, the tagger's curated issuers over it).
Input: one JSON object per line: {"id", "text", "published_at"?, "headline"?, "tickers"?}; without a headline the
first sentence of the text counts as the headline.
Output: one JSON object per line: {"id", "tags":[{"type","confidence","evidence"}], "about":[listing…],
"mentioned":[listing…], "relevance":[…], "similarity_keys":[…]}.

Options:
  --in <file>              JSONL input; "-" reads stdin
  --master <file>          your security-master file (JSONL, format: services/reference/README.md), merged over the
                           bundled master (default: NEWSWINDOW_SECURITY_MASTER_FILE when set)
  --bundled-issuers        link only the tagger's 51 bundled issuers (the smaller set of earlier versions)
  --reference-data <file>  extra issuers/listings (format: services/tagger/README.md), merged over the above

Bad lines are reported on stderr with their line number and reason; the exit code is then 1.`;

/** The stdin stream may be injected by tests; the real CLI uses the process's. */
type TagIo = CliIo & { readonly stdin?: NodeJS.ReadableStream };

interface Args {
  readonly input: string;
  readonly referenceData?: string;
  readonly master?: string;
  readonly bundledIssuers: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let input: string | undefined;
  let referenceData: string | undefined;
  let master: string | undefined;
  let bundledIssuers = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--in' || arg === '--reference-data' || arg === '--master') {
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--in') input = value;
      else if (arg === '--master') master = value;
      else referenceData = value;
      i += 1;
    } else if (arg === '--bundled-issuers') {
      bundledIssuers = true;
    } else {
      throw new UsageError(`unknown argument '${String(arg)}'`);
    }
  }
  if (input === undefined) throw new UsageError('--in is required');
  if (bundledIssuers && master !== undefined) throw new UsageError('--master and --bundled-issuers exclude each other');
  return {
    input,
    bundledIssuers,
    ...(referenceData === undefined ? {} : { referenceData }),
    ...(master === undefined ? {} : { master }),
  };
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

/**
 * The linking data: the security master (bundled, a user file merged over it) as the tagger's reference data with the
 * tagger's curated issuers over it, or those curated issuers alone; then `--reference-data` merged over.
 */
async function loadReference(args: Args, cwd: string, env: CliIo['env']): Promise<ReferenceData> {
  const envMaster = env['NEWSWINDOW_SECURITY_MASTER_FILE'];
  const userFile = args.master ?? (envMaster === undefined || envMaster === '' ? undefined : envMaster);
  const base = args.bundledIssuers
    ? defaultReferenceData
    : referenceDataFromMaster(
        loadSecurityMaster(userFile === undefined ? {} : { userFile: resolve(cwd, userFile) }).issuers,
        timeZoneOfCalendar,
        defaultReferenceData,
      );
  if (args.referenceData === undefined) return base;
  const raw = await readFile(resolve(cwd, args.referenceData), 'utf8');
  return mergeReferenceData(base, loadReferenceData(JSON.parse(raw)));
}

/** `newswindow tag`: tags a JSONL file of news items, one JSON result per line. */
export const tagCommand: CliCommand = {
  name: 'tag',
  summary: 'tag news items (JSONL) with event types and the listings they are about',
  usage,
  async run(argv, io: TagIo) {
    const args = parseArgs(argv);
    const ref = await loadReference(args, io.cwd, io.env);
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
