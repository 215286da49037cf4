import { runCli } from '../cli-main';
import { captureIo } from './__tests__/capture-io';
import { calendarCommand } from './calendar';

const run = async (...argv: string[]) => {
  const c = captureIo();
  const code = await runCli(['calendar', ...argv], c.io, [calendarCommand]);
  return { code, out: c.out(), err: c.err() };
};

describe('newswindow calendar exchanges', () => {
  it('lists the 17 exchanges with zone and horizon', async () => {
    const r = await run('exchanges');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/XNYS\s+New York Stock Exchange\s+America\/New_York\s+2000-01-01 … 2030-12-31/);
    expect(r.out).toMatch(/XSHG\s+Shanghai Stock Exchange\s+Asia\/Shanghai\s+2000-01-01 … 2026-12-31/);
    expect(r.out).toContain('source: exchange-calendars 4.13.2 (Apache-2.0)');
  });

  it('prints csv with one row per exchange', async () => {
    const r = await run('exchanges', '--format', 'csv');
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(
      'mic,name,time_zone,horizon_first,horizon_last,first_session,last_session,sessions,source,note',
    );
    expect(lines).toHaveLength(18);
    expect(lines).toContain(
      'XHKG,Hong Kong Exchanges and Clearing,Asia/Hong_Kong,2000-01-01,2030-12-31,2000-01-03,2030-12-31,7643,XHKG,',
    );
  });
});

describe('newswindow calendar sessions', () => {
  it('prints the NYSE Christmas week as csv of UTC instants (early close 13:00 ET on 12-24)', async () => {
    const r = await run(
      'sessions',
      '--exchange',
      'XNYS',
      '--from',
      '2024-12-23',
      '--to',
      '2024-12-27',
      '--format',
      'csv',
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'date,open,close',
        '2024-12-23,2024-12-23T14:30:00Z,2024-12-23T21:00:00Z',
        '2024-12-24,2024-12-24T14:30:00Z,2024-12-24T18:00:00Z',
        '2024-12-26,2024-12-26T14:30:00Z,2024-12-26T21:00:00Z',
        '2024-12-27,2024-12-27T14:30:00Z,2024-12-27T21:00:00Z',
        '',
      ].join('\n'),
    );
  });

  it('shows the Hong Kong lunch break in json and the table', async () => {
    const json = await run(
      'sessions',
      '--exchange',
      'xhkg',
      '--from',
      '2025-09-08',
      '--to',
      '2025-09-08',
      '--format',
      'json',
    );
    expect(JSON.parse(json.out)).toEqual([
      {
        date: '2025-09-08',
        open: '2025-09-08T01:30:00Z',
        close: '2025-09-08T08:00:00Z',
        break_start: '2025-09-08T04:00:00Z',
        break_end: '2025-09-08T05:00:00Z',
      },
    ]);
    const table = await run('sessions', '--exchange', 'XHKG', '--from', '2024-12-23', '--to', '2024-12-27');
    expect(table.out).toMatch(/2024-12-23 .* 09:30–16:00 \(break 12:00–13:00\)/);
    expect(table.out).toMatch(/2024-12-24 .* 09:30–12:00\s+irregular hours/);
    expect(table.out).toContain('3 sessions');
  });

  it('says the horizon in one line when the range is past it (exit 1)', async () => {
    const r = await run('sessions', '--exchange', 'XSHG', '--from', '2026-12-01', '--to', '2027-01-31');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'newswindow calendar: XSHG calendar covers 2000-01-01 … 2026-12-31; 2027-01-31 is beyond its horizon\n',
    );
  });

  it.each([
    [['sessions', '--from', '2024-01-01', '--to', '2024-01-31'], '--exchange is required'],
    [['sessions', '--exchange', 'XNYS', '--from', '2024-13-01', '--to', '2024-12-31'], '--from must be a date'],
    [['sessions', '--exchange', 'XNYS', '--from', '2024-02-01', '--to', '2024-01-01'], 'is after --to'],
    [
      ['sessions', '--exchange', 'XXXX', '--from', '2024-01-01', '--to', '2024-01-31'],
      "no calendar for exchange 'XXXX' (known: XNYS",
    ],
    [
      ['sessions', '--exchange', 'XNYS', '--from', '2024-01-01', '--to', '2024-01-31', '--format', 'xml'],
      '--format must be',
    ],
    [['sessions', '--exchange', 'XNYS', '--bogus'], "Unknown option '--bogus'"],
    [['holidays'], "unknown subcommand 'holidays'"],
    [[], 'a subcommand is required'],
  ])('exits 2 with the help on %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('Usage: newswindow calendar');
  });

  it('prints the subcommand help', async () => {
    const r = await run('sessions', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: newswindow calendar sessions --exchange MIC');
  });
});
