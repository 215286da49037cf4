import { classifyPgError, ConcurrencyError, DatabaseUnavailableError, DuplicateEventError } from './errors';

const pgError = (code: string, constraint?: string) =>
  Object.assign(new Error('message text is never read'), { code, constraint });

describe('classifyPgError', () => {
  it('maps a unique violation on (stream_id, version) to ConcurrencyError', () => {
    const err = classifyPgError(pgError('23505', 'events_stream_version_key'), { streamId: 's', expected: 3 });
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ streamId: 's', expected: 3, retriable: false });
  });
  it('maps a unique violation on the idempotency key to DuplicateEventError', () => {
    expect(classifyPgError(pgError('23505', 'events_idempotency_key_key'))).toBeInstanceOf(DuplicateEventError);
  });
  it('leaves other unique violations and unknown errors unchanged', () => {
    const other = pgError('23505', 'news_pkey');
    expect(classifyPgError(other)).toBe(other);
    const plain = new Error('x');
    expect(classifyPgError(plain)).toBe(plain);
  });
  it.each(['08006', '40001', '40P01', '53300', '57P01'])('marks SQLSTATE %s as retriable', (code) => {
    const err = classifyPgError(pgError(code));
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err).toMatchObject({ retriable: true, code });
  });
  it('marks a refused connection as retriable', () => {
    const err = classifyPgError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }));
    expect(err).toMatchObject({ retriable: true, code: 'ECONNREFUSED' });
  });
});
