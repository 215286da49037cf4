import { createEventStore, createPool, migrate, pgConfigFromEnv } from '@newswindow/store';
import pg from 'pg';

async function main(): Promise<void> {
  const base = pgConfigFromEnv(process.env);
  const name = `nw_bench_${Date.now()}`;
  const admin = new pg.Client({ ...base, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const pool = createPool({ ...base, database: name });
  try {
    await migrate(pool);
    const store = createEventStore(pool);
    const n = Number(process.argv[2] ?? 100_000);
    const events = Array.from({ length: n }, (_, i) => ({
      type: 'PriceBarClosed' as const,
      streamId: `bars-XNYS:S${i % 50}`,
      idempotencyKey: `bar:${i}`,
      data: {
        symbol: `S${i % 50}`,
        exchange: 'XNYS',
        sessionDate: '2020-01-01',
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
        volume: 100,
        adjusted: false,
        currency: 'USD',
      },
    }));
    for (let round = 0; round < 2; round += 1) {
      const t0 = performance.now();
      const r = await store.appendIdempotent(
        round === 0 ? events : events.map((e) => ({ ...e, idempotencyKey: `${e.idempotencyKey}:r` })),
      );
      const s = (performance.now() - t0) / 1000;
      process.stdout.write(
        `round ${round}: ${r.appended} rows in ${s.toFixed(2)} s = ${Math.round(r.appended / s)} rows/s\n`,
      );
    }
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
void main();
