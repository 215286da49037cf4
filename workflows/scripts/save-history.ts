// Saves a workflow's history from the dev server as JSON for the replay test:
//   node --conditions=newswindow-source --import tsx workflows/scripts/save-history.ts <workflowId> [runId] <out.json>
import { writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { temporalConnectionFromEnv } from '@newswindow/temporal';

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.pop();
  const [workflowId, runId] = args;
  if (workflowId === undefined || out === undefined)
    throw new Error('usage: save-history.ts <workflowId> [runId] <out.json>');
  const { namespace, connectionOptions } = temporalConnectionFromEnv(process.env);
  const connection = await Connection.connect(connectionOptions);
  try {
    const client = new Client({ connection, namespace });
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const json = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
      longs: String,
      bytes: String,
      enums: Number,
    });
    writeFileSync(out, `${JSON.stringify(json, null, 1)}\n`);
    process.stdout.write(`saved ${history.events?.length ?? 0} events of ${workflowId} to ${out}\n`);
  } finally {
    await connection.close();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
