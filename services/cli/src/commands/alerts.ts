import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { EventWindowAlertData } from '@newswindow/schemas';
import {
  DEFAULT_DEPLOYMENT,
  DeploymentNameError,
  deploymentNames,
  formatIssues,
  parseEventJson,
} from '@newswindow/schemas';
import { kafkaSettingsFromEnv } from '@newswindow/ingest';
import type { CliCommand } from './command';
import { UsageError } from './command';

const usage = `Usage: newswindow alerts tail [--from-beginning] [--format text|json] [--group ID] [--topic T]

Prints event-window alerts (significant CARs and day-0 ARs) as they are published, until SIGINT/SIGTERM.

Options:
  --from-beginning     also print the alerts already on the topic (default: only new ones)
  --format F           text (one readable line per alert, default) or json (one EventWindowAlert payload per line)
  --group ID           consumer group (default: a new group per run, so every tail sees every alert)
  --topic T            (default: the deployment's, <NEWSWINDOW_DEPLOYMENT>.alerts.event-window)

Environment: KAFKA_BROKERS, NEWSWINDOW_DEPLOYMENT (default ${DEFAULT_DEPLOYMENT}).
`;

const formats = ['text', 'json'] as const;
/** How `alerts tail` prints an alert. */
export type AlertFormat = (typeof formats)[number];

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;
const pValue = (p: number): string => (p < 0.0001 ? p.toExponential(1) : p.toFixed(4));

/** One alert as a line of `alerts tail` output (no trailing newline). */
export function renderAlert(alert: EventWindowAlertData, format: AlertFormat): string {
  if (format === 'json') return JSON.stringify(alert);
  const what = alert.statistic === 'ar_day0' ? 'AR[0]' : `CAR[${alert.window.start},${alert.window.end}]`;
  const t = alert.t === null ? 't=n/a' : `t=${alert.t.toFixed(2)}`;
  return [
    alert.raisedAt,
    `${alert.listing.symbol}@${alert.listing.exchange}`,
    `day0 ${alert.day0}`,
    `${what} ${pct(alert.value)}`,
    t,
    `p=${pValue(alert.p)} (< ${alert.threshold})`,
    alert.tags.join(','),
    alert.eventKey,
    ...(alert.headline === undefined ? [] : [JSON.stringify(alert.headline)]),
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
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
          'from-beginning': { type: 'boolean' },
          format: { type: 'string' },
          group: { type: 'string' },
          topic: { type: 'string' },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1 || positionals[0] !== 'tail')
      throw new UsageError(`expected the subcommand 'tail', got '${positionals.join(' ')}'`);
    const format = values.format ?? 'text';
    if (!(formats as readonly string[]).includes(format))
      throw new UsageError(`--format takes ${formats.join('|')}, got '${format}'`);
    let topic = values.topic;
    if (topic === undefined) {
      try {
        topic = deploymentNames(io.env.NEWSWINDOW_DEPLOYMENT ?? DEFAULT_DEPLOYMENT).alertsTopic;
      } catch (err) {
        if (err instanceof DeploymentNameError) throw new UsageError(`NEWSWINDOW_DEPLOYMENT: ${err.message}`);
        throw err;
      }
    }
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
