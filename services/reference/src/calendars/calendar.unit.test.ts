import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { DayStatus, ExchangeCalendar, Session } from './calendar';
import { calendarsFromData, isBeyondHorizon, isoInstant, loadCalendars, UnknownExchangeError } from './calendar';
import { CalendarDataError, readCalendarsData, validateCalendarsData } from './data';

// Facts below are known independently of the generated data (exchange notices, public holidays); the data is the
// package's, read from data/calendars/calendars.json.
const calendars = loadCalendars();
const cal = (mic: string): ExchangeCalendar => calendars.require(mic);

function session(mic: string, date: string): Session {
  const d = cal(mic).day(date);
  if (d.kind !== 'session') throw new Error(`${mic} ${date}: expected a session, got ${d.kind}`);
  return d;
}
const kind = (mic: string, date: string): DayStatus['kind'] => cal(mic).day(date).kind;
const closedOn = (mic: string, dates: readonly string[]): void => {
  for (const d of dates) expect([d, kind(mic, d)]).toEqual([d, 'closed']);
};
const openOn = (mic: string, dates: readonly string[]): void => {
  for (const d of dates) expect([d, kind(mic, d)]).toEqual([d, 'session']);
};
const utc = (s: Session): { open: string; close: string } => ({
  open: isoInstant(s.openMs),
  close: isoInstant(s.closeMs),
});

