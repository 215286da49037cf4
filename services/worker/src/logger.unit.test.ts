import { PassThrough } from 'node:stream';
import { createWorkerLog } from './logger';

const capture = (level: Parameters<typeof createWorkerLog>[0]) => {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (c: Buffer) => {
    for (const l of c.toString('utf8').split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  return { log: createWorkerLog(level, stream), lines };
};
const flush = () => new Promise((ok) => setImmediate(ok));

describe('the worker log', () => {
  it('writes one JSON line per entry with its level, the message on one line and without secrets', async () => {
    const { log, lines } = capture('info');
    log.info('news a\nb: tagged');
    log.warn('webhook https://hooks.example/x?token=s3cret failed');
    log.logger.debug('not at info');
    await flush();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'news a\\nb: tagged'],
      [40, 'webhook https://hooks.example/x?token=*** failed'],
    ]);
  });

  it("logs a retried activity's failure as its name and message, without the stack or the task token", async () => {
    const { log, lines } = capture('info');
    const error = new Error('webhook http://127.0.0.1:1/alerts answered 503');
    log.temporal.warn('Activity failed', { activityType: 'raiseAlerts', attempt: 1, taskToken: 'CiQ…', error });
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'Activity failed',
      activityType: 'raiseAlerts',
      attempt: 1,
      error: { name: 'Error', message: 'webhook http://127.0.0.1:1/alerts answered 503' },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/taskToken|\bat .*\.ts:\d+/);
  });

  it('keeps the stack at debug', async () => {
    const { log, lines } = capture('debug');
    log.temporal.error('Workflow task failed', { error: new Error('boom') });
    await flush();
    expect((lines[0]?.error as { stack?: string }).stack).toMatch(/^Error: boom\n\s+at /);
  });
});
