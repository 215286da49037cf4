/** Stream ids of the event store, one helper per stream kind, so producers and readers agree. */

/** The stream of one story and its corrections, retractions and tags. */
export const newsStreamId = (newsId: string): string => `news-${newsId}`;

/** The daily bars of one listing or index. */
export const barStreamId = (exchange: string, symbol: string): string => `bars-${exchange}:${symbol}`;

/** The trades of one listing. */
export const tickStreamId = (exchange: string, symbol: string): string => `ticks-${exchange}:${symbol}`;

/** The daily factor returns of one Kenneth French dataset. */
export const factorStreamId = (dataset: string): string => `factors-${dataset}`;

/** The reference data of one listing. */
export const listingStreamId = (exchange: string, symbol: string): string => `listing-${exchange}:${symbol}`;

/** One study result. */
export const studyStreamId = (studyId: string): string => `study-${studyId}`;

/** The successive versions of one tag aggregate. */
export const tagAggregateStreamId = (aggregateId: string): string => `tag-aggregate-${aggregateId}`;

/** One alert. */
export const alertStreamId = (alertId: string): string => `alert-${alertId}`;
