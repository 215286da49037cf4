import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingError } from '@newswindow/schemas';
import { temporalConnectionFromEnv } from './temporal-connection';

/** A HOME without a Temporal config file, so a developer's own ~/.config/temporalio does not leak into the test. */
const home = mkdtempSync(join(tmpdir(), 'temporal-home-'));
const env = (vars: Record<string, string> = {}): Record<string, string> => ({ HOME: home, ...vars });

describe('temporalConnectionFromEnv', () => {
  it('defaults to the local stack: 127.0.0.1:7233, namespace default, no TLS', () => {
    const c = temporalConnectionFromEnv(env());
    expect([c.address, c.namespace, c.connectionOptions.address, c.connectionOptions.tls]).toEqual([
      '127.0.0.1:7233',
      'default',
      '127.0.0.1:7233',
      undefined,
    ]);
  });

  it('reads TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE; blank counts as unset', () => {
    const c = temporalConnectionFromEnv(env({ TEMPORAL_ADDRESS: ' 10.0.0.5:7300 ', TEMPORAL_NAMESPACE: 'prod' }));
    expect([c.address, c.namespace]).toEqual(['10.0.0.5:7300', 'prod']);
    expect(temporalConnectionFromEnv(env({ TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: ' ' })).address).toBe(
      '127.0.0.1:7233',
    );
  });

  it("takes a profile of Temporal's config file, which the variables override", () => {
    const file = join(home, 'temporal.toml');
    writeFileSync(file, '[profile.cloud]\naddress = "ns.tmprl.cloud:7233"\nnamespace = "ns"\napi_key = "k"\n');
    const c = temporalConnectionFromEnv(env({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cloud' }));
    expect([c.address, c.namespace, c.connectionOptions.apiKey, c.connectionOptions.tls]).toEqual([
      'ns.tmprl.cloud:7233',
      'ns',
      'k',
      true,
    ]);
    const overridden = temporalConnectionFromEnv(
      env({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cloud', TEMPORAL_NAMESPACE: 'other' }),
    );
    expect(overridden.namespace).toBe('other');
  });

  it('fails a malformed address in one line that names TEMPORAL_ADDRESS', () => {
    expect(() => temporalConnectionFromEnv(env({ TEMPORAL_ADDRESS: 'localhost' }))).toThrow(SettingError);
    expect(() => temporalConnectionFromEnv(env({ TEMPORAL_ADDRESS: 'localhost' }))).toThrow(
      /^TEMPORAL_ADDRESS: expected host:port, got 'localhost'$/,
    );
  });

  it('fails an unknown profile naming TEMPORAL_PROFILE', () => {
    expect(() => temporalConnectionFromEnv(env({ TEMPORAL_PROFILE: 'nope' }))).toThrow(
      /^TEMPORAL_PROFILE: Temporal client configuration: Profile 'nope' not found/,
    );
  });
});
