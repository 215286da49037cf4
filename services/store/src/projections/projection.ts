import type { NewswindowEventType } from '@newswindow/schemas';
import type pg from 'pg';
import type { RecordedEvent } from '../event-store';

/**
 * A read model fed from the log. `apply` receives a batch of the event types it declares, in log order, inside the
 * batch's transaction, and must be deterministic (every column derived from events only), so a rebuild gives
 * identical tables.
 */
export interface Projection {
  readonly name: string;
  readonly eventTypes: readonly NewswindowEventType[];
  /** Tables the projection owns; a rebuild truncates them. */
  readonly tables: readonly string[];
  apply(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void>;
}
