import { isoDate, isoInstant } from './dates';
import type { DayWindow, Event, ListingRef } from './event';
import { dayWindow, listingRef, scalarRecord, symbol, tagName } from './fields';
import { arrayOf, nullable, num, object, oneOf, optional, str, variant, type Validator } from './validation';

/**
 * Expected-return model of a study: the market model, mean- and market-adjusted, or a factor model (Fama–French 3,
 * Carhart 4, Fama–French 5 on ingested factor days).
 */
export type ReturnModel = 'market_model' | 'mean_adjusted' | 'market_adjusted' | 'ff3' | 'carhart' | 'ff5';

/** Every parameter that produced a study, so that it can be reproduced. */
export interface StudyParameters {
  readonly model: ReturnModel;
  /** Estimation window in relative sessions (default [−250, −11]). */
  readonly estimationWindow: DayWindow;
  /** Event windows (default [−1, +1], [0, 0], [0, +5]). */
  readonly eventWindows: readonly DayWindow[];
  readonly returnType: 'log' | 'simple';
  /** Day-0 rule id (`first_close_after_public`). */
  readonly day0Rule: string;
  /** Missing-data rule id (`missing_close_is_missing_day`). */
  readonly missingDataRule: string;
  /** Benchmark index symbol, null for mean-adjusted. */
  readonly marketIndex: string | null;
  /** Trading calendar id (`XHKG`). */
  readonly calendar: string;
  readonly minEstimationReturns: number;
  /** Parameters that have no field of their own yet. */
  readonly extra?: Readonly<Record<string, string | number | boolean | null>>;
}

/** The factors a factor model's slope can be on (Kenneth French spellings, snake case). */
export type FactorBetaName = 'mkt_rf' | 'smb' | 'hml' | 'mom' | 'rmw' | 'cma';

/** Every factor a slope can be on, in the order tables show them. */
export const FACTOR_BETA_NAMES: readonly FactorBetaName[] = ['mkt_rf', 'smb', 'hml', 'mom', 'rmw', 'cma'];

/** Fitted expected-return model over the estimation window. */
export interface StudyModelFit {
  /** Intercept (market and factor models: α of the OLS fit) or mean return (mean-adjusted); null for market-adjusted. */
  readonly alpha: number | null;
  /** Slope on the market (market model), on Mkt−RF (factor models); null otherwise. */
  readonly beta: number | null;
  /**
   * Factor models: the slope on each of the model's factors (FF3 `mkt_rf`, `smb`, `hml`; Carhart adds `mom`; FF5 adds
   * `rmw`, `cma`); absent for other models and for factor studies written before the slopes were stored.
   */
  readonly factorBetas?: Readonly<Partial<Record<FactorBetaName, number | null>>>;
  /** Residual standard deviation. */
  readonly sigma: number;
  /** Number of usable returns in the estimation window. */
  readonly estimationLength: number;
  readonly r2?: number | null;
}

/** One relative day of a study. Numbers are null when the day's close (or the market's) is missing. */
export interface StudyDay {
  readonly relativeDay: number;
  /** The session date of that relative day on the listing's calendar. */
  readonly date: string;
  readonly return: number | null;
  readonly marketReturn: number | null;
  readonly expectedReturn: number | null;
  readonly abnormalReturn: number | null;
  readonly t?: number | null;
  readonly p?: number | null;
}

/** One event window of a study: CAR and BHAR with their t statistics and two-sided p-values. */
export interface StudyWindow extends DayWindow {
  readonly car: number | null;
  readonly carT: number | null;
  readonly carP: number | null;
  readonly bhar: number | null;
  readonly bharT: number | null;
  readonly bharP: number | null;
  /** Days with a return inside the window. */
  readonly nDays: number;
}

/** Fields every study result carries, computed or skipped. */
export interface StudyBase {
  /** Deterministic id of the study (event key + listing + parameters); the idempotency key of its event. */
  readonly studyId: string;
  /** The event (similarity) key: stories on the same event share it. */
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly listing: ListingRef;
  readonly tags: readonly string[];
  /** Day 0 on the listing's calendar; null when the study was skipped before anchoring. */
  readonly day0: string | null;
  readonly parameters: StudyParameters;
  readonly engineVersion: string;
  readonly computedAt: string;
}

/** A corrected bar (revision ≥ 2, see `PriceBarCorrected`) whose close a study used. */
export interface StudyBarRevision {
  readonly symbol: string;
  readonly sessionDate: string;
  readonly revision: number;
}

