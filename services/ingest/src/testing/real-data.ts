import { resolve } from 'node:path';

/** `../shared/data/real/` next to the repository root. */
export const realDataDir = resolve(__dirname, '../../../../../shared/data/real');

export const realFile = (relative: string): string => resolve(realDataDir, relative);

/** Small hand-made fixtures of this package (bad rows etc.). */
export const fixtureFile = (name: string): string => resolve(__dirname, '../fixtures', name);

/** Drains an async iterable into an array (tests only). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
