import { arrayOf, formatIssues, num, object, optional, str, variant, type Validator } from './validation';

interface Point {
  readonly x: number;
  readonly label?: string;
}

describe('validation combinators', () => {
  const point = object<Point>({ x: num(), label: optional(str()) });

  it('returns the value with unknown fields dropped and absent optionals absent', () => {
    expect(point({ x: 1, extra: true })).toEqual({ ok: true, value: { x: 1 } });
  });

  it('reports every issue with its path', () => {
    const r = arrayOf(point)([{ x: 'a' }, {}, { x: 2, label: 3 }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: '$[0].x', message: 'expected a finite number, got string "a"' },
      { path: '$[1].x', message: 'is required' },
      { path: '$[2].label', message: 'expected a string, got number 3' },
    ]);
    expect(formatIssues(r.errors)).toContain('$[1].x: is required');
  });

  it('rejects NaN, Infinity and numeric strings', () => {
    for (const bad of [NaN, Infinity, '1']) expect(num()(bad).ok).toBe(false);
  });

  it('dispatches a discriminated union on its tag', () => {
    type Shape = { kind: 'a'; a: number } | { kind: 'b'; b: string };
    const shape: Validator<Shape> = variant<'kind', Shape>('kind', {
      a: object<{ kind: 'a'; a: number }>({ kind: (v) => ({ ok: true, value: v as 'a' }), a: num() }),
      b: object<{ kind: 'b'; b: string }>({ kind: (v) => ({ ok: true, value: v as 'b' }), b: str() }),
    });
    expect(shape({ kind: 'b', b: 'x' })).toEqual({ ok: true, value: { kind: 'b', b: 'x' } });
    const r = shape({ kind: 'c' });
    expect(!r.ok && r.errors[0]).toEqual({ path: '$.kind', message: 'expected one of "a", "b", got string "c"' });
  });
});
