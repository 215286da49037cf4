import type { StudyRecord } from '@newswindow/store';
import { FACTOR_BETA_COLUMNS, FACTOR_BETA_FIELDS } from '@newswindow/store';
import type { DataRow, TextColumn, TextRow } from './format';
import {
  alignParts,
  columnsOf,
  num,
  pct,
  pv,
  pvShort,
  STARS_LEGEND,
  stars,
  textTable,
  val,
  windowLabel,
} from './format';

type Window = StudyRecord['windows'][number];

/** Studies by day 0 (studies without one last), then listing, then event key. */
export function sortStudies(studies: readonly StudyRecord[]): StudyRecord[] {
  return [...studies].sort(
    (a, b) =>
      (a.day0 === null ? 1 : 0) - (b.day0 === null ? 1 : 0) ||
      (a.day0 ?? '').localeCompare(b.day0 ?? '') ||
      a.listing.symbol.localeCompare(b.listing.symbol) ||
      a.eventKey.localeCompare(b.eventKey),
  );
}

/** Every event window present in the studies, by start then end. */
function windowsOf(studies: readonly StudyRecord[]): { start: number; end: number }[] {
  const seen = new Map<string, { start: number; end: number }>();
  for (const s of studies) for (const w of s.windows) seen.set(`${w.start}:${w.end}`, { start: w.start, end: w.end });
  return [...seen.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

const findWindow = (s: StudyRecord, w: { start: number; end: number }): Window | undefined =>
  s.windows.find((x) => x.start === w.start && x.end === w.end);

/** Day-0 raw return as a simple return (studies store log returns by default). */
function rawDay0(s: StudyRecord): number | null {
  const r = s.days.find((d) => d.relativeDay === 0)?.return;
  if (r === null || r === undefined) return null;
  return s.parameters.returnType === 'log' ? Math.exp(r) - 1 : r;
}

/** The corrected bars a study used, `^HSI@2025-09-05 r2` (space-separated); null when none or unrecorded. */
function correctedBarsText(s: StudyRecord): string | null {
  const used = s.bars?.corrected ?? [];
  return used.length === 0 ? null : used.map((b) => `${b.symbol}@${b.sessionDate} r${b.revision}`).join(' ');
}

/** The bars corrected since the study read them, `^HSI@2025-09-05 r1→r2`; null when it is current. */
function staleBarsText(s: StudyRecord): string | null {
  return s.staleBars.length === 0
    ? null
    : s.staleBars.map((b) => `${b.symbol}@${b.sessionDate} r${b.usedRevision}→r${b.currentRevision}`).join(' ');
}

/** One line per study computed on a bar corrected since: the worker recomputes it (the correction started that). */
function staleNotes(studies: readonly StudyRecord[]): string {
  return sortStudies(studies)
    .filter((s) => s.staleBars.length > 0)
    .map(
      (s) =>
        `stale: ${s.listing.symbol} ${s.day0 ?? '-'} read ${staleBarsText(s) ?? ''}` +
        `${s.staleBars.some((b) => b.reason !== null) ? ` (${[...new Set(s.staleBars.map((b) => b.reason))].join('; ')})` : ''}` +
        `; recompute pending\n`,
    )
    .join('');
}

type Kind = 'text' | 'int' | 'pct' | 't' | 'p' | 'coef';
/** Columns of one kind. */
const of = (kind: Kind, ...keys: readonly string[]): { key: string; kind: Kind }[] =>
  keys.map((key) => ({ key, kind }));

/** Whether a study's model is other than the market model (the narrow table then names each study's model). */
const notMarketModel = (s: StudyRecord): boolean => s.parameters.model !== 'market_model';

/** The columns of `study show --format csv|json` (and `--wide`), in order; one CAR and one BHAR triple per window. */
export function studyColumns(studies: readonly StudyRecord[]): { key: string; kind: Kind }[] {
  const windows = windowsOf(studies).map((w) => windowLabel(w.start, w.end));
  const triple = (prefix: string) =>
    windows.flatMap((w) => [
      ...of('pct', `${prefix}${w}`),
      ...of('t', `${prefix}${w}_t`),
      ...of('p', `${prefix}${w}_p`),
    ]);
  return [
    ...of('text', 'day0', 'listing', 'market', 'tags', 'event', 'status', 'reason'),
    ...of('pct', 'raw_return_d0', 'ar_d0'),
    ...of('t', 'ar_d0_t'),
    ...of('p', 'ar_d0_p'),
    ...triple('car'),
    ...of('coef', 'beta'),
    ...of('int', 'est_n'),
    ...of('text', 'exchange', 'model'),
    ...of('coef', 'alpha', 'sigma', ...FACTOR_BETA_COLUMNS),
    ...triple('bhar'),
    ...of('text', 'study_id', 'news_ids', 'engine_version', 'computed_at', 'corrected_bars', 'stale_bars'),
  ];
}

/**
 * Machine-readable rows of `study show`, sorted by day 0: returns as fractions (0.0417 = 4.17 %), t and p as computed,
 * null where a value does not exist (skipped studies, a window the study lacks).
 */
export function studyDataRows(studies: readonly StudyRecord[]): DataRow[] {
  return sortStudies(studies).map((s) => {
    const d0 = s.days.find((d) => d.relativeDay === 0);
    const row: Record<string, string | number | null> = {
      day0: s.day0,
      listing: s.listing.symbol,
      market: s.parameters.marketIndex,
      tags: s.tags.join(' '),
      event: s.eventKey,
      status: s.status,
      reason: s.reason,
      raw_return_d0: rawDay0(s),
      ar_d0: val(d0?.abnormalReturn),
      ar_d0_t: val(d0?.t),
      ar_d0_p: val(d0?.p),
      beta: val(s.beta),
      est_n: val(s.estimationLength),
      exchange: s.listing.exchange ?? null,
      model: s.parameters.model,
      alpha: val(s.alpha),
      sigma: val(s.sigma),
      ...Object.fromEntries(FACTOR_BETA_FIELDS.map(([key, field]) => [key, val(s[field])])),
      study_id: s.studyId,
      news_ids: s.newsIds.join(' '),
      engine_version: s.engineVersion,
      computed_at: s.computedAt,
      corrected_bars: correctedBarsText(s),
      stale_bars: staleBarsText(s),
    };
    for (const w of s.windows) {
      const k = windowLabel(w.start, w.end);
      Object.assign(row, {
        [`car${k}`]: val(w.car),
        [`car${k}_t`]: val(w.carT),
        [`car${k}_p`]: val(w.carP),
        [`bhar${k}`]: val(w.bhar),
        [`bhar${k}_t`]: val(w.bharT),
        [`bhar${k}_p`]: val(w.bharP),
      });
    }
    return row;
  });
}

/** Tags in at most `max` characters: as many as fit, then `+N` for the rest. */
export function shortTags(tags: readonly string[], max = 20): string {
  const all = tags.join(' ');
  if (all.length <= max) return all;
  const shown: string[] = [];
  for (const t of tags) {
    const rest = tags.length - shown.length - 1;
    if ([...shown, t].join(' ').length + (rest > 0 ? ` +${rest}`.length : 0) > max && shown.length > 0) break;
    shown.push(t);
  }
  return `${shown.join(' ')} +${tags.length - shown.length}`;
}

export interface StudyTableOptions {
  /** Every column of the CSV, formatted (default: the columns that fit a terminal). */
  readonly wide?: boolean;
  /** When the query hit `--limit`: the limit, mentioned under the table. */
  readonly truncatedAt?: number;
}

const FORMATTERS: Record<Kind, (v: string | number | null) => string> = {
  text: (v) => (v === null ? '' : String(v)),
  int: (v) => (typeof v === 'number' ? String(v) : ''),
  pct: (v) => (typeof v === 'number' ? pct(v) : ''),
  t: (v) => (typeof v === 'number' ? num(v) : ''),
  p: (v) => (typeof v === 'number' ? pv(v) : ''),
  coef: (v) => (typeof v === 'number' ? num(v, 3) : ''),
};

/** Every column, formatted (`--wide`): the CSV's columns and names. */
function wideTable(studies: readonly StudyRecord[]): string {
  const columns = studyColumns(studies);
  const rows = studyDataRows(studies).map((r) => columns.map((c) => FORMATTERS[c.kind](r[c.key] ?? null)));
  return textTable(
    columns.map((c) => ({ header: c.key, align: c.kind === 'text' ? 'left' : 'right' })),
    rows,
  );
}

/**
 * The default table: day 0, listing, market, tags, status, raw day-0 return, day-0 AR (t, p), each multi-day CAR (p),
 * β and the estimation length; a skipped study shows its reason after the status.
 */
function narrowTable(studies: readonly StudyRecord[]): string {
  const sorted = sortStudies(studies);
  // The one-day window [0,0] is the day-0 AR again: the narrow table leaves it to --wide.
  const windows = windowsOf(sorted).filter((w) => !(w.start === 0 && w.end === 0));
  // An open study shows its final windows; its open ones have no numbers yet.
  const computed = sorted.map((s) => s.status !== 'skipped');
  const d0 = sorted.map((s) => s.days.find((d) => d.relativeDay === 0));
  const arCells = alignParts(
    sorted.map((s, i) =>
      computed[i] ? [pct(d0[i]?.abnormalReturn), num(d0[i]?.t), pvShort(d0[i]?.p), stars(d0[i]?.p)] : [],
    ),
    ([ar, t, p, st]) => `${ar} (${t}, ${p})${st}`,
    true,
  );
  const carCells = windows.map((w) =>
    alignParts(
      sorted.map((s, i) => {
        const x = computed[i] ? findWindow(s, w) : undefined;
        return x === undefined ? [] : [pct(x.car), pvShort(x.carP), stars(x.carP)];
      }),
      ([car, p, st]) => `${car} (${p})${st}`,
      true,
    ),
  );
  // Studies of several models (a backfill's --model) side by side say which each is.
  const showModel = sorted.some(notMarketModel);
  const columns: TextColumn[] = [
    ...columnsOf('left', 'day0', 'listing', 'market', ...(showModel ? ['model'] : []), 'tags', 'status'),
    ...columnsOf('right', 'raw d0'),
    ...columnsOf('left', 'AR d0 (t, p)', ...windows.map((w) => `CAR${windowLabel(w.start, w.end)} (p)`)),
    ...columnsOf('right', 'β', 'L'),
  ];
  const rows: TextRow[] = sorted.map((s, i) => {
    const lead = [
      s.day0 ?? '-',
      s.listing.symbol,
      s.parameters.marketIndex ?? '-',
      ...(showModel ? [s.parameters.model] : []),
      shortTags(s.tags),
      s.status,
    ];
    if (!computed[i]) return { cells: lead, rest: s.reason ?? '(no reason recorded)' };
    return [
      ...lead,
      pct(rawDay0(s)),
      arCells[i] ?? '',
      ...carCells.map((c) => c[i] ?? ''),
      num(s.beta, 3),
      s.estimationLength === null ? '' : String(s.estimationLength),
    ];
  });
  return textTable(columns, rows);
}

/** `study show` as text: the table, a count line and a legend. */
export function renderStudyTable(studies: readonly StudyRecord[], options: StudyTableOptions = {}): string {
  const skipped = studies.filter((s) => s.status === 'skipped').length;
  const open = studies.filter((s) => s.status === 'open').length;
  const count =
    `${studies.length} ${studies.length === 1 ? 'study' : 'studies'} (${studies.length - skipped - open} computed, ` +
    `${open === 0 ? '' : `${open} open (a window still open), `}${skipped} skipped), by day 0` +
    (options.truncatedAt === undefined ? '' : `; the first ${options.truncatedAt} only (raise --limit for more)`);
  const legend = options.wide
    ? `raw_return_d0: day-0 simple return; ar/car/bhar: abnormal returns of the model, t and two-sided p`
    : `raw d0: day-0 simple return; AR d0: day-0 abnormal return (t, p); CAR[a,b]: cumulative AR over the window (p);\n` +
      `β: market-model slope (factor models: on Mkt−RF); L: estimation-window returns; ${STARS_LEGEND}\n` +
      `--wide: every column (CAR[0,0], t of each CAR, BHARs, α, σ, each factor's β, ids) and p to 4 decimals`;
  return `${options.wide ? wideTable(studies) : narrowTable(studies)}\n${count}\n${staleNotes(studies)}${legend}\n`;
}
