// Go's internal/fmtsort: the key order fmt prints maps in and text/template ranges over them in.
import { compareStrings } from '@vigil/model';
import { Value } from './value';

function compareValues(a: Value, b: Value): number {
  if (a.type !== b.type) return -1;
  const ra = a.raw;
  const rb = b.raw;
  switch (a.kind) {
    case 'string':
      return compareStrings(ra as string, rb as string);
    case 'bool':
      return ra === rb ? 0 : ra ? 1 : -1;
    case 'float32':
    case 'float64': {
      const x = ra as number;
      const y = rb as number;
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
      if (Number.isNaN(y)) return 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'interface': {
      const ea = a.elem();
      const eb = b.elem();
      if (!ea.valid || !eb.valid) return !ea.valid && !eb.valid ? 0 : !ea.valid ? -1 : 1;
      const byType = compareStrings(String(ea.type), String(eb.type));
      return byType !== 0 ? byType : compareValues(ea, eb);
    }
    default:
      if (typeof ra === 'bigint' && typeof rb === 'bigint') return ra < rb ? -1 : ra > rb ? 1 : 0;
      return 0;
  }
}

/** sortMapEntries returns a map's entries ordered by key as fmtsort orders them. */
export function sortMapEntries(m: Value): { key: Value; value: Value }[] {
  return Array.from(m.entries().values()).sort((x, y) => compareValues(x.key, y.key));
}
