import { DEFAULT_DESIGN } from './design';
import type { StudyJob, StudySettings } from './study-compute';
import { designCode, skippedStudy, studyIdOf, withBenchmark } from './study-compute';

const job: StudyJob = {
  eventKey: 'nw1:alcoa:earnings:2017-01-24',
  newsIds: ['n1'],
  tags: ['earnings'],
  listing: {
    symbol: 'AA',
    exchange: 'XNYS',
    currency: 'USD',
    benchmark: '^GSPC',
    timeZone: 'America/New_York',
    issuerId: 'alcoa',
  },
  publishedAt: '2017-01-24T21:05:00Z',
};
// The worker's default settings (its composition root adds only the engine version).
const settings: StudySettings = { design: DEFAULT_DESIGN, day0Rule: 'next-close', engineVersion: 'test' };

describe('a backfill benchmark override', () => {
  it('measures the listing against the override and records the default it replaced', () => {
    const over = withBenchmark(job, 'QQQ');
    expect(over.listing.benchmark).toBe('QQQ');
    expect(over.overrides).toBe('^GSPC');
    const study = skippedStudy(over, settings, 'no prices for AA', '2026-12-03T00:00:00Z');
    expect(study.parameters.marketIndex).toBe('QQQ');
    expect(study.parameters.extra).toEqual({ benchmarkOverrides: '^GSPC' });
    expect(study.studyId).toBe(studyIdOf(job.eventKey, job.listing, settings).replace('|AA@XNYS|', '|AA@XNYS|vs:QQQ|'));
    expect(study.studyId.endsWith(`|${designCode(settings)}`)).toBe(true);
  });

  it('changes nothing without an override, with the listing’s own benchmark, or for a listing without one', () => {
    expect(withBenchmark(job, undefined)).toBe(job);
    expect(withBenchmark(job, '^GSPC')).toBe(job);
    const index = { ...job, listing: { ...job.listing, benchmark: null } };
    expect(withBenchmark(index, 'QQQ')).toBe(index);
    const plain = skippedStudy(job, settings, 'no prices for AA', '2026-12-03T00:00:00Z');
    expect(plain.parameters.marketIndex).toBe('^GSPC');
    expect(plain.parameters.extra).toBeUndefined();
    expect(plain.studyId.includes('|vs:')).toBe(false);
  });
});
