// Synthetic CSV inputs of the study benchmark (deterministic seeds): the engine benchmark's panel (500 stocks × 1000
// sessions, market model with β ~ U(0.5, 1.5)) written as `date,symbol,close`, event files of any size, and a large
// OHLCV prices file for the bounded-memory run.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The engine benchmark's generator (mulberry32), so both benchmarks study the same kind of panel. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** `count` weekday dates from 2019-01-01 on, `YYYY-MM-DD`. */
export function weekdays(count: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(2019, 0, 1); out.length < count; t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** Shape of a synthetic panel. */
export interface PanelShape {
  readonly stocks: number;
  readonly sessions: number;
  /** Write open/high/low/volume columns too (real vendor files carry them; they make a file ~2.3× larger). */
  readonly ohlcv: boolean;
}

/** A file writer that batches small strings into large writes and honours backpressure. */
async function writeLines(file: string, produce: (push: (s: string) => Promise<void>) => Promise<void>): Promise<void> {
  const out = createWriteStream(file);
  let buf = '';
  const push = async (s: string): Promise<void> => {
    buf += s;
    if (buf.length >= 1 << 16) {
      const ok = out.write(buf);
      buf = '';
      if (!ok) await once(out, 'drain');
    }
  };
  await produce(push);
  out.end(buf);
  await once(out, 'finish');
}

/**
 * Writes the panel as a long CSV sorted by date then symbol (`MKT` is the market); returns the session dates. Closes
 * follow log P_t = log P_{t−1} + 0.0002 + β m_t + σ ε_t with m_t ~ N(0.0003, 0.01²).
 */
export async function writePanel(file: string, shape: PanelShape, seed = 42): Promise<string[]> {
  const rand = mulberry32(seed);
  const dates = weekdays(shape.sessions);
  const beta = new Float64Array(shape.stocks);
  const sigma = new Float64Array(shape.stocks);
  const price = new Float64Array(shape.stocks);
  for (let s = 0; s < shape.stocks; s++) {
    beta[s] = 0.5 + rand();
    sigma[s] = 0.01 + 0.02 * rand();
    price[s] = 20 + 100 * rand();
  }
  let market = 1000;
  await writeLines(file, async (push) => {
    await push(shape.ohlcv ? 'date,symbol,open,high,low,close,volume\n' : 'date,symbol,close\n');
    for (let t = 0; t < shape.sessions; t++) {
      const d = dates[t]!;
      const m = 0.0003 + 0.01 * gaussian(rand);
      market *= Math.exp(m);
      await push(row(d, 'MKT', market, shape.ohlcv, rand));
      for (let s = 0; s < shape.stocks; s++) {
        price[s]! *= Math.exp(0.0002 + beta[s]! * m + sigma[s]! * gaussian(rand));
        await push(row(d, `S${s}`, price[s]!, shape.ohlcv, rand));
      }
    }
  });
  return dates;
}

function row(date: string, symbol: string, close: number, ohlcv: boolean, rand: () => number): string {
  if (!ohlcv) return `${date},${symbol},${close.toFixed(4)}\n`;
  const hi = close * (1 + 0.01 * rand());
  const lo = close * (1 - 0.01 * rand());
  const open = lo + (hi - lo) * rand();
  const volume = Math.floor(1e5 + 1e7 * rand());
  return `${date},${symbol},${open.toFixed(4)},${hi.toFixed(4)},${lo.toFixed(4)},${close.toFixed(4)},${volume}\n`;
}

/** Writes `count` events on random stocks, day 0 uniform over sessions [260, sessions − 10) (as the engine bench). */
export async function writeEvents(
  file: string,
  count: number,
  dates: readonly string[],
  stocks: number,
  seed = 7,
): Promise<void> {
  const rand = mulberry32(seed + count);
  await writeLines(file, async (push) => {
    await push('event_id,symbol,event_date\n');
    for (let i = 0; i < count; i++) {
      const s = Math.floor(rand() * stocks);
      const day0 = 260 + Math.floor(rand() * (dates.length - 270));
      await push(`E${i},S${s},${dates[day0]!}\n`);
    }
  });
}
