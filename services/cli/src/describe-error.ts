import { KAFKA_BROKERS_DEFAULT, REDIS_URL_DEFAULT, settingsReader } from '@newswindow/schemas';
import { PG_DEFAULTS, SqlState } from '@newswindow/store';
import { TEMPORAL_ADDRESS_DEFAULT, temporalConnectionFromEnv } from '@newswindow/temporal';

/**
 * Turns whatever a command threw into one line a person can act on: which system, at which address, and what to do.
 * Only errors nobody anticipated keep their stack, and only on request (`NEWSWINDOW_DEBUG=1`).
 */

type Env = Readonly<Record<string, string | undefined>>;

interface Endpoints {
  readonly postgres: string;
  readonly database: string;
  readonly user: string;
  readonly kafka: string;
  readonly redis: string;
  readonly temporal: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN']);
const START_HINT = 'is the stack up? (npm run stack:start; eval "$(infra/stack.sh env)")';

/** The addresses the command used: each system's variables over its owner's defaults, never throwing (a bad value has its own error). */
function endpointsFrom(env: Env): Endpoints {
  const { text } = settingsReader(env);
  const redis = text('REDIS_URL') ?? REDIS_URL_DEFAULT;
  let temporal = text('TEMPORAL_ADDRESS') ?? TEMPORAL_ADDRESS_DEFAULT;
  try {
    // A profile of Temporal's config file may name the address.
    temporal = temporalConnectionFromEnv(env).address;
  } catch {
    // Keep the variable's (or the default) address.
  }
  return {
    postgres: `${text('PGHOST') ?? PG_DEFAULTS.host}:${text('PGPORT') ?? PG_DEFAULTS.port}`,
    database: text('PGDATABASE') ?? PG_DEFAULTS.database,
    user: text('PGUSER') ?? PG_DEFAULTS.user,
    kafka: text('KAFKA_BROKERS') ?? KAFKA_BROKERS_DEFAULT,
    redis: redis.replace(/^rediss?:\/\/(?:[^@/]*@)?/, '').replace(/\/.*$/, ''),
    temporal,
  };
}

interface ErrorFacts {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
  readonly port: number | undefined;
}

function factsOf(err: unknown): ErrorFacts {
  const o = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  return {
    name: typeof o.name === 'string' ? o.name : '',
    message: err instanceof Error ? err.message : String(err),
    code: typeof o.code === 'string' ? o.code : typeof o.code === 'number' ? String(o.code) : undefined,
    port: typeof o.port === 'number' ? o.port : undefined,
  };
}

/** The error and its causes (`cause`, AggregateError's `errors`, kafkajs' `originalError`), outermost first. */
function chainOf(err: unknown, depth = 0): unknown[] {
  if (depth > 6 || typeof err !== 'object' || err === null) return [err];
  const o = err as Record<string, unknown>;
  const inner = [o.cause, o.originalError, ...(Array.isArray(o.errors) ? (o.errors as unknown[]) : [])];
  return [err, ...inner.filter((e) => e !== undefined).flatMap((e) => chainOf(e, depth + 1))];
}

const portOf = (address: string): number | undefined => {
  const n = Number(address.split(',')[0]?.split(':').pop());
  return Number.isInteger(n) ? n : undefined;
};

function unreachable(facts: readonly ErrorFacts[], ep: Endpoints): string | undefined {
  const net = facts.find((f) => f.code !== undefined && NETWORK_CODES.has(f.code));
  const kafka = facts.some((f) => f.name.startsWith('KafkaJS') && /connect|broker|coordinator/i.test(f.message));
  if (kafka) return `Kafka is not reachable at ${ep.kafka} (KAFKA_BROKERS): ${START_HINT}`;
  const temporal = facts.some(
    (f) => f.name === 'TransportError' || /Failed to connect before the deadline|tcp connect error/i.test(f.message),
  );
  if (temporal) return `Temporal is not reachable at ${ep.temporal} (TEMPORAL_ADDRESS): ${START_HINT}`;
  if (net === undefined) return undefined;
  const services: [string, string, string][] = [
    ['Postgres', ep.postgres, 'PGHOST/PGPORT'],
    ['Kafka', ep.kafka, 'KAFKA_BROKERS'],
    ['Redis', ep.redis, 'REDIS_URL'],
    ['Temporal', ep.temporal, 'TEMPORAL_ADDRESS'],
  ];
  const hit = services.find(([, address]) => net.port !== undefined && portOf(address) === net.port);
  if (hit === undefined) return `a service is not reachable (${net.code}: ${net.message}): ${START_HINT}`;
  const [service, address, variables] = hit;
  return `${service} is not reachable at ${address} (${variables}): ${START_HINT}`;
}

function postgres(facts: readonly ErrorFacts[], ep: Endpoints): string | undefined {
  for (const f of facts) {
    switch (f.code) {
      case SqlState.invalidCatalogName:
        return `database "${ep.database}" does not exist on ${ep.postgres}: create it (createdb ${ep.database}) and run \`newswindow db migrate\`, or set PGDATABASE`;
      case SqlState.undefinedTable:
      case SqlState.undefinedFunction:
        return `database "${ep.database}" on ${ep.postgres} has no newswindow schema (${f.message}): run \`newswindow db migrate\``;
      case SqlState.invalidPassword:
      case SqlState.invalidAuthorization: {
        // A component logs in as its own role (migration 023), not PGUSER: name that role and how to get it.
        const role = /role "(newswindow_(ingest|worker|analyst))" does not exist/.exec(f.message);
        if (role !== null)
          return `role "${role[1]}" does not exist on ${ep.postgres}: run \`newswindow db migrate\` (it creates the component roles) or set NEWSWINDOW_${role[2]!.toUpperCase()}_PGUSER`;
        // Operator commands log in as a component role too (read: analyst, maintenance: worker): name its variables.
        const named = /user "(newswindow_(ingest|worker|analyst))"/.exec(f.message);
        if (named !== null) {
          const prefix = `NEWSWINDOW_${named[2]!.toUpperCase()}_`;
          return `Postgres at ${ep.postgres} refused role "${named[1]}" (${f.message}): check ${prefix}PGUSER and ${prefix}PGPASSWORD`;
        }
        const who = /(?:role|user) "([^"]+)"/.exec(f.message)?.[1];
        if (who !== undefined && who !== ep.user)
          return `Postgres at ${ep.postgres} refused role "${who}" (${f.message}): check the NEWSWINDOW_<INGEST|WORKER|ANALYST>_PGUSER and _PGPASSWORD that name it (each command's --help says which role it logs in as)`;
        return `Postgres at ${ep.postgres} refused user "${ep.user}" (${f.message}): check PGUSER and PGPASSWORD`;
      }
      case SqlState.adminShutdown:
      case SqlState.cannotConnectNow:
        return `Postgres at ${ep.postgres} is shutting down or starting (${f.message}): retry in a moment`;
      default:
        break;
    }
  }
  return undefined;
}

/** One line (no trailing newline) describing `err` for the person who ran `newswindow <command>`. */
export function describeError(err: unknown, env: Env): string {
  const facts = chainOf(err).map(factsOf);
  const ep = endpointsFrom(env);
  const known = postgres(facts, ep) ?? unreachable(facts, ep);
  if (known !== undefined) return known;
  const first = facts[0]?.message.split('\n')[0]?.trim() ?? 'unknown error';
  return first === '' ? 'unknown error' : first;
}
