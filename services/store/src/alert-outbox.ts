import type { EventWindowAlertData } from '@newswindow/schemas';
import type pg from 'pg';

/** One alert of the outbox and where its deliveries stand. */
export interface OutboxAlert {
  readonly alertId: string;
  readonly document: EventWindowAlertData;
  readonly raisedBy: string;
  readonly createdAt: string;
  /** When it was published to Kafka; null until then. */
  readonly publishedAt: string | null;
  /** `none` when no webhook was configured when it was raised. */
  readonly webhookStatus: 'pending' | 'delivered' | 'none';
  readonly webhookAttempts: number;
  /** The last failed attempt's error (secrets redacted by the caller). */
  readonly webhookError: string | null;
  readonly deliveredAt: string | null;
}

/** The alert outbox (`alert_outbox`): the store's record of every alert raised and of its deliveries. */
export interface AlertOutbox {
  /**
   * Records the alerts (a (study, window, rule) already recorded is kept as it is) and returns the stored row of each,
   * in the order given.
   */
  add(alerts: readonly EventWindowAlertData[], raisedBy: string, webhook: boolean): Promise<OutboxAlert[]>;
  markPublished(alertIds: readonly string[]): Promise<void>;
  markDelivered(alertId: string): Promise<void>;
  markFailed(alertId: string, error: string): Promise<void>;
  /** Alerts whose webhook delivery is still pending, oldest first. */
  pending(options?: { readonly limit?: number }): Promise<OutboxAlert[]>;
  get(alertIds: readonly string[]): Promise<OutboxAlert[]>;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const ROW = `alert_id AS "alertId", document, raised_by AS "raisedBy",
  to_char(created_at AT TIME ZONE 'UTC', ${ISO}) AS "createdAt",
  to_char(published_at AT TIME ZONE 'UTC', ${ISO}) AS "publishedAt",
  webhook_status AS "webhookStatus", webhook_attempts AS "webhookAttempts", webhook_error AS "webhookError",
  to_char(delivered_at AT TIME ZONE 'UTC', ${ISO}) AS "deliveredAt"`;

/** The outbox over a pool (single statements: each is atomic on its own). */
export function createAlertOutbox(pool: pg.Pool): AlertOutbox {
  const get = async (alertIds: readonly string[]): Promise<OutboxAlert[]> => {
    if (alertIds.length === 0) return [];
    const { rows } = await pool.query<OutboxAlert>(`SELECT ${ROW} FROM alert_outbox WHERE alert_id = ANY($1::text[])`, [
      alertIds,
    ]);
    const byId = new Map(rows.map((r) => [r.alertId, r]));
    return alertIds.flatMap((id) => {
      const r = byId.get(id);
      return r === undefined ? [] : [r];
    });
  };
  return {
    async add(alerts, raisedBy, webhook) {
      if (alerts.length === 0) return [];
      await pool.query(
        `INSERT INTO alert_outbox (alert_id, study_id, window_start, window_end, rule_id, document, raised_by, webhook_status)
         SELECT a->>'alertId', a->>'studyId', (a->'window'->>'start')::integer, (a->'window'->>'end')::integer,
                a->>'ruleId', a, $2, $3
           FROM jsonb_array_elements($1::jsonb) AS a
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(alerts), raisedBy, webhook ? 'pending' : 'none'],
      );
      return get(alerts.map((a) => a.alertId));
    },
    async markPublished(alertIds) {
      if (alertIds.length === 0) return;
      await pool.query(
        'UPDATE alert_outbox SET published_at = now() WHERE alert_id = ANY($1::text[]) AND published_at IS NULL',
        [alertIds],
      );
    },
    async markDelivered(alertId) {
      await pool.query(
        `UPDATE alert_outbox SET webhook_status = 'delivered', delivered_at = now(), webhook_attempts = webhook_attempts + 1
          WHERE alert_id = $1 AND webhook_status = 'pending'`,
        [alertId],
      );
    },
    async markFailed(alertId, error) {
      await pool.query(
        `UPDATE alert_outbox SET webhook_attempts = webhook_attempts + 1, webhook_error = $2
          WHERE alert_id = $1 AND webhook_status = 'pending'`,
        [alertId, error],
      );
    },
    async pending(options = {}) {
      const { rows } = await pool.query<OutboxAlert>(
        `SELECT ${ROW} FROM alert_outbox WHERE webhook_status = 'pending' ORDER BY created_at, alert_id LIMIT $1`,
        [options.limit ?? 1_000],
      );
      return rows;
    },
    get,
  };
}

/** What an alert says about its story and listing, from the news read models. */
export interface AlertContextRow {
  readonly headline: string | null;
  readonly sourceUrl: string | null;
  readonly novelty: number | null;
  readonly relevance: number | null;
  readonly issuerId: string | null;
}

/**
 * The context of an alert: the headline, URL and novelty of the first of `newsIds` the `news` table has, and the
 * relevance and issuer of the listing among the stories' `about` links (the highest relevance).
 */
export async function queryAlertContext(
  pool: pg.Pool,
  newsIds: readonly string[],
  listing: { readonly symbol: string; readonly exchange: string },
): Promise<AlertContextRow> {
  const { rows } = await pool.query<AlertContextRow>(
    `SELECT (SELECT n.headline FROM news n WHERE n.news_id = ANY($1::text[]) ORDER BY n.published_at NULLS LAST LIMIT 1) AS headline,
            (SELECT n.url FROM news n WHERE n.news_id = ANY($1::text[]) ORDER BY n.published_at NULLS LAST LIMIT 1) AS "sourceUrl",
            (SELECT n.novelty FROM news n WHERE n.news_id = ANY($1::text[]) ORDER BY n.published_at NULLS LAST LIMIT 1) AS novelty,
            (SELECT max(l.relevance) FROM news_listings l WHERE l.news_id = ANY($1::text[]) AND l.role = 'about'
                AND l.symbol = $2 AND l.exchange = $3) AS relevance,
            (SELECT l.issuer_id FROM news_listings l WHERE l.news_id = ANY($1::text[]) AND l.role = 'about'
                AND l.symbol = $2 AND l.exchange = $3 AND l.issuer_id IS NOT NULL LIMIT 1) AS "issuerId"`,
    [newsIds, listing.symbol, listing.exchange],
  );
  return rows[0] ?? { headline: null, sourceUrl: null, novelty: null, relevance: null, issuerId: null };
}
