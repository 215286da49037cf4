import type { Pool } from 'pg';
import { noCatchUp, queryAlertContext, type ProjectionCatchUp } from '@newswindow/store';
import type { AlertContextReader } from './ports';

/** The alert context from the store's news read models (after catching `news` up), with the issuer's name. */
export function createAlertContextReader(
  pool: Pool,
  catchUp: ProjectionCatchUp = noCatchUp,
  issuerName: (issuerId: string) => string | undefined = () => undefined,
): AlertContextReader {
  return {
    async contextOf(newsIds, listing) {
      await catchUp(['news']);
      const row = await queryAlertContext(pool, newsIds, listing);
      const name = row.issuerId === null ? null : (issuerName(row.issuerId) ?? null);
      return {
        headline: row.headline,
        sourceUrl: row.sourceUrl,
        novelty: row.novelty,
        relevance: row.relevance,
        issuer: row.issuerId === null ? null : { id: row.issuerId, name },
      };
    },
  };
}
