import { PG_DEFAULTS, pgConfigFromEnv } from './config';
import { ConfigError } from './errors';

describe('pgConfigFromEnv', () => {
  it('returns the defaults for an empty environment', () => {
    expect(pgConfigFromEnv({})).toEqual(PG_DEFAULTS);
  });
  it('overlays the PG* variables', () => {
    expect(
      pgConfigFromEnv({ PGHOST: 'db', PGPORT: '6543', PGUSER: 'u', PGPASSWORD: 'p', PGDATABASE: 'd', PGPOOLSIZE: '3' }),
    ).toMatchObject({
      host: 'db',
      port: 6543,
      user: 'u',
      password: 'p',
      database: 'd',
      max: 3,
    });
  });
  it('rejects a non-numeric port with the setting name', () => {
    expect(() => pgConfigFromEnv({ PGPORT: 'abc' })).toThrow(
      new ConfigError('PGPORT', 'expected a positive integer, got "abc"'),
    );
  });
});
