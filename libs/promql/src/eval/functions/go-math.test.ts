import { describe, expect, it } from 'vitest';
import { goAcos, goAsin, goAtan, goCos, goCosh, goSin, goSinh, goTan, goTanh } from './go-math';

// Special cases as documented in Go's math package.
describe("Go's math special cases", () => {
  it.each<[string, (x: number) => number, number, number]>([
    ['sin(-0)', goSin, -0, -0],
    ['sin(Inf)', goSin, Infinity, NaN],
    ['cos(NaN)', goCos, NaN, NaN],
    ['cos(-Inf)', goCos, -Infinity, NaN],
    ['cos(0)', goCos, 0, 1],
    ['tan(-0)', goTan, -0, -0],
    ['tan(Inf)', goTan, Infinity, NaN],
    ['atan(Inf)', goAtan, Infinity, Math.PI / 2],
    ['atan(-0)', goAtan, -0, -0],
    ['asin(2)', goAsin, 2, NaN],
    ['asin(1)', goAsin, 1, Math.PI / 2],
    ['acos(1)', goAcos, 1, 0],
    ['sinh(-Inf)', goSinh, -Infinity, -Infinity],
    ['cosh(-Inf)', goCosh, -Infinity, Infinity],
    ['tanh(-Inf)', goTanh, -Infinity, -1],
    ['tanh(-0)', goTanh, -0, -0],
  ])('%s', (_name, f, x, want) => {
    expect(Object.is(f(x), want)).toBe(true);
  });

  it('stays close to V8 for huge arguments (Payne–Hanek range falls back to Math.*)', () => {
    expect(goSin(1e10)).toBe(Math.sin(1e10));
    expect(goCos(2 ** 29)).toBe(Math.cos(2 ** 29));
  });

  it('agrees with Math.* to within an ulp or two on ordinary arguments', () => {
    for (let x = -20; x <= 20; x += 0.37) {
      expect(goSin(x)).toBeCloseTo(Math.sin(x), 14);
      expect(goCos(x)).toBeCloseTo(Math.cos(x), 14);
      expect(goAtan(x)).toBeCloseTo(Math.atan(x), 14);
      expect(goTanh(x)).toBeCloseTo(Math.tanh(x), 14);
    }
  });
});
