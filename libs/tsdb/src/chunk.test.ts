import { STALE_NAN } from '@vigil/model';
import { describe, expect, it } from 'vitest';
import { ChunkEncoder, chunkCount, decodeChunk, floatBits } from './chunk';

interface Decoded {
  t: number[];
  bits: [number, number][];
  stale: boolean[];
}

// V8 canonicalises NaN payloads in plain number arrays, so tables name the staleness marker 'stale'.
type V = number | 'stale';
const val = (v: V): number => (v === 'stale' ? STALE_NAN : v);

function roundTrip(ts: readonly number[], vs: readonly V[]): Decoded {
  const enc = new ChunkEncoder();
  ts.forEach((t, i) => {
    const [hi, lo] = floatBits(val(vs[i] as V));
    enc.append(t, hi, lo);
  });
  const bytes = enc.finish();
  expect(chunkCount(bytes)).toBe(ts.length);
  const out: Decoded = { t: [], bits: [], stale: [] };
  decodeChunk(bytes, -Infinity, Infinity, (t, v, stale) => {
    out.t.push(t);
    out.bits.push(floatBits(v));
    out.stale.push(stale);
  });
  return out;
}

describe('XOR chunk', () => {
  it.each([
    ['regular scrape, constant value', [0, 15000, 30000, 45000], [1, 1, 1, 1]],
    ['counter', [1700000000000, 1700000015000, 1700000030001, 1700000044999], [10, 12.5, 100.25, 1e9]],
    [
      'special floats',
      [1, 2, 3, 4, 5, 6, 7],
      [NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE],
    ],
    ['staleness markers', [10, 20, 30, 40], [5, 'stale', 5, 'stale']],
    ['negative and huge timestamps', [-5e12, -1, 0, 2 ** 52], [1, 2, 3, 4]],
    [
      'all delta-of-delta buckets',
      [0, 1, 8000, 16000 + 70000, 200000 + 86000, 1e6 + 286000, 9e9],
      [1, 2, 3, 4, 5, 6, 7],
    ],
    ['single sample', [42], [3.14]],
  ] as [string, number[], V[]][])('%s round-trips exactly (bits)', (_name, ts, vs) => {
    const got = roundTrip(ts, vs);
    expect(got.t).toEqual(ts);
    expect(got.bits).toEqual(vs.map((v) => floatBits(val(v))));
  });

  it('flags the staleness marker, and only it, as stale', () => {
    const got = roundTrip([1, 2, 3], ['stale', NaN, 1]);
    expect(got.stale).toEqual([true, false, false]);
    expect(got.bits[0]).toEqual([0x7ff00000, 2]);
  });

  it('round-trips random walks of 120 samples', () => {
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let run = 0; run < 50; run++) {
      const ts: number[] = [];
      const vs: number[] = [];
      let t = Math.floor(rnd() * 1e12);
      let v = rnd() * 1000;
      for (let i = 0; i < 120; i++) {
        t += 1 + Math.floor(rnd() * (run % 2 === 0 ? 30000 : 30));
        v = run % 3 === 0 ? Math.round(v + rnd() * 10) : v * (0.9 + rnd() * 0.2);
        ts.push(t);
        vs.push(v);
      }
      const got = roundTrip(ts, vs);
      expect(got.t).toEqual(ts);
      expect(got.bits).toEqual(vs.map((x) => floatBits(x)));
    }
  });

  it('decodes only the requested time range', () => {
    const enc = new ChunkEncoder();
    for (let i = 0; i < 10; i++) enc.append(i * 10, 0, i);
    const seen: number[] = [];
    decodeChunk(enc.bytes(), 25, 60, (t) => seen.push(t), enc.count);
    expect(seen).toEqual([30, 40, 50, 60]);
  });
});
