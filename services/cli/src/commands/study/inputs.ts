import type { EventTime, StudyEvent } from '@newswindow/engine';
import type { CsvTable } from './csv';
import { InputFileError, parseCsv, requireColumns } from './csv';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(d: string): boolean {
  if (!ISO_DATE.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** Closes per symbol as read from the prices file, in file order. */
export interface PriceTable {
  readonly bySymbol: ReadonlyMap<string, { readonly dates: string[]; readonly closes: number[] }>;
}

/** Reads `date,symbol,close` (extra columns ignored). Rejects bad dates, unparsable or non-positive closes, duplicates. */
export function readPrices(file: string, text: string): PriceTable {
  const table = parseCsv(file, text);
  const col = requireColumns(table, ['date', 'symbol', 'close']);
  const bySymbol = new Map<string, { dates: string[]; closes: number[] }>();
  const seen = new Set<string>();
  for (const { line, cells } of table.rows) {
    const date = cells[col.date!] ?? '';
    const symbol = cells[col.symbol!] ?? '';
    const raw = cells[col.close!] ?? '';
    if (!validDate(date)) throw new InputFileError(file, line, `date '${date}' is not a valid YYYY-MM-DD date`);
    if (symbol === '') throw new InputFileError(file, line, 'empty symbol');
    const close = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(close)) throw new InputFileError(file, line, `close '${raw}' is not a number`);
    if (close <= 0) throw new InputFileError(file, line, `close ${raw} is not positive`);
    const key = `${symbol}\u0000${date}`;
    if (seen.has(key)) throw new InputFileError(file, line, `duplicate date ${date} for symbol ${symbol}`);
    seen.add(key);
    let s = bySymbol.get(symbol);
    if (s === undefined) {
      s = { dates: [], closes: [] };
      bySymbol.set(symbol, s);
    }
    s.dates.push(date);
    s.closes.push(close);
  }
  return { bySymbol };
}

/** An event row with its source line (for error messages). */
export interface EventRow {
  readonly line: number;
  readonly event: StudyEvent;
  /** The `event_date` column as given. */
  readonly eventDate: string;
}

/**
 * Reads `event_id,symbol,event_date` (+ optional `event_time` ISO 8601 with offset, optional `market`). Rejects
 * duplicate ids, bad dates and symbols (or markets) that are not in the prices file.
 */
export function readEvents(file: string, text: string, prices: PriceTable): EventRow[] {
  const table: CsvTable = parseCsv(file, text);
  const col = requireColumns(table, ['event_id', 'symbol', 'event_date']);
  const timeCol = table.header.indexOf('event_time');
  const marketCol = table.header.indexOf('market');
  const ids = new Set<string>();
  const out: EventRow[] = [];
  for (const { line, cells } of table.rows) {
    const eventId = cells[col.event_id!] ?? '';
    const symbol = cells[col.symbol!] ?? '';
    const eventDate = cells[col.event_date!] ?? '';
    if (eventId === '') throw new InputFileError(file, line, 'empty event_id');
    if (ids.has(eventId)) throw new InputFileError(file, line, `duplicate event_id ${eventId}`);
    ids.add(eventId);
    if (!validDate(eventDate))
      throw new InputFileError(file, line, `event_date '${eventDate}' is not a valid YYYY-MM-DD date`);
    if (!prices.bySymbol.has(symbol))
      throw new InputFileError(file, line, `unknown symbol '${symbol}' (not in the prices file)`);
    const iso = timeCol >= 0 ? (cells[timeCol] ?? '') : '';
    const market = marketCol >= 0 ? (cells[marketCol] ?? '') : '';
    if (market !== '' && !prices.bySymbol.has(market)) {
      throw new InputFileError(file, line, `unknown market '${market}' (not in the prices file)`);
    }
    if (iso !== '' && !/[Zz]|[+-]\d{2}:?\d{2}$/.test(iso)) {
      throw new InputFileError(file, line, `event_time '${iso}' needs a UTC offset (e.g. 2025-09-05T20:30:00+08:00)`);
    }
    if (iso !== '' && Number.isNaN(Date.parse(iso)))
      throw new InputFileError(file, line, `event_time '${iso}' is not ISO 8601`);
    const time: EventTime = iso !== '' ? { kind: 'instant', iso } : { kind: 'date', date: eventDate };
    out.push({ line, eventDate, event: market !== '' ? { eventId, symbol, market, time } : { eventId, symbol, time } });
  }
  return out;
}
