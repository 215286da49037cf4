import type { EventWindowAlertData } from '@newswindow/schemas';
import { runCli } from '../cli-main';
import { alertsCommand, decodeAlert, renderAlert } from './alerts';
import { textSink } from './__tests__/text-sink';

const alert: EventWindowAlertData = {
  alertId: 'nw1:alibaba:ai_model_launch:2025-09-05:9988.HK:window_0_5',
  studyId: 'nw1:alibaba:ai_model_launch:2025-09-05|9988.HK@XHKG|market_model',
  eventKey: 'nw1:alibaba:ai_model_launch:2025-09-05',
  newsIds: ['alibaba-events-2025/A04'],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  tags: ['ai_model_launch'],
  day0: '2025-09-08',
  window: { start: 0, end: 5 },
  statistic: 'car',
  value: 0.1234,
  t: 3.1,
  p: 0.0064,
  threshold: 0.05,
  headline: 'Qwen3-Max launched',
  raisedAt: '2025-09-15T08:00:00.000Z',
};

describe('newswindow alerts tail: rendering', () => {
  it('prints a CAR alert as one readable line', () => {
    expect(renderAlert(alert, 'text')).toBe(
      '2025-09-15T08:00:00.000Z  9988.HK@XHKG  day0 2025-09-08  CAR[0,5] +12.34%  t=3.10  p=0.0064 (< 0.05)  ai_model_launch  nw1:alibaba:ai_model_launch:2025-09-05  "Qwen3-Max launched"',
    );
  });

  it('prints a day-0 AR alert with a negative value, a tiny p and no t or headline', () => {
    const { headline: _headline, ...rest } = alert;
    const line = renderAlert(
      { ...rest, statistic: 'ar_day0', window: { start: 0, end: 0 }, value: -0.0417, t: null, p: 0.00000003 },
      'text',
    );
    expect(line).toContain('AR[0] -4.17%');
    expect(line).toContain('t=n/a');
    expect(line).toContain('p=3.0e-8');
    expect(line).not.toContain('"');
  });

  it('prints the payload as one JSON line that round-trips', () => {
    const line = renderAlert(alert, 'json');
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(alert);
  });

  it('decodes the worker’s message value and rejects other events or bad JSON with a reason', () => {
    expect(decodeAlert(JSON.stringify({ type: 'EventWindowAlert', data: alert }))).toEqual({ ok: true, alert });
    const wrongType = decodeAlert(
      JSON.stringify({ type: 'PriceBarClosed', data: { symbol: 'BABA', sessionDate: '2025-09-08' } }),
    );
    expect(wrongType.ok).toBe(false);
    const badJson = decodeAlert('{');
    expect(badJson).toEqual({ ok: false, reason: expect.stringMatching(/JSON/) as unknown });
    const badField = decodeAlert(JSON.stringify({ type: 'EventWindowAlert', data: { ...alert, p: 2 } }));
    expect(badField.ok).toBe(false);
  });

  it('rejects a missing subcommand and an unknown format with usage (exit 2), before connecting', async () => {
    for (const argv of [[], ['tail', '--format', 'csv'], ['follow']]) {
      const err = textSink();
      const code = await runCli(
        ['alerts', ...argv],
        { stdout: textSink().stream, stderr: err.stream, env: {}, cwd: '/' },
        [alertsCommand],
      );
      expect(code).toBe(2);
      expect(err.text()).toMatch(/Usage: newswindow alerts tail/);
    }
  });
});
