import { Client, Connection } from '@temporalio/client';
import { stackConfigFromEnv } from '@newswindow/testkit';
import { readPanel } from '../bench/panel-data';
import { runScaleConfiguration, scaleProblems } from '../bench/scale-run';

// Issue 14 §6, the short version of `npm run bench:scale` inside `npm test`: 2 `newswindow consume` processes in one
// consumer group on a 4-partition news topic and 2 worker processes sharing one task queue and one trigger
// subscription, 200 stories produced at once (each its own event on a single-listed issuer: one study each). Every
// story stored once, 200 distinct studies each written once, every news id in exactly one study, 200 study workflows
// completed. Unique topic, database, task queue, trigger checkpoint and consumer group per run (the bench derives them
// from a unique deployment name); bounded waits (a run with no new study for 3 minutes fails); no timing assertion.

const NEWS = 200;

describe('scale-out: 2 consume + 2 worker processes, one group, a multi-partition topic (Kafka, Postgres, Temporal)', () => {
  const stack = stackConfigFromEnv(process.env);
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection, namespace: stack.temporalNamespace });
  });
  afterAll(async () => {
    await connection?.close();
  });

  it(`studies ${NEWS} stories exactly once each`, async () => {
    const figures = await runScaleConfiguration(stack, client, readPanel(), {
      processes: 2,
      news: NEWS,
      partitions: 4,
      stallMs: 180_000,
    });
    expect(scaleProblems(figures.check, NEWS)).toEqual([]);
    expect(figures.check).toMatchObject({
      newsStored: NEWS,
      newsDuplicated: 0,
      studyIds: NEWS,
      studyEvents: NEWS,
      newsInStudies: NEWS,
      newsInTwoStudies: 0,
      workflows: NEWS,
      workflowsCompleted: NEWS,
    });
  }, 900_000);
});
