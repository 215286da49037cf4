import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { RegressionResult, Regressor } from '@newswindow/engine';
import { regress, RegressionError, windowCode } from '@newswindow/engine';
import { operatorPgConfig } from '../operator-roles';
import type { CliIo } from './command';
import { calendarDateOption, UsageError, parseCommandArgs } from './command';
import { InputFileError, readCsvRecords, requireColumns, toHeader } from './study/csv';

/** Help of `newswindow study regress`. */
export const studyRegressHelp = `Usage: newswindow study regress --summary DIR/event_summary.csv --y car_m1_p1 --x COL[,COL…]
       [--events E.csv] [--cluster symbol] [--model sim] [--format table|csv]
       newswindow study regress --stored --y car_m1_p1 --x COL[,COL…] [--tag TAG] [--from D] [--to D]
       [--listing SYMBOL] [--cluster issuer] [--model market_model] [--format table|csv]

Cross-sectional OLS of a per-event figure (a CAR, BHAR, … column of event_summary.csv from 'newswindow study',
or of the stored studies) on event characteristics, with classical, HC3 and clustered standard errors
(@newswindow/engine regress).

--stored: the computed studies in Postgres (PGHOST, PGPORT, PGDATABASE; read as the read-only analyst role
NEWSWINDOW_ANALYST_PGUSER, default newswindow_analyst), one observation per study. Columns:
  car_<w>, bhar_<w>  per event window, named as in event_summary.csv (car_m1_p1 = [-1,+1], car_d0 = [0,0])
  relevance          the listing's highest relevance among the study's stories (tagger, 0–100)
  novelty            the highest novelty among the study's stories (tagger, 0–100)
  tags               the study's tags (use tag:NAME for a dummy)
  listing            EXCHANGE:SYMBOL (as a category: one dummy per listing but the first)
  issuer             the listing's issuer (security master, else the tagger's link; else the listing)
  symbol, exchange, model, market (benchmark), day0
  --tag, --from/--to (day 0, inclusive), --listing and --model select the studies; --cluster defaults to issuer.
  Studies of several models need --model.

  --summary FILE   event_summary.csv written by 'newswindow study --out DIR' (fitted rows are used)
  --y COL          dependent column, e.g. car_m1_p1, car_p0_p5, bhar_d0
  --x COLS         comma list of characteristics, from the summary or the --events file (joined on event_id):
                   a numeric column is used as is; any other column becomes 0/1 dummies, one per value except
                   the first in sorted order (the base); tag:NAME is 1 when the 'tags' column (values separated
                   by ';' or '|') contains NAME
  --events FILE    the study's events file with user columns (relevance, novelty, tags, listing, …)
  --cluster COL    cluster-robust SEs by this column (default symbol = issuer; 'none' to skip)
  --model CODE     which model's rows (sim, mean_adj, mrkt_adj, ff3, carhart, ff5; default: the first in the file)
  --format F       table (default) | csv
`;

type Row = Record<string, string>;

/** The stored computed studies as rows of named cells (the columns listed in the help). */
async function storedRows(
  values: { tag?: string; from?: string; to?: string; listing?: string; model?: string },
  io: CliIo,
): Promise<Row[]> {
  const { createPool, queryStudyRegressionRows } = await import('@newswindow/store');
  const pool = createPool(operatorPgConfig(io.env, 'read'));
  try {
    const studies = await queryStudyRegressionRows(pool, {
      ...(values.tag === undefined ? {} : { tag: values.tag }),
      ...(values.from === undefined ? {} : { from: calendarDateOption(values.from, '--from') }),
      ...(values.to === undefined ? {} : { to: calendarDateOption(values.to, '--to') }),
      ...(values.listing === undefined ? {} : { symbol: values.listing }),
      ...(values.model === undefined ? {} : { model: values.model }),
    });
    const models = [...new Set(studies.map((s) => s.model))].sort();
    if (models.length > 1) {
      throw new UsageError(`the selected studies have several models (${models.join(', ')}): choose one with --model`);
    }
    return studies.map((s) => {
      const listing = `${s.exchange}:${s.symbol}`;
      const row: Row = {
        event_id: s.studyId,
        symbol: s.symbol,
        exchange: s.exchange,
        listing,
        issuer: s.issuerId ?? listing,
        tags: s.tags.join(';'),
        relevance: s.relevance === null ? '' : String(s.relevance),
        novelty: s.novelty === null ? '' : String(s.novelty),
        model: s.model,
        market: s.marketIndex ?? '',
        day0: s.day0 ?? '',
      };
      for (const w of s.windows) {
        const code = windowCode({ start: w.start, end: w.end });
        row[`car_${code}`] = w.car === null ? '' : String(w.car);
        row[`bhar_${code}`] = w.bhar === null ? '' : String(w.bhar);
      }
      return row;
    });
  } finally {
    await pool.end();
  }
}

async function readTable(file: string, cwd: string): Promise<Row[]> {
  const input = createReadStream(path.resolve(cwd, file));
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err: NodeJS.ErrnoException) =>
      reject(new InputFileError(file, 0, `cannot read the file (${err.code ?? err.message})`)),
    );
  });
  let header: readonly string[] | undefined;
  const rows: Row[] = [];
  for await (const rec of readCsvRecords(file, input)) {
    if (header === undefined) {
      header = toHeader(file, rec);
      requireColumns(file, header, ['event_id']);
      continue;
    }
    rows.push(Object.fromEntries(header.map((h, i) => [h, rec.cells[i] ?? ''])));
  }
  if (header === undefined) throw new InputFileError(file, 1, 'empty file (a header row is needed)');
  return rows;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Builds the regressors of one `--x` entry from the joined rows. */
