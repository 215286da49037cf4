import { isIsoDate, isIsoInstant } from './dates';

describe('dates', () => {
  it.each(['2025-09-08', '2024-02-29'])('accepts the date %s', (d) => expect(isIsoDate(d)).toBe(true));
  it.each(['2025-02-29', '2025-13-01', '2025-9-8', '08/09/2025'])('rejects the date %s', (d) =>
    expect(isIsoDate(d)).toBe(false),
  );
  it.each(['2025-09-08T21:00:00+08:00', '2016-03-22T12:39:00Z', '2016-03-22T08:39-04:00', '2025-09-08T09:30:00.123Z'])(
    'accepts the instant %s',
    (d) => expect(isIsoInstant(d)).toBe(true),
  );
  it.each(['2025-09-08T21:00:00', '2025-09-08', '2025-09-08T25:00:00Z', '2025-09-08T21:00:00+25:00'])(
    'rejects the instant %s',
    (d) => expect(isIsoInstant(d)).toBe(false),
  );
});
