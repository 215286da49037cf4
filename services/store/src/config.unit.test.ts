import { componentPgConfigFromEnv, PG_DEFAULTS, pgConfigFromEnv } from './config';
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
      new ConfigError('PGPORT', "expected a whole number from 1 to 65535, got 'abc'"),
    );
  });
});

describe('componentPgConfigFromEnv', () => {
  const owner = { PGHOST: 'db', PGPORT: '6543', PGUSER: 'postgres', PGPASSWORD: 'owner-secret', PGDATABASE: 'd' };
  it('logs each component in as its own role, never as the owner, without the owner password', () => {
    for (const [component, role] of [
      ['ingest', 'newswindow_ingest'],
      ['worker', 'newswindow_worker'],
      ['analyst', 'newswindow_analyst'],
    ] as const) {
      const config = componentPgConfigFromEnv(owner, component);
      expect(config).toMatchObject({ host: 'db', port: 6543, database: 'd', user: role });
      expect(config.password).toBeUndefined();
    }
  });
  it('takes the component role and password from NEWSWINDOW_<COMPONENT>_PGUSER / _PGPASSWORD', () => {
    expect(
      componentPgConfigFromEnv(
        { ...owner, NEWSWINDOW_INGEST_PGUSER: 'ing', NEWSWINDOW_INGEST_PGPASSWORD: 'ing-secret' },
        'ingest',
      ),
    ).toMatchObject({ user: 'ing', password: 'ing-secret', applicationName: 'newswindow-ingest' });
  });
});
