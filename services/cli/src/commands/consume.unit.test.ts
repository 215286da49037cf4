import { DEFAULT_SESSIONS_CSV, loadSessionCalendars } from '@newswindow/ingest';
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

  it('rejects a --sessions-csv it cannot read with usage (exit 2), before connecting to anything', async () => {
    const err = textSink();
    const code = await runCli(
      ['consume', '--topics', 'ticks', '--sessions-csv', 'no/such/sessions.csv'],
      { stdout: textSink().stream, stderr: err.stream, env: {}, cwd: '/tmp' },
      [consumeCommand],
    );
    expect(code).toBe(2);
    expect(err.text()).toMatch(/--sessions-csv: ENOENT.*\/tmp\/no\/such\/sessions\.csv/);
  });

  it('reads the default session calendar from the repository', async () => {
    const calendars = await loadSessionCalendars(DEFAULT_SESSIONS_CSV);
    expect([...calendars.keys()]).toEqual(['XNYS', 'XHKG']);
    expect(calendars.get('XHKG')?.closeTimes[calendars.get('XHKG')!.index.get('2024-12-24')!]).toBe('12:00');
  });
});
