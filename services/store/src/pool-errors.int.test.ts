import { createTestDb, type TestDb } from '../test/test-db';
import { createPool } from './config';

// Issue 14 / test:faults: a Postgres restart ended the worker process. The pool listens for errors only on idle
// clients; a client checked out between two queries (a transaction's client, a subscription round) that the server
// ends with 57P01 emitted an unhandled 'error'. pg_terminate_backend sends that same FATAL 57P01 to one connection.
describe('createPool on a server that ends connections (real Postgres)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('nw_pool_errors');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('survives the server ending a checked-out client, and the next query gets a fresh connection', async () => {
    const pool = createPool({ ...db.config, max: 2 });
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const ended = new Promise<void>((done) => client.once('end', () => done()));
      await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // Without a listener the client's 'error' event would be thrown out of the socket handler (an uncaught exception
      // that fails this test, and ends a worker process).
      await ended;
      client.release(true);
      const again = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(again.rows[0]?.one).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
