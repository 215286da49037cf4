import { componentPgConfigFromEnv, pgConfigFromEnv, type PgConfig } from '@newswindow/store';

/**
 * What an operator's command does to the database, which decides the role it logs in as: the least one that suffices.
 * - `read`: reads the read models and views (`study show|aggregate|regress --stored`, `status`, `db projections
 *   failures`): the analysts' read-only role (`NEWSWINDOW_ANALYST_PGUSER`, default `newswindow_analyst`; its sessions
 *   are read-only).
 * - `maintain`: writes read models or the alert outbox, or appends events (`db projections run|rebuild|skip|replay`,
 *   `alerts redeliver`, `ingest factors`): the worker's role (`NEWSWINDOW_WORKER_PGUSER`, default `newswindow_worker`;
 *   it can never change or delete a stored event).
 * - `owner`: `db migrate` only (creates tables and roles): `PGUSER`/`PGPASSWORD`.
 */
export type OperatorAccess = 'read' | 'maintain' | 'owner';

/** Pure: the connection of an operator command with `access` (see {@link OperatorAccess}). */
export function operatorPgConfig(env: Readonly<Record<string, string | undefined>>, access: OperatorAccess): PgConfig {
  if (access === 'owner') return pgConfigFromEnv(env);
  return {
    ...componentPgConfigFromEnv(env, access === 'read' ? 'analyst' : 'worker'),
    applicationName: `newswindow-cli-${access}`,
  };
}
