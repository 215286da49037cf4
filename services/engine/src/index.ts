export {
  alignToCalendar,
  calendarFromBenchmark,
  calendarFromSessions,
  CalendarError,
  firstSessionOnOrAfter,
} from './calendar';
export type { TradingCalendar } from './calendar';
export { CAR_TESTS, crossSection, DAILY_TESTS, forecastFactor, patellSigma } from './cross-section';
export type {
  CarTestName,
  CarTestRow,
  CrossSectionOptions,
  DailyTestName,
  DailyTestRow,
  TestResult,
  WindowResult,
} from './cross-section';
export { anchorDay0, EventTimeError } from './day0';
export type { Day0, Day0Rule, EventTime } from './day0';
export {
  DEFAULT_DESIGN,
  DesignError,
  minimumEstimationReturns,
  modelCode,
  regressorCount,
  validateDesign,
  windowCode,
} from './design';
export type { ModelKind, ModelSpec, RelativeWindow, StudyDesign } from './design';
export { fitEvents, phaseOf, symmetricInverse } from './event-fit';
export {
  alignFactors,
  FACTOR_MODELS,
  FACTOR_NAMES,
  FactorFileError,
  mergeFactorTables,
  parseFrenchFactorsCsv,
} from './factors';
export type { FactorModelName, FactorName, FactorSeries, FactorTable } from './factors';
export type { EventBatch, EventInput, Phase } from './event-fit';
export { averageRanks, medianOf } from './rank';
export { checkEventWindow } from './gates';
export type { GatedSeries, GateResult } from './gates';
export { computeReturns, dropMultiSessionReturns } from './returns';
export type { MissingDataRule, ReturnKind, ReturnSeries } from './returns';
export { NORMAL_CRITICAL, pValue, stars } from './significance';
export type { Reference, Stars } from './significance';
export { logGamma, regularizedGammaQ, regularizedIncompleteBeta } from './special/gamma-beta';
export { erfc, normalCdf, normalQuantile, normalTwoSidedP } from './special/normal';
export { qsignrank, signedRankCounts, signedRankTwoSidedP, SIGNED_RANK_EXACT_MAX_N } from './special/signed-rank';
export { studentTCdf, studentTTwoSidedP } from './special/student-t';
export { grank, lbtSkewAdjustedT, moments, skewAdjustedT, WINDOW_TESTS, windowTests } from './window-tests';
export type { WindowTestName, WindowTestRow, WindowTestsResult } from './window-tests';
export { eventOutcome, runStudy, StudyInputError, studyListing } from './study';
export type { EventAnchor, EventOutcome, EventWindowFigures, StudyEvent, StudyRequest, StudyResult } from './study';
export { regress, RegressionError } from './regression';
export type { RegressionCoefficient, RegressionResult, Regressor } from './regression';
export {
  computeStudies,
  designCode,
  factorsOnCalendar,
  factorTableFor,
  marketOf,
  parametersOf,
  returnsOnCalendar,
  skippedStudy,
  studyIdOf,
  studySpan,
  withBenchmark,
  withStudyModel,
} from './study-compute';
export type { CloseLookup, StudyJob, StudyModelChoice, StudySettings } from './study-compute';
export {
  aggregateSpan,
  computeTagAggregate,
  issuerOfEventKey,
  onePerIssuerDay,
  tagAggregateIdOf,
} from './tag-aggregate-compute';
export type { TagStudyRef } from './tag-aggregate-compute';
