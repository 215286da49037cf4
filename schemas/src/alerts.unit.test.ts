import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import type { EventWindowAlertData } from './alerts';
import { parseEventJson, toEnvelope } from './events';

const jsonSchema = JSON.parse(
  readFileSync(resolve(__dirname, '../json/event-window-alert.v2.schema.json'), 'utf8'),
) as object;
const ajv = new Ajv({ allErrors: true, format: 'full' });
const schemaAccepts = ajv.compile(jsonSchema);

const alert: EventWindowAlertData = {
  alertId: 'nw1:alibaba:ai_model_launch:2025-09-05|9988.HK@XHKG|mm#0_0#desk-default',
  ruleId: 'desk-default',
  studyId: 'nw1:alibaba:ai_model_launch:2025-09-05|9988.HK@XHKG|mm',
  eventKey: 'nw1:alibaba:ai_model_launch:2025-09-05',
  newsIds: ['alibaba-events-2025/A04'],
  listing: { symbol: '9988.HK', exchange: 'XHKG' },
  issuer: { id: 'alibaba', name: 'Alibaba Group Holding' },
  benchmark: '^HSI',
  model: 'market_model',
  window: { start: 0, end: 0 },
  finalWindows: [{ start: 0, end: 0 }],
  day0: '2025-09-08',
  day0ClosesAt: '2025-09-08T08:00:00.000Z',
  statistic: 'car',
  rawReturn: 0.0409,
  value: 0.0291,
  t: 1.87,
  p: 0.063,
  test: 'student_t',
  threshold: 0.1,
  tags: ['ai_model_launch'],
  relevance: 95,
  novelty: 100,
  headline: 'Alibaba unveils Qwen3-Max',
  sourceUrl: 'https://example.com/qwen3-max',
  studyUrl: 'https://desk.example/studies/x',
  text: '9988.HK CAR[0,0] +2.91% (t 1.87, p 0.063)',
  raisedAt: '2025-09-08T08:00:01.000Z',
};

describe('EventWindowAlert v2: the alert document', () => {
  it('is accepted by the JSON Schema and by the validator, field for field', () => {
    const envelope = toEnvelope({ type: 'EventWindowAlert', data: alert });
    expect(envelope.schemaVersion).toBe(2);
    expect(schemaAccepts(envelope)).toBe(true);
    const parsed = parseEventJson(JSON.stringify(envelope));
    expect(parsed).toEqual({ ok: true, value: { type: 'EventWindowAlert', data: alert } });
    const described = Object.keys(
      (jsonSchema as { properties: { data: { properties: object } } }).properties.data.properties,
    );
    expect(described.sort()).toEqual(Object.keys(alert).sort());
  });

  it.each([
    ['a missing field', { ...alert, studyUrl: undefined }],
    ['a p above 1', { ...alert, p: 1.2 }],
    ['an unknown statistic', { ...alert, statistic: 'bhar' }],
  ])('is refused by both with %s', (_what, data) => {
    const json = JSON.stringify({ type: 'EventWindowAlert', schemaVersion: 2, data });
    expect(schemaAccepts(JSON.parse(json))).toBe(false);
    expect(parseEventJson(json).ok).toBe(false);
  });

  it('upcasts a v1 alert (no rule, no context) into a valid v2 document', () => {
    const v1 = {
      type: 'EventWindowAlert',
      data: {
        alertId: 'k:9988.HK:window_0_5',
        studyId: 's',
        eventKey: 'k',
        newsIds: ['n'],
        listing: { symbol: '9988.HK', exchange: 'XHKG' },
        tags: ['ai_model_launch'],
        day0: '2025-09-08',
        window: { start: 0, end: 5 },
        statistic: 'car',
        value: 0.1047,
        t: 3.1,
        p: 0.006,
        threshold: 0.05,
        raisedAt: '2025-09-15T08:00:00.000Z',
      },
    };
    const r = parseEventJson(JSON.stringify(v1));
    if (!r.ok || r.value.type !== 'EventWindowAlert') throw new Error('v1 alert not parsed');
    expect(r.value.data).toMatchObject({ ruleId: 'v1', finalWindows: [{ start: 0, end: 5 }], headline: null });
    expect(r.value.data.text).toBe('9988.HK CAR[0,+5] 10.47% (p=0.006), day 0 2025-09-08');
    expect(schemaAccepts(toEnvelope(r.value))).toBe(true);
  });
});
