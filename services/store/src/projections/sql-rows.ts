import type pg from 'pg';

/** A row to write: column name → JSON-serializable value (arrays become Postgres arrays). */
export type Row = object;

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return name;
};

/**
 * Inserts `rows` into `table` in one statement (`jsonb_populate_recordset`), updating the non-key columns on a key
 * conflict when `conflictKey` is given (and `onlyIf`, a trusted SQL condition over the table and `EXCLUDED`, holds).
 * Rows must be unique by key (callers keep the last one).
 */
export async function writeRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  conflictKey?: readonly string[],
  options: { onlyIf?: string } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const cols = columns.map(ident).join(', ');
  let sql = `INSERT INTO ${ident(table)} (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb)`;
  if (conflictKey !== undefined) {
    const updates = columns.filter((c) => !conflictKey.includes(c));
    sql += ` ON CONFLICT (${conflictKey.map(ident).join(', ')}) `;
    sql +=
      updates.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${updates.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')}` +
          (options.onlyIf === undefined ? '' : ` WHERE ${options.onlyIf}`);
  }
  await client.query(sql, [JSON.stringify(rows)]);
}

/** Keeps the last row per key, in first-seen key order. */
export function lastByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    map.delete(k);
    map.set(k, item);
  }
  return [...map.values()];
}
