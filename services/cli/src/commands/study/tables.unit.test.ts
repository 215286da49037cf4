import { PassThrough } from 'node:stream';
import type { StudyEvent } from '@newswindow/engine';
import { calendarFromSessions, DEFAULT_DESIGN, runStudy } from '@newswindow/engine';
import { csvLine, RowSegmentMemo, tableRows, writeAbnormalReturnsCsv } from './tables';
import { textOut } from './text-out';

/** 400 sessions of a market and three stocks, a few closes missing (NA returns), deterministic wiggles. */
function study(): ReturnType<typeof runStudy> {
  const sessions = Array.from({ length: 400 }, (_, t) =>
    new Date(Date.UTC(2020, 0, 1) + t * 86_400_000).toISOString().slice(0, 10),
  );
  const calendar = calendarFromSessions('test', sessions);
  const series = (f: (t: number) => number): Float64Array => Float64Array.from(sessions, (_, t) => f(t));
  const closes = new Map([
    ['MKT', series((t) => 100 * Math.exp(0.01 * Math.sin(t)))],
    ['A,"B"', series((t) => (t % 37 === 5 ? Number.NaN : 50 * Math.exp(0.02 * Math.cos(1.7 * t))))],
    ['Ü', series((t) => 1e-9 * (2 + Math.sin(0.3 * t)))],
    ['BIG', series((t) => 1e15 * (2 + Math.cos(0.7 * t)))],
  ]);
  const symbols = ['A,"B"', 'Ü', 'BIG'];
  const events: StudyEvent[] = Array.from({ length: 60 }, (_, i) => ({
    eventId: i % 7 === 0 ? `é "${i}",x` : `E${i}`,
    symbol: symbols[i % 3]!,
    time: { kind: 'date', date: sessions[i % 10 === 9 ? 399 : 280 + ((i * 13) % 110)]! },
  }));
  return runStudy({
    calendar,
    closes,
    marketSymbol: 'MKT',
    events,
    design: { ...DEFAULT_DESIGN, minEstimationReturns: 100 },
  });
}

describe('writeAbnormalReturnsCsv (byte-level fast path)', () => {
  it('writes exactly the text of the generic rows, across several 1 MB chunks', async () => {
    const s = study();
    const expected = [...tableRows('abnormalReturns', s, { eventDates: new Map() })].map(csvLine).join('');
    expect(Buffer.byteLength(expected)).toBeGreaterThan(1 << 20);
    expect(expected).toContain('"é ""0"",x","A,""B""",');
    expect(expected).toMatch(/,NA,/);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const out = textOut(sink, { close: true });
    const memo = new RowSegmentMemo(s.calendar.sessions);
    // Twice through one memo: the second pass reads the formatted returns from it.
    await writeAbnormalReturnsCsv(s, 'MKT', memo, out);
    await writeAbnormalReturnsCsv(s, 'MKT', memo, out);
    await out.end();
    expect(chunks.length).toBeGreaterThan(2);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected + expected);
  });
});
