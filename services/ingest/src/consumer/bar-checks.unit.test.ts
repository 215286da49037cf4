import type { PriceBarClosedData } from '@newswindow/schemas';
import { loadCalendars, loadSecurityMaster } from '@newswindow/reference';
import { barConflict, barReferenceIssue } from './bar-checks';

const calendars = loadCalendars();
const master = loadSecurityMaster();
const nowMs = Date.parse('2026-12-03T12:00:00Z');
const ref = { calendars, master, nowMs };
const bar: PriceBarClosedData = {
  symbol: 'BABA',
  exchange: 'XNYS',
  sessionDate: '2025-09-08',
  open: 140,
  high: 146,
  low: 139.5,
  close: 145.9,
  volume: 100,
  adjusted: true,
  currency: 'USD',
};

describe('barReferenceIssue', () => {
  it('accepts a session of the listing’s own exchange', () => {
    expect(barReferenceIssue(bar, ref)).toBeUndefined();
    expect(
      barReferenceIssue(
        { ...bar, symbol: '9988.HK', exchange: 'XHKG', currency: 'HKD', sessionDate: '2025-09-08' },
        ref,
      ),
    ).toBeUndefined();
  });

  it('accepts a Nasdaq listing’s bar placed on the NYSE calendar (one market, one time zone)', () => {
    expect(master.listingBySymbol('AAPL', '2025-09-08')?.listing.mic).toBe('XNAS');
    expect(barReferenceIssue({ ...bar, symbol: 'AAPL' }, ref)).toBeUndefined();
  });

  it('accepts symbols the master does not know (indices) on a known exchange', () => {
    expect(barReferenceIssue({ ...bar, symbol: '^HSI', exchange: 'XHKG', currency: 'HKD' }, ref)).toBeUndefined();
  });

  it('refuses a Saturday, with the weekday in the reason', () => {
    expect(barReferenceIssue({ ...bar, sessionDate: '2025-09-06' }, ref)).toBe(
      '$.data.sessionDate: 2025-09-06 (Saturday) is not a session of XNYS: the exchange is closed that day',
    );
  });

  it('refuses a holiday of the exchange (Labor Day 2025)', () => {
    expect(barReferenceIssue({ ...bar, sessionDate: '2025-09-01' }, ref)).toMatch(
      /2025-09-01 \(Monday\) is not a session/,
    );
  });

  it('refuses 2099 (past the calendar horizon) and a session that has not opened yet', () => {
    expect(barReferenceIssue({ ...bar, sessionDate: '2099-01-05' }, ref)).toMatch(
      /^\$\.data\.sessionDate: XNYS calendar covers 2000-01-01 … 2030-12-31/,
    );
    expect(barReferenceIssue({ ...bar, sessionDate: '2026-12-04' }, ref)).toBe(
      '$.data.sessionDate: the XNYS session of 2026-12-04 has not opened yet (opens 2026-12-04T14:30:00.000Z)',
    );
    // A session that closed before `now` is fine.
    expect(barReferenceIssue({ ...bar, sessionDate: '2026-12-02' }, ref)).toBeUndefined();
  });

  it('refuses the same symbol on another market: BABA is XNYS, a "BABA" bar on XHKG is not its bar', () => {
    expect(barReferenceIssue({ ...bar, exchange: 'XHKG', currency: 'HKD' }, ref)).toMatch(
      /^\$\.data\.exchange: BABA is listed on XNYS \(Alibaba[^)]*\) on 2025-09-08, not on XHKG/,
    );
  });

  it('refuses an exchange without a calendar', () => {
    expect(barReferenceIssue({ ...bar, exchange: 'XXXX' }, ref)).toMatch(
      /no exchange calendar for XXXX \(known: XNYS, /,
    );
  });

  it('skips the listing check without a master', () => {
    expect(barReferenceIssue({ ...bar, exchange: 'XHKG' }, { calendars, nowMs })).toBeUndefined();
  });
});

describe('barConflict', () => {
  it('names every value that differs from the stored bar', () => {
    expect(barConflict({ ...bar, close: 150, volume: 7 }, bar)).toBe('close 150 (stored 145.9), volume 7 (stored 100)');
  });
  it('is no conflict when only the source differs, or the session or adjustment is another', () => {
    expect(barConflict({ ...bar, source: 'other.csv' }, bar)).toBeUndefined();
    expect(barConflict({ ...bar, close: 150, sessionDate: '2025-09-09' }, bar)).toBeUndefined();
    expect(barConflict({ ...bar, close: 150, adjusted: false }, bar)).toBeUndefined();
  });
});
