import { proxyActivities } from '@temporalio/workflow';
import type { SmokeActivities } from './smoke-activities';

const { recordDelivery } = proxyActivities<SmokeActivities>({ startToCloseTimeout: '30 seconds' });

/** The smoke path's workflow: hands a consumed Kafka message to an activity that writes Postgres and Redis. */
export async function recordKafkaMessage(message: { key: string; value: string }): Promise<string> {
  return recordDelivery(message);
}
