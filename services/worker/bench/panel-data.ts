import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSecurityMaster } from '@newswindow/reference';
import type { IdempotentEvent } from '@newswindow/store';
import { defaultReferenceData, resolveIssuer } from '@newswindow/tagger';

// Fixture of the backfill benchmark and the kill-the-worker test: real daily bars of the FNSPID 50-ticker panel
// (2019–2023) and news items with SYNTHESIZED dates (one story per ticker and session; the panel has no headlines).

/** The panel file under the shared data directory. */
export const PANEL_CSV = 'data/real/fnspid/panel50_daily_sentiment_2019_2023.csv';
const MARKET = 'QQQ';
/** The market of every panel study: the panel carries no S&P 500 series, so the listings are measured against QQQ. */
export const PANEL_BENCHMARK = MARKET;

/**
 * Writes a user security-master file (`NEWSWINDOW_SECURITY_MASTER_FILE`) that sets QQQ as the benchmark of every panel
 * listing, for a worker whose live path studies the panel (a backfill can pass `benchmark: 'QQQ'` instead).
 */
export function panelMasterFile(tickers: readonly string[], day = '2021-06-01'): string {
  const master = loadSecurityMaster();
  const lines = tickers.flatMap((t) => {
    const held = master.listingBySymbol(t, day);
    if (held === undefined || t === MARKET) return [];
    return [
      JSON.stringify({
        id: held.issuer.id,
        name: held.issuer.name,
        listings: [{ ...held.listing, benchmark: MARKET }],
      }),
    ];
  });
  const file = join(mkdtempSync(join(tmpdir(), 'nw-panel-master-')), 'panel-master.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** One daily bar of the panel (adjusted: open/high/low scaled by adj_close / close). */
export interface PanelBar {
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Bars by ticker, ascending by date. */
export type Panel = ReadonlyMap<string, readonly PanelBar[]>;

export const sharedDir = (): string => process.env.NEWSWINDOW_SHARED_DIR ?? resolve(__dirname, '../../../../shared');

/** Reads `date,ticker,open,high,low,close,adj_close,volume,…` into bars per ticker. */
export function readPanel(path = resolve(sharedDir(), PANEL_CSV)): Panel {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = (lines[0] ?? '').trim().split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: missing column ${name}`);
    return i;
  };
  const [iDate, iTicker, iOpen, iHigh, iLow, iClose, iAdj, iVol] = [
    'date',
    'ticker',
    'open',
    'high',
    'low',
    'close',
    'adj_close',
    'volume',
  ].map(col) as [number, number, number, number, number, number, number, number];
  const out = new Map<string, PanelBar[]>();
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const f = line.split(',');
    const close = Number(f[iClose]);
    const adj = Number(f[iAdj]);
    if (!(close > 0 && adj > 0)) continue;
    const k = adj / close;
    const ticker = f[iTicker] ?? '';
    let bars = out.get(ticker);
    if (bars === undefined) {
      bars = [];
      out.set(ticker, bars);
    }
    bars.push({
      date: f[iDate] ?? '',
      open: Number(f[iOpen]) * k,
      high: Number(f[iHigh]) * k,
      low: Number(f[iLow]) * k,
      close: adj,
      volume: Math.max(0, Number(f[iVol]) || 0),
    });
  }
  for (const bars of out.values()) bars.sort((a, b) => (a.date < b.date ? -1 : 1));
  return out;
}

const exchangeOf = (ticker: string): string =>
  resolveIssuer(defaultReferenceData, ticker)?.listings.find((l) => l.symbol === ticker)?.exchange ?? 'XNYS';

/** A `PriceBarClosed` of the panel, addressed like the ingest consumer stores bars. */
export function barEvent(ticker: string, bar: PanelBar): IdempotentEvent {
  const exchange = exchangeOf(ticker);
  return {
    type: 'PriceBarClosed',
    streamId: `bars-${exchange}:${ticker}`,
    idempotencyKey: `PriceBarClosed:${exchange}:${ticker}:${bar.date}:panel50`,
    data: {
      symbol: ticker,
      exchange,
      sessionDate: bar.date,
      open: bar.open,
      high: Math.max(bar.high, bar.open, bar.close),
      low: Math.min(bar.low, bar.open, bar.close),
      close: bar.close,
      volume: bar.volume,
      adjusted: true,
      currency: 'USD',
      source: 'fnspid-panel50',
    },
  };
}

/** Every bar of `tickers` (default: the whole panel) as events. */
export function panelBarEvents(panel: Panel, tickers: readonly string[] = [...panel.keys()]): IdempotentEvent[] {
  return tickers.flatMap((t) => (panel.get(t) ?? []).map((b) => barEvent(t, b)));
}

/** A synthesized news item: one story on `ticker` published (date only) on `date`. */
export function newsEvent(id: string, ticker: string, date: string): IdempotentEvent {
  return {
    type: 'NewsPublished',
    streamId: `news-${id}`,
    idempotencyKey: `NewsPublished:bench:${id}`,
    data: {
      id,
      source: 'bench',
      // An event (earnings) filed under the ticker without naming the company: the study policy starts its study.
      headline: 'Quarterly results beat estimates',
      body: 'The company reported quarterly results that beat estimates. Synthesized benchmark story; its date is synthetic.',
      publishedAt: date,
      language: 'en',
      tickers: [ticker],
    },
  };
}

/**
 * `n` news items with synthesized dates: distinct (ticker, session) pairs drawn with a seeded generator from the
 * sessions of `tickers` (default: every panel ticker but the market proxy) between `from` and `to`, so each item is
 * its own event and produces exactly one study.
 */
export function synthesizeNews(
  panel: Panel,
  n: number,
  options: { tickers?: readonly string[]; from?: string; to?: string; seed?: number; idPrefix?: string } = {},
): { events: IdempotentEvent[]; tickers: string[] } {
  const from = options.from ?? '2020-01-01';
  const to = options.to ?? '2023-11-30';
  const tickers = [...(options.tickers ?? [...panel.keys()].filter((t) => t !== MARKET))];
  const pairs: [string, string][] = [];
  for (const t of tickers)
    for (const b of panel.get(t) ?? []) if (b.date >= from && b.date <= to) pairs.push([t, b.date]);
  if (pairs.length < n) throw new Error(`only ${pairs.length} (ticker, session) pairs for ${n} news items`);
  // Partial Fisher–Yates with a small LCG: the same seed gives the same items.
  let state = (options.seed ?? 42) >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (pairs.length - i));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  const prefix = options.idPrefix ?? 'bench';
  const events = pairs.slice(0, n).map(([t, d], i) => newsEvent(`${prefix}-${String(i).padStart(6, '0')}`, t, d));
  return { events, tickers: [...new Set(pairs.slice(0, n).map(([t]) => t)), MARKET] };
}
