// The study and alert payloads as written to the store and the alerts topic. They mirror @newswindow/schemas'
// StudyComputedData and EventWindowAlertData field for field.

export interface ListingKey {
  readonly symbol: string;
  readonly exchange: string;
}

export interface DayWindow {
  readonly start: number;
  readonly end: number;
}

export interface StudyParameters {
  readonly model: 'market_model' | 'mean_adjusted' | 'market_adjusted';
  readonly estimationWindow: DayWindow;
  readonly eventWindows: readonly DayWindow[];
  readonly returnType: 'log' | 'simple';
  readonly day0Rule: string;
  readonly missingDataRule: string;
  readonly marketIndex: string | null;
  readonly calendar: string;
  readonly minEstimationReturns: number;
  readonly extra?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface StudyDay {
  readonly relativeDay: number;
  readonly date: string;
  readonly return: number | null;
  readonly marketReturn: number | null;
  readonly expectedReturn: number | null;
  readonly abnormalReturn: number | null;
  readonly t?: number | null;
  readonly p?: number | null;
}

export interface StudyWindow extends DayWindow {
  readonly car: number | null;
  readonly carT: number | null;
  readonly carP: number | null;
  readonly bhar: number | null;
  readonly bharT: number | null;
  readonly bharP: number | null;
  readonly nDays: number;
}

interface StudyBase {
  readonly studyId: string;
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly listing: ListingKey;
  readonly tags: readonly string[];
  readonly day0: string | null;
  readonly parameters: StudyParameters;
  readonly engineVersion: string;
  readonly computedAt: string;
}

export interface ComputedStudyRecord extends StudyBase {
  readonly status: 'computed';
  readonly fit: {
    readonly alpha: number | null;
    readonly beta: number | null;
    readonly sigma: number;
    readonly estimationLength: number;
    readonly r2?: number | null;
  };
  readonly days: readonly StudyDay[];
  readonly windows: readonly StudyWindow[];
}

export interface SkippedStudyRecord extends StudyBase {
  readonly status: 'skipped';
  readonly reason: string;
}

/** A study result for one (event, listing). */
export type StudyRecord = ComputedStudyRecord | SkippedStudyRecord;

/** A significant new event window. */
export interface EventWindowAlertRecord {
  readonly alertId: string;
  readonly studyId: string;
  readonly eventKey: string;
  readonly newsIds: readonly string[];
  readonly listing: ListingKey;
  readonly tags: readonly string[];
  readonly day0: string;
  readonly window: DayWindow;
  readonly statistic: 'car' | 'ar_day0';
  readonly value: number;
  readonly t: number | null;
  readonly p: number;
  readonly threshold: number;
  readonly headline?: string;
  readonly raisedAt: string;
}