/** Which bars a computed study read: its provenance against later bar corrections. */
export interface StudyBarProvenance {
  /** First and last session whose closes the study used (the close before the estimation window … the last day). */
  readonly from: string;
  readonly to: string;
  /** The corrected bars of the listing and its benchmark among them, with the revision used (empty: none). */
  readonly corrected: readonly StudyBarRevision[];
}

/** A study that was computed. */
export interface ComputedStudy extends StudyBase {
  readonly status: 'computed';
  readonly fit: StudyModelFit;
  readonly days: readonly StudyDay[];
  readonly windows: readonly StudyWindow[];
  /** The bars it used (absent in studies computed before bar corrections existed). */
  readonly bars?: StudyBarProvenance;
}

/** A study that could not be computed (unknown listing, too few prices…), with the reason. */
export interface SkippedStudy extends StudyBase {
  readonly status: 'skipped';
  readonly reason: string;
}

/** Payload of {@link StudyComputed}. */
export type StudyComputedData = ComputedStudy | SkippedStudy;

/** One relative day of a tag aggregate: average abnormal return across events and its cumulation. */
export interface AggregateDay {
  readonly relativeDay: number;
  readonly aar: number | null;
  readonly caar: number | null;
  /** Events with a value on that day. */
  readonly n: number;
  readonly t?: number | null;
  readonly p?: number | null;
}

/** One cross-sectional test over all events of a tag (`cross_sectional_t`, `patell`, `bmp`, `sign`, `corrado_rank`). */
export interface AggregateTest {
  readonly name: string;
  readonly statistic: number | null;
  readonly pValue: number | null;
}

/** One event window of a tag aggregate. */
export interface AggregateWindow extends DayWindow {
  readonly caar: number | null;
  readonly n: number;
  readonly tests: readonly AggregateTest[];
}

/** Payload of {@link TagAggregateComputed}: the engine's aggregate over every study of one tag. */
export interface TagAggregateComputedData {
  /** Stable id of the aggregate (tag + parameter set); a newer event with the same id replaces the older. */
  readonly aggregateId: string;
  readonly tag: string;
  readonly parameters: StudyParameters;
  readonly engineVersion: string;
  readonly nEvents: number;
  readonly studyIds: readonly string[];
  readonly days: readonly AggregateDay[];
  readonly windows: readonly AggregateWindow[];
  readonly computedAt: string;
}

/** One event-window study result for one (event, listing). */
/** Where one event window of a study stands. */
export interface StudyWindowState extends DayWindow {
  /** `open` until the window's last session closes, then `computed` or `skipped` (with the reason). */
  readonly status: 'open' | 'computed' | 'skipped';
  readonly reason?: string;
  /** The window's last session on the listing's calendar (`YYYY-MM-DD`). */
  readonly endSession: string;
  /** When that session closes (ISO instant). */
  readonly closesAt: string;
}

/**
 * Payload of {@link StudyWindowClosed}: the study as it stands after the close of `session`, the last session of the
 * windows in `closed`. `study` holds the fit, the days up to that session and the windows final so far (only those);
 * `windows` says where every event window of the design stands.
 */
export interface StudyWindowClosedData {
  readonly studyId: string;
  /** The session whose close ended the windows of `closed`. */
  readonly session: string;
  readonly closed: readonly DayWindow[];
  readonly windows: readonly StudyWindowState[];
  readonly study: StudyComputedData;
}

export type StudyComputed = Event<'StudyComputed', StudyComputedData>;
/** One or more event windows of a study closed (day 0 at its close, [−1,+1] at day +1's, [0,+5] at day +5's). */
export type StudyWindowClosed = Event<'StudyWindowClosed', StudyWindowClosedData>;
/** Aggregates over all studies of a tag were (re)computed. */
export type TagAggregateComputed = Event<'TagAggregateComputed', TagAggregateComputedData>;
/** Events of study streams (`study-<studyId>`, `tag-aggregate-<aggregateId>`). */
export type StudyEvent = StudyComputed | StudyWindowClosed | TagAggregateComputed;

const nnum = () => nullable(num());

/** Validates {@link StudyParameters}. */
export const validateStudyParameters: Validator<StudyParameters> = object<StudyParameters>({
  model: oneOf('market_model', 'mean_adjusted', 'market_adjusted', 'ff3', 'carhart', 'ff5'),
  estimationWindow: dayWindow(),
  eventWindows: arrayOf(dayWindow(), { minLength: 1 }),
  returnType: oneOf('log', 'simple'),
  day0Rule: str(),
  missingDataRule: str(),
  marketIndex: nullable(symbol()),
  calendar: str(),
  minEstimationReturns: num({ integer: true, min: 0 }),
  extra: optional(scalarRecord()),
});