describe('exchange list', () => {
  it('has the 17 exchanges with their zones and the source horizon', () => {
    const list = calendars.list();
    expect(list.map((e) => e.mic)).toEqual([
      'XNYS',
      'XNAS',
      'XASE',
      'ARCX',
      'BATS',
      'XHKG',
      'XSHG',
      'XSHE',
      'XTKS',
      'XKRX',
      'XTAI',
      'XLON',
      'XETR',
      'XPAR',
      'XSWX',
      'XASX',
      'XTSE',
    ]);
    const zone = Object.fromEntries(list.map((e) => [e.mic, e.timeZone]));
    expect(zone).toMatchObject({
      XNYS: 'America/New_York',
      XHKG: 'Asia/Hong_Kong',
      XSHE: 'Asia/Shanghai',
      XTKS: 'Asia/Tokyo',
      XLON: 'Europe/London',
      XASX: 'Australia/Sydney',
      XTSE: 'America/Toronto',
    });
    expect(cal('XNYS').info.horizon).toEqual({ first: '2000-01-01', last: '2030-12-31' });
    // 2000-01-01 was a Saturday and 01-03 the first trading Monday in New York.
    expect(cal('XNYS').info.firstSession).toBe('2000-01-03');
    // The package precomputes Shanghai holidays only to 2026.
    expect(cal('XSHG').info.horizon.last).toBe('2026-12-31');
    expect(cal('XSHE').info.source).toEqual(expect.objectContaining({ calendar: 'XSHG' }));
    expect(calendars.provenance).toMatchObject({ package: 'exchange-calendars', license: 'Apache-2.0' });
  });

  it('names the known exchanges for an unknown MIC', () => {
    expect(calendars.get('XXXX')).toBeUndefined();
    expect(() => calendars.require('XXXX')).toThrow(UnknownExchangeError);
    expect(() => calendars.require('XXXX')).toThrow(/no exchange calendar for XXXX \(known: XNYS, XNAS/);
  });
});

describe('New York (XNYS, XNAS)', () => {
  it('knows the ad hoc closures', () => {
    // Hurricane Sandy, President Bush's and President Carter's national days of mourning, 9/11, President Reagan, Ford.
    closedOn('XNYS', ['2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09', '2001-09-11', '2001-09-14']);
    closedOn('XNYS', ['2004-06-11', '2007-01-02']);
    openOn('XNYS', ['2012-10-31', '2001-09-17', '2018-12-04', '2018-12-06', '2025-01-08', '2025-01-10']);
    closedOn('XNAS', ['2012-10-29', '2018-12-05', '2025-01-09']);
  });

  it('closes early at 13:00 ET on Christmas Eve 2024 and after Thanksgiving', () => {
    expect(utc(session('XNYS', '2024-12-24'))).toEqual({ open: '2024-12-24T14:30:00Z', close: '2024-12-24T18:00:00Z' });
    expect(session('XNYS', '2024-12-24').irregular).toBe(true);
    expect(utc(session('XNYS', '2024-11-29')).close).toBe('2024-11-29T18:00:00Z');
    expect(utc(session('XNYS', '2024-12-23'))).toEqual({ open: '2024-12-23T14:30:00Z', close: '2024-12-23T21:00:00Z' });
    closedOn('XNYS', ['2024-12-25', '2024-11-28', '2024-07-04', '2024-01-01', '2024-03-29']);
  });

  it('follows daylight saving time (EST → EDT on 2024-03-10)', () => {
    expect(utc(session('XNYS', '2024-03-08')).open).toBe('2024-03-08T14:30:00Z');
    expect(utc(session('XNYS', '2024-03-11')).open).toBe('2024-03-11T13:30:00Z');
  });
});

describe('Hong Kong (XHKG)', () => {
  it('closes for Lunar New Year and trades a half day on its eve', () => {
    // 2024: New Year's Day on Saturday 02-10, market closed Mon 02-12 and Tue 02-13, half day on Fri 02-09.
    closedOn('XHKG', ['2024-02-12', '2024-02-13']);
    openOn('XHKG', ['2024-02-14']);
    const eve = session('XHKG', '2024-02-09');
    expect(eve.local).toEqual({ open: '09:30', breakStart: null, breakEnd: null, close: '12:00' });
    expect(utc(eve)).toEqual({ open: '2024-02-09T01:30:00Z', close: '2024-02-09T04:00:00Z' });
    // 2025: New Year's Day Wednesday 01-29: closed 01-29 … 01-31.
    closedOn('XHKG', ['2025-01-29', '2025-01-30', '2025-01-31']);
  });

  it('has a lunch break on regular days and Christmas half days', () => {
    const s = session('XHKG', '2025-09-08');
    expect(s.local).toEqual({ open: '09:30', breakStart: '12:00', breakEnd: '13:00', close: '16:00' });
    expect([s.breakStartMs, s.breakEndMs].map((ms) => isoInstant(ms!))).toEqual([
      '2025-09-08T04:00:00Z',
      '2025-09-08T05:00:00Z',
    ]);
    expect(utc(session('XHKG', '2024-12-24')).close).toBe('2024-12-24T04:00:00Z');
    closedOn('XHKG', ['2024-12-25', '2024-12-26', '2024-07-01', '2024-10-01']);
  });

  it('opened at 10:00 before the 2011-03-07 change to 09:30', () => {
    expect(session('XHKG', '2011-03-04').local.open).toBe('10:00');
    expect(session('XHKG', '2011-03-07').local.open).toBe('09:30');
  });
});

describe('Tokyo (XTKS)', () => {
  it('closes for Golden Week holidays and the year end', () => {
    // 2024: Showa Day Mon 04-29, Constitution Day Fri 05-03, substitute for Children's Day Mon 05-06.
    closedOn('XTKS', ['2024-04-29', '2024-05-03', '2024-05-06', '2024-12-31', '2025-01-02', '2025-01-03']);
    openOn('XTKS', ['2024-05-01', '2024-05-02', '2024-05-07', '2024-12-30', '2025-01-06']);
  });

  it('closes at 15:30 since 2024-11-05 (15:00 before) with an 11:30–12:30 lunch break', () => {
    expect(utc(session('XTKS', '2024-11-01'))).toEqual({ open: '2024-11-01T00:00:00Z', close: '2024-11-01T06:00:00Z' });
    expect(utc(session('XTKS', '2024-11-05')).close).toBe('2024-11-05T06:30:00Z');
    expect(session('XTKS', '2024-11-05').local).toMatchObject({ breakStart: '11:30', breakEnd: '12:30' });
  });
});

describe('mainland China, Korea, Taiwan', () => {
  it('XSHG/XSHE close for Spring Festival and National Day week', () => {
    for (const mic of ['XSHG', 'XSHE']) {
      closedOn(mic, ['2024-02-09', '2024-02-12', '2024-02-16', '2024-10-01', '2024-10-07']);
      openOn(mic, ['2024-02-08', '2024-02-19', '2024-10-08']);
    }
    expect(session('XSHG', '2024-10-08').local).toEqual({
      open: '09:30',
      breakStart: '11:30',
      breakEnd: '13:00',
      close: '15:00',
    });
  });

  it('XKRX closes for Chuseok and opens an hour late on the first session of the year', () => {
    closedOn('XKRX', ['2024-09-16', '2024-09-17', '2024-09-18', '2024-12-31']);
    expect(utc(session('XKRX', '2024-01-02')).open).toBe('2024-01-02T01:00:00Z');
    expect(utc(session('XKRX', '2024-01-03')).open).toBe('2024-01-03T00:00:00Z');
  });

  it('XTAI closes for Lunar New Year 2024', () => {
    closedOn('XTAI', ['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']);
    openOn('XTAI', ['2024-02-15']);
  });
});

describe('Europe, Australia, Canada', () => {
  it('XLON: royal and state days, Christmas Eve half day', () => {
    // Royal wedding 2011, Queen Elizabeth II's funeral 2022, King Charles III's coronation 2023.
    closedOn('XLON', ['2011-04-29', '2022-09-19', '2023-05-08', '2024-12-25', '2024-12-26']);
    expect(utc(session('XLON', '2024-12-24'))).toEqual({ open: '2024-12-24T08:00:00Z', close: '2024-12-24T12:30:00Z' });
    // British Summer Time: 08:00 London is 07:00 UTC.
    expect(utc(session('XLON', '2024-07-01')).open).toBe('2024-07-01T07:00:00Z');
  });

  it('XETR and XSWX close on Christmas Eve and New Year Eve; XPAR closes early', () => {
    closedOn('XETR', ['2024-12-24', '2024-12-31', '2024-03-29', '2024-04-01', '2024-05-01']);
    closedOn('XSWX', ['2024-12-24', '2024-12-31', '2024-08-01', '2024-01-02']);
    closedOn('XPAR', ['2024-12-25', '2024-12-26', '2024-05-01', '2024-03-29']);
    expect(session('XPAR', '2024-12-24').local.close).toBe('14:05');
  });

  it('XASX: Australia Day, and a summer session that opens on the previous UTC date', () => {
    closedOn('XASX', ['2024-01-26', '2024-12-25', '2024-12-26']);
    expect(utc(session('XASX', '2024-01-02'))).toEqual({ open: '2024-01-01T23:00:00Z', close: '2024-01-02T05:00:00Z' });
    expect(cal('XASX').localDateOf(Date.parse('2024-01-01T23:30:00Z'))).toBe('2024-01-02');
  });

  it('XTSE: Canada Day, Victoria Day, Christmas Eve early close', () => {
    closedOn('XTSE', ['2024-07-01', '2024-05-20', '2024-12-25']);
    expect(utc(session('XTSE', '2024-12-24')).close).toBe('2024-12-24T18:00:00Z');
  });
});

describe('navigation and the horizon', () => {
  const nyse = cal('XNYS');

  it('steps over holidays and weekends', () => {
    expect((nyse.nextSession('2024-12-24') as Session).date).toBe('2024-12-26');
    expect((nyse.previousSession('2024-12-26') as Session).date).toBe('2024-12-24');
    expect((nyse.sessionOnOrAfter('2012-10-27') as Session).date).toBe('2012-10-31');
    expect(nyse.isSession('2025-01-09')).toBe(false);
    expect(nyse.isSession('2025-01-10')).toBe(true);
  });

  it('counts k sessions from a session or from a closed day', () => {
    expect((nyse.sessionFrom('2024-12-23', 2) as Session).date).toBe('2024-12-26');
    expect((nyse.sessionFrom('2024-12-25', 1) as Session).date).toBe('2024-12-26');
    expect((nyse.sessionFrom('2024-12-25', -1) as Session).date).toBe('2024-12-24');
    expect((nyse.sessionFrom('2024-12-26', -3) as Session).date).toBe('2024-12-20');
    expect(nyse.sessionFrom('2024-12-25', 0).kind).toBe('closed');
    expect((nyse.sessionFrom('2024-12-24', 0) as Session).date).toBe('2024-12-24');
  });

  it('lists the sessions between two dates, inclusive', () => {
    const list = nyse.sessionsBetween('2024-12-23', '2025-01-03') as Session[];
    expect(list.map((s) => s.date)).toEqual([
      '2024-12-23',
      '2024-12-24',
      '2024-12-26',
      '2024-12-27',
      '2024-12-30',
      '2024-12-31',
      '2025-01-02',
      '2025-01-03',
    ]);
    // The whole horizon agrees with the count the generator recorded.
    expect((nyse.sessionsBetween('2000-01-01', '2030-12-31') as Session[]).length).toBe(nyse.info.sessionCount);
  });

  it('answers beyond-horizon instead of guessing', () => {
    const shanghai = cal('XSHG');
    const after = shanghai.day('2027-01-04');
    expect(after).toEqual({
      kind: 'beyond-horizon',
      mic: 'XSHG',
      date: '2027-01-04',
      horizon: { first: '2000-01-01', last: '2026-12-31' },
      message: 'XSHG calendar covers 2000-01-01 … 2026-12-31; 2027-01-04 is beyond its horizon',
    });
    expect(isBeyondHorizon(shanghai.isSession('2027-01-04'))).toBe(true);
    expect(isBeyondHorizon(shanghai.sessionsBetween('2026-12-01', '2027-01-31'))).toBe(true);
    expect(isBeyondHorizon(nyse.day('1999-12-31'))).toBe(true);
    // Inside the horizon, but the session asked for lies past it.
    expect(isBeyondHorizon(shanghai.nextSession('2026-12-31'))).toBe(true);
    expect(isBeyondHorizon(nyse.previousSession('2000-01-03'))).toBe(true);
    expect(isBeyondHorizon(nyse.sessionFrom('2030-12-20', 10))).toBe(true);
  });

  it('gives the engine its view: sessions and local closes', () => {
    const t = cal('XHKG').trading;
    const i = t.index.get('2024-12-24')!;
    expect(t.id).toBe('XHKG');
    expect(t.timeZone).toBe('Asia/Hong_Kong');
    expect([t.sessions[i], t.closeTimes[i], t.sessions[i + 1]]).toEqual(['2024-12-24', '12:00', '2024-12-27']);
  });
});

describe('instants agree with the package (a second way)', () => {
  // samples.csv holds UTC instants straight from exchange-calendars' schedule; here they come from the compact form
  // and the zone offset table.
  const text = readFileSync(resolve(__dirname, '../../data/calendars/samples.csv'), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

  it('matches every sampled session of every exchange', () => {
    expect(rows.length).toBeGreaterThan(15 * 100);
    const mismatches: string[] = [];
    for (const [mic, date, open, breakStart, breakEnd, close] of rows) {
      const s = cal(mic!).day(date!);
      const got =
        s.kind === 'session'
          ? [
              isoInstant(s.openMs),
              s.breakStartMs === null ? '' : isoInstant(s.breakStartMs),
              s.breakEndMs === null ? '' : isoInstant(s.breakEndMs),
              isoInstant(s.closeMs),
            ].join(',')
          : s.kind;
      const want = [open, breakStart, breakEnd, close].join(',');
      if (got !== want) mismatches.push(`${mic} ${date}: ${got} vs ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('converts local dates as luxon (ICU time zones) does', () => {
    const mismatches: string[] = [];
    for (const mic of ['XNYS', 'XLON', 'XASX', 'XHKG']) {
      const c = cal(mic);
      // A step of 5 days and 7 minutes walks through every hour of the day over the years.
      for (let ms = Date.parse('2000-01-02T00:00:00Z'); ms < Date.parse('2030-12-30T00:00:00Z'); ms += 432_420_000) {
        const want = DateTime.fromMillis(ms, { zone: c.info.timeZone }).toISODate();
        if (c.localDateOf(ms) !== want) mismatches.push(`${mic} ${isoInstant(ms)}: ${c.localDateOf(ms)} vs ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('data file', () => {
  it('rejects a broken file with the place named', () => {
    expect(() => validateCalendarsData({ provenance: { version: '1' }, exchanges: [{ mic: 'X' }] })).toThrow(
      CalendarDataError,
    );
    expect(() => validateCalendarsData({ provenance: { version: '1' }, exchanges: [{ mic: 'X' }] })).toThrow(
      /\$\.exchanges\[0\]: mic is not a 4-character MIC/,
    );
    expect(() => readCalendarsData('/nonexistent/calendars.json')).toThrow(/cannot read calendars file/);
  });

  it('refuses a file whose session count disagrees with its holidays', () => {
    const data = readCalendarsData();
    const ex = data.exchanges[0]!;
    const broken = calendarsFromData({ ...data, exchanges: [{ ...ex, holidays: ex.holidays.slice(1) }] });
    expect(() => broken.require(ex.mic).trading).toThrow(/expanded 7795 sessions, the file says 7794/);
  });
});
