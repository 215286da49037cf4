import { proxyActivities } from '@temporalio/workflow';
import type { BarCorrection, CorrectionRecompute, StudyActivities } from './activity-types';

const recomputing = proxyActivities<Pick<StudyActivities, 'recomputeCorrectedStudies'>>({
  startToCloseTimeout: '5 minutes',
  // Transient failures only (Postgres, Redis): the studies and bars it reads are durable before the trigger starts it.
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Recomputes the studies a bar correction made stale. The trigger subscription starts one per `PriceBarCorrected`
 * (workflow id {@link correctionRecomputeWorkflowId}: a correction delivered twice starts it once).
 */
export async function recomputeCorrectedStudies(input: BarCorrection): Promise<CorrectionRecompute> {
  return recomputing.recomputeCorrectedStudies(input);
}
