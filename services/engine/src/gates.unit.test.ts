import { calendarFromSessions } from './calendar';
import { checkEventWindow } from './gates';
import { computeReturns } from './returns';

// Ten sessions 2024-01-02 … 2024-01-15 (weekends and 01-01 omitted by hand; the values are what the checks read).
const cal = calendarFromSessions('XNYS', [
  '2024-01-02',
  '2024-01-03',
  '2024-01-04',
  '2024-01-05',
  '2024-01-08',
  '2024-01-09',
  '2024-01-10',
  '2024-01-11',
  '2024-01-12',
  '2024-01-16',
]);
const series = (label: string, closes: readonly number[]) => ({
  label,
  returns: computeReturns(Float64Array.from(closes)),
});
const full = [10, 11, 12, 11, 12, 13, 12, 13, 14, 15];
const N = Number.NaN;

describe('checkEventWindow', () => {
  it('passes when every window day has a single-session return for each series', () => {
    expect(checkEventWindow(cal, 4, -1, 2, [series('AAPL', full), series('benchmark ^GSPC', full)])).toEqual({
      ok: true,
    });
  });

  it('names the series and the date with no close', () => {
    const bench = [...full];
    bench[4] = N; // 2024-01-08 = day 0
    expect(checkEventWindow(cal, 4, -1, 2, [series('AAPL', full), series('benchmark ^GSPC', bench)])).toEqual({
      ok: false,
      reason: 'benchmark ^GSPC has no close on 2024-01-08 (day 0)',
    });
  });

  it('refuses a return that spans several sessions on an event day', () => {
    const stock = [...full];
    stock[2] = N; // no close on 2024-01-04: the return on 01-05 (day -1) spans 2 sessions
    expect(checkEventWindow(cal, 4, -1, 2, [series('AAPL', stock)])).toEqual({
      ok: false,
      reason: "AAPL's return on 2024-01-05 (day -1) spans 2 sessions: no close on 2024-01-04",
    });
  });

  it('says when the window runs past the last stored bar or the calendar', () => {
    const short = full.map((c, t) => (t > 6 ? N : c)); // last close 2024-01-10
    expect(checkEventWindow(cal, 4, -1, 5, [series('9988.HK', short)])).toEqual({
      ok: false,
      reason: 'the event window runs to 2024-01-16, past the last stored bar of 9988.HK (2024-01-10)',
    });
    expect(checkEventWindow(cal, 8, -1, 5, [series('9988.HK', full)])).toEqual({
      ok: false,
      reason:
        "the event window [-1,5] around 2024-01-12 runs past the XNYS calendar's horizon (last session 2024-01-16)",
    });
    expect(checkEventWindow(cal, 0, -1, 1, [series('9988.HK', full)]).ok).toBe(false);
  });

  it('tells a first close inside the window apart from a missing one', () => {
    const late = full.map((c, t) => (t < 3 ? N : c)); // first close 2024-01-05 = day -1
    expect(checkEventWindow(cal, 4, -1, 1, [series('AA', late)])).toEqual({
      ok: false,
      reason: 'AA has no close before 2024-01-05 (day -1)',
    });
  });
});
