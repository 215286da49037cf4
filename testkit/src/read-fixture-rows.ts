/** One parsed row of a fixture loader: the value, or why the row was rejected. */
export type FixtureRow<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Reads every row of a fixture loader (`loadBarFile`, `loadNewsFile`…), failing on the first rejected row. */
export async function readFixtureRows<T>(source: AsyncIterable<FixtureRow<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of source) {
    if (!row.ok) throw new Error(`fixture row rejected: ${row.reason}`);
    out.push(row.value);
  }
  return out;
}
