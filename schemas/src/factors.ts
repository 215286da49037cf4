import { Type, type Static } from '@sinclair/typebox';
import type { Event } from './event';
import { assertSameShape, checked, IsoDate, Pattern } from './typebox';
import type { Validator } from './validation';

/** One factor's daily return (a decimal: the Kenneth French files' percent divided by 100). */
export interface FactorValue {
  /** Lower-case column name as the engine reads it: `mkt_rf`, `smb`, `hml`, `rmw`, `cma`, `mom`, `rf`. */
  readonly name: string;
  readonly value: number;
}

/** One stored factor value of one date and dataset (a `factor_days` row: a decimal return, not percent). */
export interface FactorDayValue {
  readonly dataset: string;
  readonly date: string;
  readonly factor: string;
  readonly value: number;
}

/** Payload of {@link FactorDayRecorded}: one date of one factor dataset. */
export interface FactorDayRecordedData {
  /** The file's name without extension (`F-F_Research_Data_Factors_daily`), so datasets with a shared column coexist. */
  readonly dataset: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly factors: readonly FactorValue[];
}

/**
 * Daily factor returns of one date, from a Kenneth French data library file (`newswindow ingest factors`); a later
 * recording of the same dataset and date (the library revises its files) wins.
 */
export type FactorDayRecorded = Event<'FactorDayRecorded', FactorDayRecordedData>;
/** Events of factor streams (`factors-<dataset>`). */
export type FactorEvent = FactorDayRecorded;

/** The payload of a `FactorDayRecorded` as a JSON Schema. */
export const FactorDayRecordedDataSchema = Type.Object({
  dataset: Pattern(/^[A-Za-z0-9_.-]{1,120}$/, 'a file name like F-F_Research_Data_Factors_daily'),
  date: IsoDate(),
  factors: Type.Array(
    Type.Object({
      name: Pattern(/^[a-z][a-z0-9_]{0,30}$/, 'a lower-case column name like mkt_rf'),
      value: Type.Number(),
    }),
    { minItems: 1, maxItems: 20 },
  ),
});

/** Validates a {@link FactorDayRecordedData}. */
export const validateFactorDayRecorded: Validator<FactorDayRecordedData> = checked(FactorDayRecordedDataSchema);

assertSameShape<FactorDayRecordedData, Static<typeof FactorDayRecordedDataSchema>>(true);
