import { logLine, redactSecrets, redactUrl } from './redaction';

describe('redaction (issue 14)', () => {
  it('hides a webhook URL’s query values and user info but keeps host and path', () => {
    expect(redactUrl('https://hooks.example.com/alerts/T1?token=s3cr3t&channel=x')).toBe(
      'https://hooks.example.com/alerts/T1?token=***&channel=***',
    );
    expect(redactUrl('postgres://newswindow_worker:pw@db:5432/newswindow')).toBe('postgres://***@db:5432/newswindow');
    expect(redactSecrets('webhook https://h.example/a?token=abc answered 500')).toBe(
      'webhook https://h.example/a?token=*** answered 500',
    );
  });

  it('hides values after password=, token:, apiKey and Bearer, and leaves other text alone', () => {
    expect(redactSecrets('PGPASSWORD=hunter2 password=hunter2 {"token":"t0k"} apiKey: k Bearer abc.def')).toBe(
      'PGPASSWORD=*** password=*** {"token":"***"} apiKey: *** Bearer ***',
    );
    expect(redactSecrets('news 9988.HK published at 2025-09-08')).toBe('news 9988.HK published at 2025-09-08');
  });

  it('keeps a log line on one line whatever an id contains', () => {
    const line = logLine('news a\nFAKE 2026-01-01 worker: forged\r\u0000 stored');
    expect(line).toBe('news a\\nFAKE 2026-01-01 worker: forged\\r\\u0000 stored');
    expect(line.split('\n')).toHaveLength(1);
  });
});