const baseFields = {
  studyId: str({ maxLength: 512 }),
  eventKey: str({ maxLength: 512 }),
  newsIds: arrayOf(str(), { minLength: 1 }),
  listing: listingRef(),
  tags: arrayOf(tagName()),
  day0: nullable(isoDate()),
  parameters: validateStudyParameters,
  engineVersion: str(),
  computedAt: isoInstant(),
};

/** Validates a {@link StudyComputedData} (computed or skipped, by `status`). */
export const validateStudyComputed: Validator<StudyComputedData> = variant<'status', StudyComputedData>('status', {
  computed: object<ComputedStudy>({
    ...baseFields,
    status: oneOf('computed'),
    fit: object<StudyModelFit>({
      alpha: nnum(),
      beta: nnum(),
      sigma: num({ min: 0 }),
      estimationLength: num({ integer: true, min: 0 }),
      r2: optional(nnum()),
      factorBetas: optional(
        object<Partial<Record<FactorBetaName, number | null>>>({
          mkt_rf: optional(nnum()),
          smb: optional(nnum()),
          hml: optional(nnum()),
          mom: optional(nnum()),
          rmw: optional(nnum()),
          cma: optional(nnum()),
        }),
      ),
    }),
    days: arrayOf(
      object<StudyDay>({
        relativeDay: num({ integer: true }),
        date: isoDate(),
        return: nnum(),
        marketReturn: nnum(),
        expectedReturn: nnum(),
        abnormalReturn: nnum(),
        t: optional(nnum()),
        p: optional(nullable(num({ min: 0, max: 1 }))),
      }),
    ),
    windows: arrayOf(
      object<StudyWindow>({
        start: num({ integer: true }),
        end: num({ integer: true }),
        car: nnum(),
        carT: nnum(),
        carP: nullable(num({ min: 0, max: 1 })),
        bhar: nnum(),
        bharT: nnum(),
        bharP: nullable(num({ min: 0, max: 1 })),
        nDays: num({ integer: true, min: 0 }),
      }),
    ),
    bars: optional(
      object<StudyBarProvenance>({
        from: isoDate(),
        to: isoDate(),
        corrected: arrayOf(
          object<StudyBarRevision>({
            symbol: symbol(),
            sessionDate: isoDate(),
            revision: num({ integer: true, min: 2 }),
          }),
        ),
      }),
    ),
  }),
  skipped: object<SkippedStudy>({ ...baseFields, status: oneOf('skipped'), reason: str() }),
});

/** Validates a {@link StudyWindowClosedData}. */
export const validateStudyWindowClosed: Validator<StudyWindowClosedData> = object<StudyWindowClosedData>({
  studyId: str({ maxLength: 512 }),
  session: isoDate(),
  closed: arrayOf(dayWindow(), { minLength: 1 }),
  windows: arrayOf(
    object<StudyWindowState>({
      start: num({ integer: true }),
      end: num({ integer: true }),
      status: oneOf('open', 'computed', 'skipped'),
      reason: optional(str()),
      endSession: isoDate(),
      closesAt: isoInstant(),
    }),
    { minLength: 1 },
  ),
  study: validateStudyComputed,
});

/** Validates a {@link TagAggregateComputedData}. */
export const validateTagAggregateComputed: Validator<TagAggregateComputedData> = object<TagAggregateComputedData>({
  aggregateId: str({ maxLength: 512 }),
  tag: tagName(),
  parameters: validateStudyParameters,
  engineVersion: str(),
  nEvents: num({ integer: true, min: 0 }),
  studyIds: arrayOf(str()),
  days: arrayOf(
    object<AggregateDay>({
      relativeDay: num({ integer: true }),
      aar: nnum(),
      caar: nnum(),
      n: num({ integer: true, min: 0 }),
      t: optional(nnum()),
      p: optional(nullable(num({ min: 0, max: 1 }))),
    }),
  ),
  windows: arrayOf(
    object<AggregateWindow>({
      start: num({ integer: true }),
      end: num({ integer: true }),
      caar: nnum(),
      n: num({ integer: true, min: 0 }),
      tests: arrayOf(
        object<AggregateTest>({ name: str(), statistic: nnum(), pValue: nullable(num({ min: 0, max: 1 })) }),
      ),
    }),
  ),
  computedAt: isoInstant(),
});