function regressorsOf(spec: string, rows: readonly Row[]): Regressor[] {
  if (spec.startsWith('tag:')) {
    const tag = spec.slice(4);
    return [
      {
        name: spec,
        values: rows.map((r) =>
          (r.tags ?? '')
            .split(/[;|]/)
            .map((t) => t.trim())
            .includes(tag)
            ? 1
            : 0,
        ),
      },
    ];
  }
  const col = spec.toLowerCase();
  if (!rows.some((r) => col in r)) throw new UsageError(`--x '${spec}': no such column in the summary or events file`);
  const cells = rows.map((r) => (r[col] ?? '').trim());
  if (cells.every((c) => c === '' || c === 'NA' || DECIMAL.test(c))) {
    return [{ name: col, values: cells.map((c) => (DECIMAL.test(c) ? Number(c) : Number.NaN)) }];
  }
  const levels = [...new Set(cells.filter((c) => c !== ''))].sort();
  return levels.slice(1).map((level) => ({
    name: `${col}=${level}`,
    values: cells.map((c) => (c === '' ? Number.NaN : c === level ? 1 : 0)),
  }));
}

function fmt(x: number): string {
  return Number.isFinite(x) ? String(x) : 'NA';
}

function render(fit: RegressionResult, y: string, format: 'table' | 'csv'): string {
  const header = [
    'term',
    'estimate',
    'se_ols',
    't_ols',
    'p_ols',
    'se_hc3',
    't_hc3',
    'p_hc3',
    'se_cluster',
    't_cluster',
    'p_cluster',
  ];
  const rows = fit.coefficients.map((c) => [
    c.name,
    ...[c.estimate, c.ols.se, c.ols.t, c.ols.p, c.hc3.se, c.hc3.t, c.hc3.p, c.cluster.se, c.cluster.t, c.cluster.p].map(
      fmt,
    ),
  ]);
  if (format === 'csv') return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
  const short = rows.map((r) => r.map((c, j) => (j === 0 || c === 'NA' ? c : Number(c).toPrecision(4))));
  const widths = header.map((h, j) => Math.max(h.length, ...short.map((r) => r[j]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, j) => c.padEnd(widths[j]!))
      .join('  ')
      .trimEnd();
  return (
    `OLS of ${y}: n = ${fit.n}, k = ${fit.k}, R² = ${fit.r2.toFixed(4)} (adjusted ${fit.adjustedR2.toFixed(4)}), ` +
    `${fit.clusters} clusters\n` +
    [header, ...short].map(line).join('\n') +
    '\n'
  );
}

/** Runs `newswindow study regress …`. */
export async function runStudyRegress(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      summary: { type: 'string' },
      stored: { type: 'boolean', default: false },
      tag: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      listing: { type: 'string' },
      events: { type: 'string' },
      y: { type: 'string' },
      x: { type: 'string' },
      cluster: { type: 'string' },
      model: { type: 'string' },
      format: { type: 'string', default: 'table' },
    },
    { positionals: false },
  );
  if (values.stored === (values.summary !== undefined)) throw new UsageError('give --summary FILE or --stored');
  if (values.y === undefined) throw new UsageError('--y is required');
  if (values.x === undefined) throw new UsageError('--x is required');
  const format = values.format;
  if (format !== 'table' && format !== 'csv') throw new UsageError(`--format '${format}' must be table or csv`);
  const source = values.summary ?? 'the stored studies';
  if (!values.stored) {
    for (const flag of ['tag', 'from', 'to', 'listing'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} selects stored studies: use it with --stored`);
    }
  } else if (values.events !== undefined) throw new UsageError('--events joins a summary file: not with --stored');
  const clusterCol = values.cluster ?? (values.stored ? 'issuer' : 'symbol');
  try {
    let rows: Row[];
    if (values.stored) {
      rows = await storedRows(values, io);
      if (rows.length === 0) throw new UsageError('no computed studies match');
    } else {
      const summary = await readTable(source, io.cwd);
      const model = values.model ?? summary[0]?.model;
      rows = summary.filter((r) => r.model === model && r.status === 'fitted');
      if (rows.length === 0) throw new UsageError(`no fitted rows for model '${model ?? ''}' in ${source}`);
      if (values.events !== undefined) {
        const extra = new Map((await readTable(values.events, io.cwd)).map((r) => [r.event_id, r]));
        rows = rows.map((r) => ({ ...extra.get(r.event_id), ...r }));
      }
    }
    const yCol = values.y.toLowerCase();
    if (!rows.some((r) => yCol in r)) throw new UsageError(`--y '${values.y}': no such column in ${source}`);
    const y = rows.map((r) => (DECIMAL.test(r[yCol] ?? '') ? Number(r[yCol]) : Number.NaN));
    const regressors = values.x.split(',').flatMap((s) => regressorsOf(s.trim(), rows));
    const cluster = clusterCol === 'none' ? undefined : rows.map((r) => r[clusterCol.toLowerCase()] ?? '');
    const fit = regress(y, regressors, cluster);
    io.stdout.write(render(fit, values.y, format));
    return 0;
  } catch (err) {
    if (err instanceof InputFileError || err instanceof RegressionError) {
      io.stderr.write(`newswindow study regress: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
