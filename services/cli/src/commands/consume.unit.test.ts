import { loadSessionCalendars } from '@newswindow/ingest';
import { runCli } from '../cli-main';
import { consumeCommand } from './consume';
import { textSink } from './__tests__/text-sink';

describe('newswindow consume', () => {
  it('rejects unknown kinds and a bad --idle-ms with usage (exit 2), before connecting to anything', async () => {
    for (const argv of [
      ['--topics', 'news,quotes'],
      ['--idle-ms', '-1'],
    ]) {
      const err = textSink();
      const code = await runCli(
        ['consume', ...argv],
        { stdout: textSink().stream, stderr: err.stream, env: {}, cwd: '/' },
        [consumeCommand],
      );
      expect(code).toBe(2);
      expect(err.text()).toMatch(/Usage: newswindow consume/);
    }
  });

  it('refuses the retired --sessions-csv with usage (exit 2), before connecting to anything', async () => {
    const err = textSink();
    const code = await runCli(
      ['consume', '--topics', 'ticks', '--sessions-csv', 'sessions.csv'],
      { stdout: textSink().stream, stderr: err.stream, env: {}, cwd: '/tmp' },
      [consumeCommand],
    );
    expect(code).toBe(2);
    expect(err.text()).toMatch(/--sessions-csv \/ NEWSWINDOW_SESSIONS_CSV are no longer read/);
  });

  it('places ticks with the reference exchange calendars', () => {
    const calendars = loadSessionCalendars();
    expect(calendars.list().map((e) => e.mic)).toEqual(expect.arrayContaining(['XNYS', 'XHKG']));
    const eve = calendars.require('XHKG').day('2024-12-24');
    expect(eve.kind === 'session' && eve.local.close).toBe('12:00');
  });
});
