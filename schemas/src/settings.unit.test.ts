import { kafkaBrokersFromEnv } from './kafka-settings';
import { redisUrlFromEnv } from './redis-settings';
import {
  choiceSetting,
  flagSetting,
  numberSetting,
  SettingError,
  settingsReader,
  urlSetting,
  wholeNumberSetting,
} from './settings';

describe('settingsReader', () => {
  it('takes the fallback when a variable is unset or blank, and trims what it parses', () => {
    const r = settingsReader({ A: '', B: '  ', C: ' 42 ' });
    expect(r.get('A', wholeNumberSetting(), 7)).toBe(7);
    expect(r.get('B', wholeNumberSetting(), 7)).toBe(7);
    expect(r.get('C', wholeNumberSetting(), 7)).toBe(42);
    expect(r.optional('MISSING', wholeNumberSetting())).toBeUndefined();
    expect(r.text('C')).toBe('42');
  });

  it('keeps a secret exactly as set', () => {
    expect(settingsReader({ S: ' pw ' }).secret('S')).toBe(' pw ');
  });

  it.each([
    ['PORT', 'x', wholeNumberSetting({ min: 1, max: 65535 }), "PORT: expected a whole number from 1 to 65535, got 'x'"],
    [
      'PORT',
      '70000',
      wholeNumberSetting({ min: 1, max: 65535 }),
      "PORT: expected a whole number from 1 to 65535, got '70000'",
    ],
    ['N', '2.5', wholeNumberSetting({ min: 1 }), "N: expected a whole number >= 1, got '2.5'"],
    [
      'P',
      '1.5',
      numberSetting((n) => n > 0 && n < 1, 'a number in (0, 1)'),
      "P: expected a number in (0, 1), got '1.5'",
    ],
    ['LEVEL', 'loud', choiceSetting(['info', 'debug']), "LEVEL: expected one of info, debug, got 'loud'"],
    ['ON', 'yes', flagSetting, "ON: expected 0 or 1, got 'yes'"],
    ['URL', 'http://x', urlSetting(['redis:']), "URL: expected a redis URL, got 'http://x'"],
  ])('fails %s=%s in one line that names the variable', (name, raw, schema, message) => {
    const read = (): unknown => settingsReader({ [name]: raw }).optional<unknown>(name, schema);
    expect(read).toThrow(SettingError);
    expect(read).toThrow(message);
  });

  it("throws the caller's error class", () => {
    class MyError extends Error {}
    expect(() =>
      settingsReader({ N: 'x' }, (v, m) => new MyError(`${v}: ${m}`)).get('N', wholeNumberSetting(), 0),
    ).toThrow(MyError);
  });
});

describe('kafkaBrokersFromEnv', () => {
  it('defaults to the local broker and splits a list', () => {
    expect(kafkaBrokersFromEnv({})).toEqual(['127.0.0.1:9092']);
    expect(kafkaBrokersFromEnv({ KAFKA_BROKERS: 'a:1, b:2' })).toEqual(['a:1', 'b:2']);
  });

  it('refuses a broker without a port, naming KAFKA_BROKERS', () => {
    expect(() => kafkaBrokersFromEnv({ KAFKA_BROKERS: 'nohost' })).toThrow(
      "KAFKA_BROKERS: expected host:port[,host:port…], got 'nohost'",
    );
  });
});

describe('redisUrlFromEnv', () => {
  it('defaults to the local Redis and takes redis: and rediss: URLs', () => {
    expect(redisUrlFromEnv({})).toBe('redis://127.0.0.1:6379');
    expect(redisUrlFromEnv({ REDIS_URL: 'rediss://h:1/2' })).toBe('rediss://h:1/2');
  });

  it('refuses anything else, naming REDIS_URL', () => {
    expect(() => redisUrlFromEnv({ REDIS_URL: '127.0.0.1:6379' })).toThrow(
      /^REDIS_URL: expected a redis or rediss URL/,
    );
  });
});
