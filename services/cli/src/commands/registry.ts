import type { CliEntry } from './command';

// Each command lives in its own file; add it here to expose it. Modules load only when their command runs, so the
// summaries are repeated here (registry.unit.test.ts checks they match the commands').
export const commands: readonly CliEntry[] = [
  {
    name: 'tag',
    summary: 'tag news items (JSONL) with event types and the listings they are about',
    load: async () => (await import('./tag.js')).tagCommand,
  },
  {
    name: 'ingest',
    summary: 'load news, bars or ticks from a file into Kafka (with --replay pacing)',
    load: async () => (await import('./ingest.js')).ingestCommand,
  },
  {
    name: 'consume',
    summary: 'run the ingest consumers (Kafka → validate/DLQ → event store) until SIGTERM',
    load: async () => (await import('./consume.js')).consumeCommand,
  },
  {
    name: 'study',
    summary: 'event study (ARs, CARs, estudy2 tests) from prices and events CSVs',
    load: async () => (await import('./study.js')).studyCommand,
  },
  {
    name: 'backfill',
    summary: 'studies over stored news in bulk (Temporal backfill workflow): start, status, pause, resume, cancel',
    load: async () => (await import('./backfill.js')).backfillCommand,
  },
  {
    name: 'alerts',
    summary: 'print event-window alerts as they are published (alerts tail)',
    load: async () => (await import('./alerts.js')).alertsCommand,
  },
  {
    name: 'calendar',
    summary: 'exchange trading calendars (calendar exchanges | calendar sessions)',
    load: async () => (await import('./calendar.js')).calendarCommand,
  },
  {
    name: 'serve',
    summary: "the analysts' HTTP API and web app (http://127.0.0.1:8080)",
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'db',
    summary: 'apply migrations; run or rebuild the projections (read models)',
    load: async () => (await import('./db.js')).dbCommand,
  },
  {
    name: 'status',
    summary: 'check Postgres, Kafka, Redis, Temporal and the worker (exit 0 when all are up)',
    load: async () => (await import('./status.js')).statusCommand,
  },
];
