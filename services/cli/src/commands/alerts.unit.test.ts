import type { EventWindowAlertData } from '@newswindow/schemas';
import { runCli } from '../cli-main';
import { alertsCommand, decodeAlert, renderAlert } from './alerts';
import { textSink } from './__tests__/text-sink';

const alert: EventWindowAlertData = {
  alertId: 'nw1:alibaba:ai_model_launch:2025-09-05|9988.HK@XHKG|mm#0_5#desk-default',
  ruleId: 'desk-default',
  studyId: 'nw1:alibaba:ai_model_launch:2025-09-05|9988.HK@XHKG|mm',
  eventKey: 'nw1:alibaba:ai_model_launch:2025-09-05',
  newsIds: ['alibaba-events-2025/A04'],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  issuer: { id: 'alibaba', name: 'Alibaba Group Holding' },
  benchmark: '^HSI',
  model: 'market_model',
  window: { start: 0, end: 5 },
  finalWindows: [
    { start: 0, end: 0 },
    { start: -1, end: 1 },
    { start: 0, end: 5 },
  ],
  day0: '2025-09-08',
  day0ClosesAt: '2025-09-08T08:00:00.000Z',
  statistic: 'car',
  rawReturn: 0.15,
  value: 0.1234,
  t: 3.1,
  p: 0.0064,
  test: 'student_t two-sided, 238 df',
  threshold: 0.05,
  tags: ['ai_model_launch'],
  relevance: 95,
  novelty: 100,
  headline: 'Qwen3-Max launched',
  sourceUrl: null,
  studyUrl: 'https://desk.example/studies/x',
  text: '9988.HK (XHKG) CAR[0,+5] +12.34% vs ^HSI, t 3.10, p 0.0064 (< 0.05), day 0 2025-09-08: Qwen3-Max launched',
  raisedAt: '2025-09-15T08:00:00.000Z',
};

describe('newswindow alerts tail: rendering', () => {
  it('prints an alert as one readable line: its text, rule, study page and id', () => {
    expect(renderAlert(alert, 'text')).toBe(
      `2025-09-15T08:00:00.000Z  ${alert.text}  rule desk-default  https://desk.example/studies/x  ${alert.alertId}`,
    );
  });

  it('prints the versioned document (the webhook body) as one JSON line that round-trips', () => {
    const line = renderAlert(alert, 'json');
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ type: 'EventWindowAlert', schemaVersion: 2, data: alert });
    expect(decodeAlert(line)).toEqual({ ok: true, alert });
  });

  it('decodes the worker’s message value and rejects other events or bad JSON with a reason', () => {
    expect(decodeAlert(JSON.stringify({ type: 'EventWindowAlert', schemaVersion: 2, data: alert }))).toEqual({
      ok: true,
      alert,
    });
    const wrongType = decodeAlert(
      JSON.stringify({ type: 'PriceBarClosed', data: { symbol: 'BABA', sessionDate: '2025-09-08' } }),
    );
    expect(wrongType.ok).toBe(false);
    const badJson = decodeAlert('{');
    expect(badJson).toEqual({ ok: false, reason: expect.stringMatching(/JSON/) as unknown });
    const badField = decodeAlert(
      JSON.stringify({ type: 'EventWindowAlert', schemaVersion: 2, data: { ...alert, p: 2 } }),
    );
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
      expect(err.text()).toMatch(/newswindow alerts redeliver/);
    }
  });
});
