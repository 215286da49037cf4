import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { EventWindowAlertData } from '@newswindow/schemas';
import { DEFAULT_DEPLOYMENT, formatIssues, parseEventJson, toEnvelope } from '@newswindow/schemas';
import { kafkaSettingsFromEnv } from '@newswindow/ingest';
import { createAlertOutbox, createPool } from '@newswindow/store';
import { operatorPgConfig } from '../operator-roles';
import type { OutboxAlert } from '@newswindow/store';
import type { CliCommand } from './command';
import { deploymentFromEnv, parseCommandArgs, UsageError } from './command';

const usage = `Usage: newswindow alerts tail [--from-beginning] [--format text|json] [--group ID] [--topic T]
       newswindow alerts redeliver [--list] [--limit N]

tail: prints event-window alerts (significant CARs and day-0 ARs) as they are published, until SIGINT/SIGTERM.
redeliver: the alerts whose webhook delivery failed every attempt (the outbox), re-sent signed to ALERT_WEBHOOK_URL
  oldest first (each once: its (study, window, rule) id is the idempotency key); --list only lists them.

Options:
  --from-beginning     also print the alerts already on the topic (default: only new ones)
  --format F           text (one readable line per alert, default) or json (one EventWindowAlert payload per line)
  --group ID           consumer group (default: a new group per run, so every tail sees every alert)
  --topic T            (default: the deployment's, <NEWSWINDOW_DEPLOYMENT>.alerts.event-window)
  --list               (redeliver) list the pending deliveries, send nothing
  --limit N            (redeliver) at most N alerts (default 1000)

Environment: KAFKA_BROKERS, NEWSWINDOW_DEPLOYMENT (default ${DEFAULT_DEPLOYMENT}); redeliver: PGHOST, PGPORT, PGDATABASE,
NEWSWINDOW_WORKER_PGUSER, NEWSWINDOW_WORKER_PGPASSWORD (the worker's role, default newswindow_worker, owns the outbox;
PGUSER is not used), ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET.
`;

const formats = ['text', 'json'] as const;
/** How `alerts tail` prints an alert. */
export type AlertFormat = (typeof formats)[number];

/** One alert as a line of `alerts tail` output (no trailing newline); json is the versioned document. */
export function renderAlert(alert: EventWindowAlertData, format: AlertFormat): string {
  if (format === 'json') return JSON.stringify(toEnvelope({ type: 'EventWindowAlert', data: alert }));
  return [
    alert.raisedAt,
    alert.text,
    `rule ${alert.ruleId}`,
    ...(alert.studyUrl === null ? [] : [alert.studyUrl]),
    alert.alertId,
  ].join('  ');
}

/** The alert in a Kafka message value, or the reason it is not one. */
export function decodeAlert(value: string): { ok: true; alert: EventWindowAlertData } | { ok: false; reason: string } {
  const parsed = parseEventJson(value);
  if (!parsed.ok) return { ok: false, reason: formatIssues(parsed.errors) };
  if (parsed.value.type !== 'EventWindowAlert') return { ok: false, reason: `unexpected event ${parsed.value.type}` };
  return { ok: true, alert: parsed.value.data };
}

export const alertsCommand: CliCommand = {
  name: 'alerts',
  summary: 'print event-window alerts as they are published (alerts tail)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      'from-beginning': { type: 'boolean' },
      format: { type: 'string' },
      group: { type: 'string' },
      topic: { type: 'string' },
      list: { type: 'boolean' },
      limit: { type: 'string' },
    });
    if (positionals.length === 1 && positionals[0] === 'redeliver') {
      const limit = values.limit === undefined ? 1_000 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit takes a whole number ≥ 1`);
      return redeliver(io, { list: values.list ?? false, limit });
    }
    if (positionals.length !== 1 || positionals[0] !== 'tail')
      throw new UsageError(`expected the subcommand 'tail' or 'redeliver', got '${positionals.join(' ')}'`);
    const format = values.format ?? 'text';
    if (!(formats as readonly string[]).includes(format))
      throw new UsageError(`--format takes ${formats.join('|')}, got '${format}'`);
    const topic = values.topic ?? deploymentFromEnv(io.env).alertsTopic;
    const groupId = values.group ?? `newswindow-alerts-tail-${randomUUID()}`;

    const settings = kafkaSettingsFromEnv(io.env, 'newswindow-alerts-tail');
    const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.ERROR });
    const consumer = kafka.consumer({ groupId });
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: values['from-beginning'] ?? false });
      await consumer.run({
        eachMessage: ({ message, partition }) => {
          const decoded = decodeAlert(message.value?.toString('utf8') ?? '');
          if (decoded.ok) io.stdout.write(`${renderAlert(decoded.alert, format as AlertFormat)}\n`);
          else io.stderr.write(`skipped ${topic}[${partition}]@${message.offset}: ${decoded.reason}\n`);
          return Promise.resolve();
        },
      });
      io.stderr.write(`tailing ${topic} as group ${groupId} (Ctrl-C to stop)\n`);
      const signal = await stopped;
      io.stderr.write(`${signal}: stopping\n`);
      return 0;
    } finally {
      await consumer.disconnect();
    }
  },
};

/** One pending delivery as a line of `alerts redeliver --list`. */
export function renderPending(r: OutboxAlert): string {
  return [r.createdAt, r.alertId, `attempts ${r.webhookAttempts}`, r.webhookError ?? '-', r.document.text].join('  ');
}

async function redeliver(
  io: Parameters<CliCommand['run']>[1],
  options: { readonly list: boolean; readonly limit: number },
): Promise<number> {
  const url = io.env.ALERT_WEBHOOK_URL ?? '';
  const secret = io.env.ALERT_WEBHOOK_SECRET ?? '';
  if (!options.list && (url === '' || secret === ''))
    throw new UsageError('redeliver needs ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET (or --list)');
  // The worker's role: the outbox is its table (the analyst role cannot read it).
  const pool = createPool(operatorPgConfig(io.env, 'maintain'));
  try {
    const outbox = createAlertOutbox(pool);
    const pending = await outbox.pending({ limit: options.limit });
    if (options.list) {
      for (const r of pending) io.stdout.write(`${renderPending(r)}\n`);
      io.stderr.write(`${pending.length} alert(s) with a pending webhook delivery\n`);
      return 0;
    }
    // Loaded here only: the worker package brings the Temporal runtime, which no other alerts path needs.
    const { createHttpAlertWebhook, redactUrl } = await import('@newswindow/worker');
    const webhook = createHttpAlertWebhook({ url, secret });
    let sent = 0;
    let failed = 0;
    for (const r of pending) {
      try {
        await webhook.post(r.document);
        await outbox.markDelivered(r.alertId);
        sent += 1;
        io.stdout.write(`delivered ${r.alertId}\n`);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        await outbox.markFailed(r.alertId, reason);
        failed += 1;
        io.stderr.write(`failed ${r.alertId}: ${reason}\n`);
      }
    }
    io.stderr.write(`redelivered ${sent} of ${pending.length} to ${redactUrl(url)}; ${failed} still pending\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    await pool.end();
  }
}
