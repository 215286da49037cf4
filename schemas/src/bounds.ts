import type { FactorEvent } from './factors';
import { isIsoDate } from './dates';
import type { EventWindowAlert } from './alerts';
import type { MarketEvent } from './market';
import type { NewsEvent } from './news';
import type { ReferenceEvent } from './reference';
import type { StudyEvent } from './study';
import { MessageLimits as L, PRODUCER_METADATA_KEYS } from './limits';
import { describe, unsafeTextReason, type ValidationIssue } from './validation';

/** Epoch ms of an ISO instant, or of the start (UTC) of a `YYYY-MM-DD` date. */
const epochMs = (iso: string): number => (isIsoDate(iso) ? Date.parse(`${iso}T00:00:00Z`) : Date.parse(iso));

const notAfter = (path: string, iso: string | undefined, limitMs: number): ValidationIssue[] =>
  iso !== undefined && epochMs(iso) > limitMs
    ? [{ path, message: `must not be after ${new Date(limitMs).toISOString()}, got ${iso}` }]
    : [];

/**
 * The issues of an input event against the clock: a story dated more than {@link MessageLimits.newsFutureMs} after
 * `nowMs`, a bar or tick more than {@link MessageLimits.marketFutureMs} after it. Pure: the caller passes the clock.
 */
export function timeBoundIssues(
  event: NewsEvent | MarketEvent | FactorEvent | ReferenceEvent | StudyEvent | EventWindowAlert,
  nowMs: number,
): ValidationIssue[] {
  const news = nowMs + L.newsFutureMs;
  const market = nowMs + L.marketFutureMs;
  switch (event.type) {
    case 'NewsPublished':
      return [
        ...notAfter('$.data.publishedAt', event.data.publishedAt, news),
        ...notAfter('$.data.receivedAt', event.data.receivedAt, news),
      ];
    case 'NewsCorrected':
      return [
        ...notAfter('$.data.publishedAt', event.data.publishedAt, news),
        ...notAfter('$.data.correctedAt', event.data.correctedAt, news),
      ];
    case 'NewsRetracted':
      return notAfter('$.data.retractedAt', event.data.retractedAt, news);
    case 'PriceBarClosed':
    case 'PriceBarCorrected':
      return notAfter('$.data.sessionDate', event.data.sessionDate, market);
    case 'TradeTicked':
      return notAfter('$.data.timestamp', event.data.timestamp, market);
    default:
      return [];
  }
}

/**
 * The issues of a producer's `metadata`: only {@link PRODUCER_METADATA_KEYS}, each a storable single-line string of
 * at most {@link MessageLimits.metadataValue} characters.
 */
export function producerMetadataIssues(metadata: Readonly<Record<string, unknown>>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const allowed: readonly string[] = PRODUCER_METADATA_KEYS;
  for (const [key, value] of Object.entries(metadata)) {
    const path = `$.metadata.${JSON.stringify(key)}`;
    if (!allowed.includes(key)) {
      issues.push({ path, message: `unknown metadata key (allowed: ${allowed.join(', ')})` });
    } else if (typeof value !== 'string') {
      issues.push({ path, message: `expected a string, got ${describe(value)}` });
    } else if (value.length > L.metadataValue) {
      issues.push({ path, message: `must have at most ${L.metadataValue} characters, got ${value.length}` });
    } else {
      const unsafe = unsafeTextReason(value, true);
      if (unsafe !== undefined) issues.push({ path, message: unsafe });
    }
    if (issues.length >= L.metadataKeys) break;
  }
  return issues;
}
