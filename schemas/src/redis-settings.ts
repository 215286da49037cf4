import type { Env, SettingErrorFactory } from './settings';
import { settingsReader, urlSetting } from './settings';

/** The one owner of Redis' connection setting: `REDIS_URL` and its default (worker, CLI `status`, tests). */
export const REDIS_URL_DEFAULT = 'redis://127.0.0.1:6379';

/** `REDIS_URL` (a `redis:` or `rediss:` URL; default {@link REDIS_URL_DEFAULT}). */
export function redisUrlFromEnv(env: Env, toError?: SettingErrorFactory): string {
  return settingsReader(env, toError).get('REDIS_URL', urlSetting(['redis:', 'rediss:']), REDIS_URL_DEFAULT);
}
