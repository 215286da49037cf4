import type { EventBatch } from './event-fit';
import { sortWithTags } from './rank';

/**
 * Each fitted event's estimation days ordered by AR, ascending (missing days left out): what the rank tests of the
 * cross-section (Corrado, Campbell–Wasley, the generalised sign) and GRANK both sort. GRANK ranks SAR = AR/σᵢ, and
 * dividing by σᵢ > 0 keeps the order (correctly rounded division is monotone), so one sort serves both.
 */
export interface EstimationOrder {
  /** Estimation days (0 = the first) of event i at `order[i·nEst … i·nEst + count[i])`, by ascending AR. */
  readonly order: Int32Array;
  /** Non-missing estimation ARs of event i (0 for events that were not fitted). */
  readonly count: Int32Array;
  readonly nEst: number;
}

const cache = new WeakMap<EventBatch, EstimationOrder>();

/** The {@link EstimationOrder} of a batch, computed once and kept as long as the batch. */
export function estimationOrder(batch: EventBatch): EstimationOrder {
  const known = cache.get(batch);
  if (known !== undefined) return known;
  const { days, firstDay, ar } = batch;
  const estLo = batch.design.estimation.start - firstDay;
  const nEst = batch.design.estimation.end - batch.design.estimation.start + 1;
  const order = new Int32Array(batch.count * nEst);
  const count = new Int32Array(batch.count);
  const keys = new Float64Array(nEst);
  const tags = new Int32Array(nEst);
  for (let i = 0; i < batch.count; i++) {
    if (batch.ok[i] !== 1) continue;
    const base = i * days + estLo;
    let m = 0;
    for (let f = 0; f < nEst; f++) {
      const v = ar[base + f]!;
      if (Number.isNaN(v)) continue;
      keys[m] = v;
      tags[m] = f;
      m++;
    }
    sortWithTags(keys, tags, m);
    order.set(tags.subarray(0, m), i * nEst);
    count[i] = m;
  }
  const result = { order, count, nEst };
  cache.set(batch, result);
  return result;
}
