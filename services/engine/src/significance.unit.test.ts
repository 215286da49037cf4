import { stars } from './significance';

describe('stars', () => {
  it('normal: thresholds at qnorm(0.95), qnorm(0.975), qnorm(0.995)', () => {
    expect(stars(1.64, { kind: 'normal' })).toBe('');
    expect(stars(-1.65, { kind: 'normal' })).toBe('*');
    expect(stars(1.96, { kind: 'normal' })).toBe('**');
    expect(stars(2.58, { kind: 'normal' })).toBe('***');
    expect(stars(Number.NaN, { kind: 'normal' })).toBe('');
  });
  it('student t with 1 df: critical values tan(π(1 − α)/2)', () => {
    const crit = (alpha: number): number => Math.tan((Math.PI * (1 - alpha)) / 2);
    expect(stars(crit(0.1) * 0.999, { kind: 'student-t', df: 1 })).toBe('');
    expect(stars(crit(0.1) * 1.001, { kind: 'student-t', df: 1 })).toBe('*');
    expect(stars(crit(0.05) * 1.001, { kind: 'student-t', df: 1 })).toBe('**');
    expect(stars(-crit(0.01) * 1.001, { kind: 'student-t', df: 1 })).toBe('***');
    expect(stars(100, { kind: 'student-t', df: Number.NaN })).toBe('');
  });
  it("signed rank reproduces estudy2's asymmetric quirk", () => {
    // n = 12 (R): qsignrank(.9) = 56, (.95) = 60, (.975) = 64, (.99) = 68, (.995) = 70; n(n+1)/2 = 78.
    // Upper tail: * from 56, ** from 60, *** from 68. Lower tail: * up to 78 − 60 = 18, ** up to 14, *** up to 8.
    const ref = { kind: 'signed-rank', n: 12 } as const;
    expect(stars(55, ref)).toBe('');
    expect(stars(56, ref)).toBe('*');
    expect(stars(60, ref)).toBe('**');
    expect(stars(67, ref)).toBe('**');
    expect(stars(68, ref)).toBe('***');
    expect(stars(78 - 56, ref)).toBe(''); // the mirror image of a one-star W gets no star: estudy2's quirk
    expect(stars(18, ref)).toBe('*');
    expect(stars(14, ref)).toBe('**');
    expect(stars(8, ref)).toBe('***');
  });
});
