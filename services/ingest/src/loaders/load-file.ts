import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseCsvStream } from '../csv/csv-parser';
import type { NewsItem, PriceBar, TradeTick } from '../messages';
import type { BarFileOptions } from './bar-loader';
import { barFileOptionsFor, barMapper, barRequiredColumns } from './bar-loader';
import type { RowMapper } from './csv-rows';
import { mapCsvRecordsAsync } from './csv-rows';
import type { JsonMapper } from './json-lines';
import { parseJsonLinesStream } from './json-lines';
import type { Loaded } from './load-result';
import { RowRejectedError } from './load-result';
import {
  alibabaArticlePublishedAt,
  alibabaEventColumns,
  alibabaEventMapper,
  fnspidArticleColumns,
  fnspidArticleMapper,
  fnspidNewsColumns,
  fnspidNewsMapper,
  loadArticleText,
  newsJsonMapper,
} from './news-loaders';
import { tickCsvMapper, tickJsonMapper, tickRequiredColumns } from './tick-loader';

export const newsFormats = ['fnspid-news', 'fnspid-articles', 'alibaba-events', 'article-text', 'jsonl'] as const;
export type NewsFormat = (typeof newsFormats)[number];
export const barFormats = ['csv'] as const;
export type BarFormat = (typeof barFormats)[number];
export const tickFormats = ['csv', 'jsonl'] as const;
export type TickFormat = (typeof tickFormats)[number];

/** Thrown when a file's format cannot be told from its name and header and none was given. */
export class UnknownFileFormatError extends Error {
  constructor(
    readonly path: string,
    readonly header: string,
  ) {
    super(`cannot tell the format of ${path} (header '${header}'); pass --format`);
    this.name = 'UnknownFileFormatError';
  }
}

const CHUNK = 256 * 1024;
/** Options common to the file loaders. */
export interface LoadOptions {
  /** Called with the byte count of each chunk read (for a progress bar). */
  readonly onBytesRead?: (bytes: number) => void;
}

async function* chunksOf(path: string, options: LoadOptions = {}): AsyncGenerator<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK })) {
    const text = chunk as string;
    options.onBytesRead?.(Buffer.byteLength(text));
    yield text;
  }
}

async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return (buf.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0] ?? '').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** Tells a news file's format from its extension and CSV header. */
export async function detectNewsFormat(path: string): Promise<NewsFormat> {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.txt' || ext === '.md') return 'article-text';
  const header = await firstLine(path);
  const columns = new Set(header.split(',').map((c) => c.trim()));
  if (columns.has('published_et')) return 'fnspid-news';
  if (columns.has('date_raw') && columns.has('text')) return 'fnspid-articles';
  if (columns.has('event_id') && columns.has('announce_date')) return 'alibaba-events';
  throw new UnknownFileFormatError(path, header);
}

async function* csvFile<T>(
  path: string,
  required: readonly string[],
  mapper: RowMapper<T>,
  options: LoadOptions,
): AsyncGenerator<Loaded<T>> {
  yield* mapCsvRecordsAsync(parseCsvStream(chunksOf(path, options)), required, mapper);
}

async function* jsonlFile<T>(path: string, mapper: JsonMapper<T>, options: LoadOptions): AsyncGenerator<Loaded<T>> {
  yield* parseJsonLinesStream(chunksOf(path, options), mapper);
}

/** Options of a plain-text article file; defaults fit the article in `../shared/data/real/news/`. */
export interface NewsFileOptions extends LoadOptions {
  readonly publishedAt?: string;
  readonly tickers?: readonly string[];
}

/** Streams a news file as messages and rejections, in file order. */
export async function* loadNewsFile(
  path: string,
  format?: NewsFormat,
  options: NewsFileOptions = {},
): AsyncGenerator<Loaded<NewsItem>> {
  const fmt = format ?? (await detectNewsFormat(path));
  switch (fmt) {
    case 'fnspid-news':
      yield* csvFile(path, fnspidNewsColumns, fnspidNewsMapper, options);
      return;
    case 'fnspid-articles':
      yield* csvFile(path, fnspidArticleColumns, fnspidArticleMapper, options);
      return;
    case 'alibaba-events':
      yield* csvFile(path, alibabaEventColumns, alibabaEventMapper, options);
      return;
    case 'jsonl':
      yield* jsonlFile(path, newsJsonMapper, options);
      return;
    case 'article-text': {
      const text = await readFile(path, 'utf8');
      options.onBytesRead?.(Buffer.byteLength(text));
      const alibaba = /alibaba/i.test(basename(path));
      try {
        const value = loadArticleText(text, {
          publishedAt: options.publishedAt ?? alibabaArticlePublishedAt,
          url: `file:///${basename(path)}`,
          source: 'news-file',
          ...(options.tickers !== undefined
            ? { tickers: options.tickers }
            : alibaba
              ? { tickers: ['BABA', '9988.HK'] }
              : {}),
        });
        yield { ok: true, line: 1, value };
      } catch (err) {
        if (err instanceof RowRejectedError) yield { ok: false, line: 1, reason: err.message };
        else throw err;
      }
      return;
    }
    default: {
      const unknownFormat: never = fmt;
      throw new Error(`unknown news format ${String(unknownFormat)}`);
    }
  }
}

/** Streams a daily-bar CSV as `PriceBarClosed` messages; options default from the file name (see {@link barFileOptionsFor}). */
export function loadBarFile(
  path: string,
  options: BarFileOptions & LoadOptions = {},
): AsyncGenerator<Loaded<PriceBar>> {
  return csvFile(path, barRequiredColumns, barMapper({ ...barFileOptionsFor(path), ...options }), options);
}

/** Streams a tick file (CSV `symbol,exchange,timestamp,price,size` or JSON Lines with the same keys). */
export function loadTickFile(
  path: string,
  format?: TickFormat,
  options: LoadOptions = {},
): AsyncGenerator<Loaded<TradeTick>> {
  const ext = extname(path).toLowerCase();
  const fmt = format ?? (ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'csv');
  return fmt === 'jsonl'
    ? jsonlFile(path, tickJsonMapper, options)
    : csvFile(path, tickRequiredColumns, tickCsvMapper, options);
}
