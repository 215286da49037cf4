import { alignToCalendar, calendarFromBenchmark, calendarFromSessions, CalendarError } from './calendar';
import { anchorDay0 } from './day0';

// Christmas 2024 as the exchanges traded it (HKEX half day and NYSE early close on 12-24); the engine takes any
// calendar, the real ones come from @newswindow/reference.
describe('calendars', () => {
  const hk = calendarFromSessions('XHKG', ['2024-12-30', '2024-12-23', '2024-12-24', '2024-12-27'], {
    timeZone: 'Asia/Hong_Kong',
    closeTimes: new Map([['2024-12-24', '12:00']]),
  });
  const ny = calendarFromSessions('XNYS', ['2024-12-23', '2024-12-24', '2024-12-26', '2024-12-27', '2024-12-30'], {
    timeZone: 'America/New_York',
    closeTimes: new Map([['2024-12-24', '13:00']]),
  });
  it('sorts sessions and keeps short-session closes', () => {
    expect(hk.sessions).toEqual(['2024-12-23', '2024-12-24', '2024-12-27', '2024-12-30']);
    expect(hk.closeTimes).toEqual(['16:00', '12:00', '16:00', '16:00']);
    expect(hk.timeZone).toBe('Asia/Hong_Kong');
    expect(ny.sessions).toHaveLength(5);
    expect(ny.closeTimes[1]).toBe('13:00');
  });
  it('benchmark calendar = dates with a close; duplicates rejected by calendarFromSessions', () => {
    const c = calendarFromBenchmark('MKT', ['2024-01-03', '2024-01-02']);
    expect(c.sessions).toEqual(['2024-01-02', '2024-01-03']);
    expect(() => calendarFromSessions('XNYS', ['2024-01-02', '2024-01-02'])).toThrow(CalendarError);
  });
  it('aligns a series to sessions: missing sessions are NaN, off-calendar dates reported', () => {
    const a = alignToCalendar(hk, ['2024-12-23', '2024-12-26', '2024-12-30'], [1, 2, 3]);
    expect(Array.from(a.values)).toEqual([1, Number.NaN, Number.NaN, 3]);
    expect(a.offCalendar).toEqual(['2024-12-26']);
  });

  describe('day-0 rules', () => {
    it('next-close: HK evening news → next session; before the close → same session', () => {
      const evening = anchorDay0(hk, { kind: 'instant', iso: '2024-12-23T21:00:00+08:00' });
      expect(evening).toEqual({ kind: 'anchored', index: 1, date: '2024-12-24' });
      const morning = anchorDay0(hk, { kind: 'instant', iso: '2024-12-23T10:00:00+08:00' });
      expect(morning).toMatchObject({ date: '2024-12-23' });
    });
    it('next-close: a half day closes at 12:00 HKT, so 13:00 news waits for the next session (after the holiday)', () => {
      expect(anchorDay0(hk, { kind: 'instant', iso: '2024-12-24T13:00:00+08:00' })).toMatchObject({
        date: '2024-12-27',
      });
      expect(anchorDay0(hk, { kind: 'instant', iso: '2024-12-24T11:59:00+08:00' })).toMatchObject({
        date: '2024-12-24',
      });
    });
    it('next-close: judged in the exchange zone (NYSE 13:00 early close; news given in UTC)', () => {
      // 2024-12-24 17:30Z = 12:30 New York: before the 13:00 early close.
      expect(anchorDay0(ny, { kind: 'instant', iso: '2024-12-24T17:30:00Z' })).toMatchObject({ date: '2024-12-24' });
      // 18:30Z = 13:30 New York: after it; the 25th is closed → the 26th.
      expect(anchorDay0(ny, { kind: 'instant', iso: '2024-12-24T18:30:00Z' })).toMatchObject({ date: '2024-12-26' });
      // 21:00 HKT on the 23rd is 08:00 New York the same day: before the NYSE open → same NYSE session.
      expect(anchorDay0(ny, { kind: 'instant', iso: '2024-12-23T21:00:00+08:00' })).toMatchObject({
        date: '2024-12-23',
      });
    });
    it('date-only events: same date or next for next-close and same-date-or-next; previous goes back', () => {
      const holiday = { kind: 'date', date: '2024-12-25' } as const;
      expect(anchorDay0(hk, holiday, 'next-close')).toMatchObject({ date: '2024-12-27' });
      expect(anchorDay0(hk, holiday, 'same-date-or-next')).toMatchObject({ date: '2024-12-27' });
      expect(anchorDay0(hk, holiday, 'previous')).toMatchObject({ date: '2024-12-24' });
      expect(anchorDay0(hk, { kind: 'date', date: '2024-12-27' }, 'previous')).toMatchObject({ date: '2024-12-27' });
    });
    it('same-date-or-next ignores the time of day (the oracle convention)', () => {
      expect(anchorDay0(hk, { kind: 'instant', iso: '2024-12-23T21:00:00+08:00' }, 'same-date-or-next')).toMatchObject({
        date: '2024-12-23',
      });
    });
    it('reports events outside the calendar instead of guessing', () => {
      expect(anchorDay0(hk, { kind: 'date', date: '2025-01-02' }).kind).toBe('unanchored');
      expect(anchorDay0(hk, { kind: 'date', date: '2024-12-01' }, 'previous').kind).toBe('unanchored');
    });
  });
});
