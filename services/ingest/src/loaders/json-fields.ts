import { reject } from './load-result';

/** The object of one JSON line, or a rejection. */
export const requireObject = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : reject('the line is not a JSON object');

export const requireString = (obj: Readonly<Record<string, unknown>>, ...names: readonly string[]): string => {
  for (const name of names) {
    const v = obj[name];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return reject(`missing string field ${names.join(' / ')}`);
};

export const optionalString = (
  obj: Readonly<Record<string, unknown>>,
  ...names: readonly string[]
): string | undefined => {
  for (const name of names) {
    const v = obj[name];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
};

export const requireJsonNumber = (obj: Readonly<Record<string, unknown>>, name: string): number => {
  const v = obj[name];
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : reject(`${name} is not a number: ${JSON.stringify(v)}`);
};
