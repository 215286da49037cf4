// @ts-expect-error -- wink-porter2-stemmer ships no type declarations; it is typed by the cast below. (An ambient
// declaration file in this package would not reach the packages that type-check the tagger's source: worker, cli.)
import winkPorter2 from 'wink-porter2-stemmer';

/** The Porter2 (Snowball English) stemmer of wink-porter2-stemmer 2.0.1 (MIT, pure JavaScript, no data files). */
export const porter2 = winkPorter2 as (word: string) => string;
