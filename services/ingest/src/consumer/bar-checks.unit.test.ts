import type { PriceBarClosedData } from '@newswindow/schemas';
import { loadCalendars, loadSecurityMaster } from '@newswindow/reference';
import { barConflict, barOutcome, barReferenceIssue, noteRevision } from './bar-checks';
import type { StoredBarRevisions } from './bar-checks';

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

describe('barOutcome: a stored session changes only by a correction with a reason', () => {
  const storedAs = (...revisions: PriceBarClosedData[]): StoredBarRevisions => {
    const known = new Map<string, StoredBarRevisions>();
    revisions.forEach((b, i) => noteRevision(known, b, i + 1, `position ${10 + i}`));
    return [...known.values()][0]!;
  };
  it('is new for a session with nothing stored', () => {
    expect(barOutcome(bar, undefined, undefined)).toEqual({ kind: 'new' });
    expect(barOutcome(bar, undefined, 'vendor revision')).toEqual({ kind: 'new' });
  });
  it('is a repeat for the same values (another source too), with or without a reason', () => {
    expect(barOutcome({ ...bar, source: 'second.csv' }, storedAs(bar), undefined)).toEqual({ kind: 'repeat' });
    expect(barOutcome(bar, storedAs(bar), 'vendor revision')).toEqual({ kind: 'repeat' });
  });
  it('refuses other values without a reason, naming them and how to correct', () => {
    const out = barOutcome({ ...bar, close: 145 }, storedAs(bar), undefined);
    expect(out).toEqual({
      kind: 'conflict',
      reason:
        '$.data: conflicts with the adjusted bar of XNYS:BABA 2025-09-08 already stored (position 10): close 145 (stored 145.9); a stored session is never replaced by a plain re-send: send it with metadata.correctionReason (newswindow ingest bars --correction-reason TEXT) to store it as a correction',
    });
  });
  it('makes other values with a reason the next revision, recording the values it replaces', () => {
    const second = { ...bar, close: 145, source: 'vendor-fix.csv' };
    expect(barOutcome(second, storedAs(bar), 'vendor restated the close')).toEqual({
      kind: 'correction',
      data: {
        ...second,
        revision: 2,
        previous: { revision: 1, open: 140, high: 146, low: 139.5, close: 145.9, volume: 100, currency: 'USD' },
        reason: 'vendor restated the close',
      },
    });
    // After two corrections the next is revision 4 and replaces revision 3's values.
    const third = { ...bar, close: 144 };
    const out = barOutcome({ ...bar, volume: 90 }, storedAs(bar, second, third), 'volume fixed');
    expect(
      out.kind === 'correction' && [out.data.revision, out.data.previous.revision, out.data.previous.close],
    ).toEqual([4, 3, 144]);
  });
  it('treats a plain re-send of an earlier revision as a repeat: replaying the topic never undoes a correction', () => {
    const corrected = storedAs(bar, { ...bar, close: 145 });
    expect(barOutcome(bar, corrected, undefined)).toEqual({ kind: 'repeat' });
    // With a reason it is a deliberate revert: the next revision.
    const back = barOutcome(bar, corrected, 'the first close was right');
    expect(back.kind === 'correction' && back.data.revision).toBe(3);
  });
  it('treats a replayed correction (same values, same reason) as a repeat after a later correction', () => {
    const known = new Map<string, StoredBarRevisions>();
    noteRevision(known, bar, 1, 'position 10');
    noteRevision(known, { ...bar, close: 145 }, 2, 'position 11', 'restated close');
    noteRevision(known, { ...bar, close: 145, volume: 120 }, 3, 'position 12', 'tape volume');
    const stored = [...known.values()][0]!;
    expect(barOutcome({ ...bar, close: 145 }, stored, 'restated close')).toEqual({ kind: 'repeat' });
    expect(barOutcome({ ...bar, close: 145 }, stored, 'another reason').kind).toBe('correction');
  });
});
