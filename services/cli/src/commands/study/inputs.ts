import type { Readable } from 'node:stream';
import type { EventTime, StudyEvent } from '@newswindow/engine';
import type { CsvRecord } from './csv';
import { InputFileError, quote, readCsvRecords, requireColumns, toHeader } from './csv';
import { dayKeyOf } from './prices';
import type { PriceTable } from './prices';

/** An event row with its source line (for error messages). */
export interface EventRow {
  readonly line: number;
  readonly event: StudyEvent;
  /** The `event_date` column as given. */
  readonly eventDate: string;
}

/** Called with each rejected event row; throw from it to stop at the first (`--strict`). */
export type OnBadEvent = (problem: InputFileError) => void;

/**
 * Reads `event_id,symbol,event_date` (+ optional `event_time` ISO 8601 with offset, optional `market`) from a stream.
 * A row with an empty or duplicate id, a bad date or time, or a symbol (or market) that is not in the prices file is
 * handed to `onBadEvent` with its line and left out; the other rows are studied. A file without any event row, or
 * whose every row was rejected, is an InputFileError.
 */
export async function readEvents(
  file: string,
  input: Readable,
  prices: PriceTable,
  onBadEvent: OnBadEvent,
): Promise<EventRow[]> {
  const records = readCsvRecords(file, input);
  try {
    return await collectEvents(file, records, prices, onBadEvent);
  } finally {
    // Closes the file when the header was wrong and the rows were never read.
    await records.return(undefined);
  }
}

async function collectEvents(
  file: string,
  records: AsyncGenerator<CsvRecord, void, undefined>,
  prices: PriceTable,
  onBadEvent: OnBadEvent,
): Promise<EventRow[]> {
  const first = await records.next();
  const header = toHeader(file, first.done === true ? undefined : first.value);
  const col = requireColumns(file, header, ['event_id', 'symbol', 'event_date']);
  const timeCol = header.indexOf('event_time');
  const marketCol = header.indexOf('market');
  const ids = new Set<string>();
  const out: EventRow[] = [];
  let rejected = 0;
  let lastLine = first.done === true ? 1 : first.value.line;
  for await (const { line, cells } of records) {
    lastLine = line;
    const row = eventOf(cells, col, timeCol, marketCol, ids, prices);
    if (typeof row === 'string') {
      rejected++;
      onBadEvent(new InputFileError(file, line, row));
      continue;
    }
    ids.add(row.event.eventId);
    out.push({ line, ...row });
  }
  if (out.length === 0) {
    throw new InputFileError(
      file,
      lastLine,
      rejected === 0
        ? 'no events (the file has a header but no event rows)'
        : `no valid events (all ${rejected} event rows were rejected)`,
    );
  }
  return out;
}

/** The event of one row, or the reason it is rejected. */
function eventOf(
  cells: readonly string[],
  col: Record<string, number>,
  timeCol: number,
  marketCol: number,
  ids: ReadonlySet<string>,
  prices: PriceTable,
): Omit<EventRow, 'line'> | string {
  const eventId = cells[col.event_id!] ?? '';
  const symbol = cells[col.symbol!] ?? '';
  const eventDate = cells[col.event_date!] ?? '';
  if (eventId === '') return 'empty event_id';
  if (ids.has(eventId)) return `duplicate event_id ${quote(eventId)}`;
  if (dayKeyOf(eventDate) < 0) return `event_date '${quote(eventDate)}' is not a valid YYYY-MM-DD date`;
  if (!prices.bySymbol.has(symbol)) return `unknown symbol '${quote(symbol)}' (not in the prices file)`;
  const iso = timeCol >= 0 ? (cells[timeCol] ?? '') : '';
  const market = marketCol >= 0 ? (cells[marketCol] ?? '') : '';
  if (market !== '' && !prices.bySymbol.has(market))
    return `unknown market '${quote(market)}' (not in the prices file)`;
  if (iso !== '' && !/[Zz]|[+-]\d{2}:?\d{2}$/.test(iso)) {
    return `event_time '${quote(iso)}' needs a UTC offset (e.g. 2025-09-05T20:30:00+08:00)`;
  }
  if (iso !== '' && Number.isNaN(Date.parse(iso))) return `event_time '${quote(iso)}' is not ISO 8601`;
  const time: EventTime = iso !== '' ? { kind: 'instant', iso } : { kind: 'date', date: eventDate };
  return { eventDate, event: market !== '' ? { eventId, symbol, market, time } : { eventId, symbol, time } };
}
