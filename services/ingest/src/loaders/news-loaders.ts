import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { NewsItem } from '../messages';
import type { CsvRow, RowMapper } from './csv-rows';
import { requireDate, requireField } from './csv-rows';
import type { JsonMapper } from './json-lines';
import { optionalString, requireObject, requireString } from './json-fields';
import { validateNewsPublished } from '@newswindow/schemas';
import { checked, reject } from './load-result';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A headline from an article URL's last path segment: `apple-q1-earnings-preview` → `Apple q1 earnings preview`. */
export function headlineFromUrl(url: string): string {
  let slug: string;
  try {
    slug =
      new URL(url).pathname
        .split('/')
        .filter((s) => s !== '')
        .pop() ?? '';
  } catch {
    return reject(`url is not a URL: '${url}'`);
  }
  let words: string;
  try {
    words = decodeURIComponent(slug);
  } catch {
    words = slug;
  }
  words = words.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words === ''
    ? reject(`url has no slug to name the story: '${url}'`)
    : words.charAt(0).toUpperCase() + words.slice(1);
}

/** A stable news id from the article URL (host + path), so the same story from two files has one id. */
export function newsIdFromUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return reject(`url is not a URL: '${url}'`);
  }
}

const requireInstant = (value: string, column: string): string => {
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) return reject(`${column} is not an ISO timestamp: '${value}'`);
  if (!/([+-]\d{2}:?\d{2}|Z)$/.test(value)) return reject(`${column} has no UTC offset: '${value}'`);
  return value;
};

/**
 * A FNSPID row as a news item: the id and headline come from the URL (the files have no headline), the ticker column
 * names the one ticker; `content` is the summary or the article body.
 */
const fnspidItem = (
  row: CsvRow,
  url: string,
  publishedAt: string,
  content: { readonly summary?: string; readonly body?: string },
): NewsItem => {
  const ticker = row.get('ticker').trim();
  return checked(
    validateNewsPublished({
      id: newsIdFromUrl(url),
      source: 'fnspid',
      url,
      headline: headlineFromUrl(url),
      ...content,
      publishedAt,
      language: 'en',
      ...(ticker === '' ? {} : { tickers: [ticker] }),
    }),
  );
};

/** Columns of `fnspid/aa_news_2016_2024.csv`. */
export const fnspidNewsColumns = ['published_et', 'date_only', 'ticker', 'url', 'summary'] as const;

/**
 * FNSPID summarized news (`published_et,published_utc,date_only,fnspid_date_raw,ticker,url,sentiment_gpt_1to5,summary`).
 * `published_et` carries the ET offset; date-only rows keep just the date. The file has no headline: it is derived from the URL.
 */
export const fnspidNewsMapper: RowMapper<NewsItem> = (row) => {
  const url = requireField(row, 'url');
  const dateOnly = row.get('date_only').trim() === '1';
  const publishedAt = dateOnly
    ? requireDate(row, 'published_et')
    : requireInstant(requireField(row, 'published_et'), 'published_et');
  return fnspidItem(row, url, publishedAt, { summary: requireField(row, 'summary') });
};

/** Columns of `fnspid/aapl_news_articles_2023_2024.csv`. */
export const fnspidArticleColumns = ['date', 'date_raw', 'ticker', 'url', 'text'] as const;

/**
 * FNSPID scraped articles (`date,date_raw,ticker,url,mark,text`). Rows whose date was relative ("5 DAYS AGO", empty
 * `date`) cannot be placed on a calendar and are rejected. A `text` of `0` is the scraper's "no content": the item keeps
 * its URL-derived headline and has no body.
 */
export const fnspidArticleMapper: RowMapper<NewsItem> = (row) => {
  const url = requireField(row, 'url');
  if (row.get('date').trim() === '')
    reject(`no absolute date (date_raw '${row.get('date_raw')}' is relative to an unknown scrape day)`);
  const publishedAt = requireDate(row, 'date');
  const text = row.get('text').trim();
  return fnspidItem(row, url, publishedAt, text === '' || text === '0' ? {} : { body: text });
};

/** Columns of `alibaba_events_2025.csv`. */
export const alibabaEventColumns = [
  'event_id',
  'announce_date',
  'announce_timing',
  'description',
  'source_url',
] as const;

