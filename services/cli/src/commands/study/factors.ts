import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FactorTable } from '@newswindow/engine';
import { FactorFileError, mergeFactorTables, parseFrenchFactorsCsv } from '@newswindow/engine';
import { UsageError } from '../command';

/** Reads the `--factors` files (Kenneth French daily CSVs) and merges them by date; errors name the file and line. */
export async function loadFactorFiles(files: readonly string[], cwd: string): Promise<FactorTable> {
  if (files.length === 0) throw new UsageError('factor models need --factors FILE (a French daily CSV; repeatable)');
  try {
    const tables = await Promise.all(
      files.map(async (f) => parseFrenchFactorsCsv(await readFile(path.resolve(cwd, f), 'utf8'), f)),
    );
    return mergeFactorTables(tables);
  } catch (err) {
    if (err instanceof FactorFileError) throw new UsageError(err.message);
    throw err;
  }
}
