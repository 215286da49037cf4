import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FactorFileError, parseFrenchFactorsCsv } from '@newswindow/engine';
import type { FactorDayRecordedData } from '@newswindow/schemas';
import { operatorPgConfig } from '../operator-roles';
import type { CliIo } from './command';
import { UsageError } from './command';

/**
 * The days of one Kenneth French daily file as `FactorDayRecorded` payloads: the dataset is the file name without its
 * extension; a missing value (-99.99 / -999 in the file) is left out of its day, a day with no value at all is skipped.
 */
export function factorDaysOf(text: string, file: string): FactorDayRecordedData[] {
  const table = parseFrenchFactorsCsv(text, file);
  const dataset = path.basename(file).replace(/\.[A-Za-z]+$/, '');
  const columns = [...table.columns];
  const days: FactorDayRecordedData[] = [];
  table.dates.forEach((date, t) => {
    const factors = columns
      .map(([name, values]) => ({ name, value: values[t]! }))
      .filter((f) => Number.isFinite(f.value));
    if (factors.length > 0) days.push({ dataset, date, factors });
  });
  return days;
}

/**
 * `newswindow ingest factors --file F …`: Kenneth French daily factor files are reference data, not a live feed, so
 * they are appended to the event store directly (idempotent: a re-run stores nothing, a revised file its changed
 * days) and projected into `factor_days`, where the worker's factor-model studies read them.
 */
export async function runIngestFactors(files: readonly string[], io: CliIo): Promise<number> {
  if (files.length === 0) throw new UsageError('--file is required');
  const days: FactorDayRecordedData[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(path.resolve(io.cwd, file), 'utf8');
    } catch (err) {
      io.stderr.write(
        `newswindow ingest: ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? ''})\n`,
      );
      return 1;
    }
    try {
      days.push(...factorDaysOf(text, file));
    } catch (err) {
      if (!(err instanceof FactorFileError)) throw err;
      io.stderr.write(`newswindow ingest: ${err.message}\n`);
      return 1;
    }
  }
  const { createPool, writeFactorDays } = await import('@newswindow/store');
  // Appends events and writes factor_days (a read model): the worker's role.
  const pool = createPool(operatorPgConfig(io.env, 'maintain'));
  try {
    const r = await writeFactorDays(pool, days);
    const datasets = [...new Set(days.map((d) => d.dataset))];
    io.stdout.write(
      `factors: ${days.length} day(s) of ${datasets.join(', ')} read; ${r.appended} stored, ${r.duplicates} already stored\n`,
    );
    return 0;
  } finally {
    await pool.end();
  }
}