// The announcement times are not in the sources; these phrases of `announce_timing` pin a conservative local time.
const timingRules: readonly { readonly pattern: RegExp; readonly zone: string; readonly time: string }[] = [
  { pattern: /before US open/i, zone: 'America/New_York', time: '08:00' },
  { pattern: /Beijing evening/i, zone: 'Asia/Shanghai', time: '20:00' },
  { pattern: /Hangzhou morning/i, zone: 'Asia/Shanghai', time: '09:30' },
];

/**
 * The Alibaba events file → one news item per event. `published_at` is the announce date at a time read from
 * `announce_timing` ("before US open" → 08:00 New York, "Beijing evening" → 20:00, "Hangzhou morning" → 09:30 China
 * time), and date-only when the timing names no time; the item lists both Alibaba listings as tickers.
 */
export const alibabaEventMapper: RowMapper<NewsItem> = (row) => {
  const eventId = requireField(row, 'event_id');
  const date = requireDate(row, 'announce_date');
  const timing = row.get('announce_timing');
  const rule = timingRules.find((r) => r.pattern.test(timing));
  const publishedAt =
    rule === undefined
      ? date
      : (DateTime.fromISO(`${date}T${rule.time}`, { zone: rule.zone }).toISO({ suppressMilliseconds: true }) ??
        reject(`bad date ${date}`));
  const description = requireField(row, 'description');
  const note = row.get('timing_note').trim();
  return checked(
    validateNewsPublished({
      id: `alibaba-events-2025/${eventId}`,
      source: 'alibaba_events_2025',
      url: requireField(row, 'source_url'),
      headline: description,
      summary: note === '' ? description : `${description}. ${note}`,
      publishedAt,
      language: 'en',
      tickers: ['BABA', '9988.HK'],
    }),
  );
};

/** Options for a plain-text article: the text has no metadata, so the caller says when and where it was published. */
export interface ArticleTextOptions {
  readonly publishedAt: string;
  readonly url: string;
  readonly source?: string;
  readonly tickers?: readonly string[];
}

/**
 * The default `published_at` of `news/alibaba_investors_article_2025-09.txt`: the article reports the 2025-09-08 close
 * in Hong Kong and the US open of that Monday, so it was public by 2025-09-09 at the latest; we use that date, date-only.
 */
export const alibabaArticlePublishedAt = '2025-09-09';

/** A plain-text article (first non-empty line = headline, the rest = body) → one news item, id from its content hash. */
export function loadArticleText(text: string, options: ArticleTextOptions): NewsItem {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const headlineIndex = lines.findIndex((l) => l.trim() !== '');
  if (headlineIndex < 0) return reject('the article is empty');
  const headline = (lines[headlineIndex] ?? '').trim();
  const body = lines
    .slice(headlineIndex + 1)
    .join('\n')
    .trim();
  return checked(
    validateNewsPublished({
      id: `article/${sha256(text).slice(0, 32)}`,
      source: options.source ?? 'file',
      url: options.url,
      headline,
      ...(body === '' ? {} : { body }),
      publishedAt: options.publishedAt,
      language: 'en',
      ...(options.tickers === undefined ? {} : { tickers: options.tickers }),
    }),
  );
}

/**
 * JSON Lines news: `{id, source, url, headline, body?, summary?, published_at | publishedAt, language?, tickers?}`.
 * A missing id is derived from the URL.
 */
export const newsJsonMapper: JsonMapper<NewsItem> = (value) => {
  const obj = requireObject(value);
  const url = requireString(obj, 'url');
  const published = requireString(obj, 'published_at', 'publishedAt');
  const publishedAt = /^\d{4}-\d{2}-\d{2}$/.test(published) ? published : requireInstant(published, 'published_at');
  const body = optionalString(obj, 'body');
  const summary = optionalString(obj, 'summary');
  const tickers = obj['tickers'];
  if (tickers !== undefined && !(Array.isArray(tickers) && tickers.every((t) => typeof t === 'string')))
    reject('tickers must be an array of strings');
  return checked(
    validateNewsPublished({
      id: optionalString(obj, 'id') ?? newsIdFromUrl(url),
      source: optionalString(obj, 'source') ?? 'jsonl',
      url,
      headline: requireString(obj, 'headline', 'title'),
      ...(body === undefined ? {} : { body }),
      ...(summary === undefined ? {} : { summary }),
      publishedAt,
      language: optionalString(obj, 'language') ?? 'en',
      ...(tickers === undefined ? {} : { tickers: tickers as string[] }),
    }),
  );
};
