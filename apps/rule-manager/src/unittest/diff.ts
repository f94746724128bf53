// promtool's `--diff` output for alert mismatches: expected and received alerts as JSON, compared with
// nsf/jsondiff's console options (keys sorted, 4-space indent; added parts green, removed red, changed values
// `old => new` in yellow, each colour reopened after every line break).
import { quote } from '@vigil/templating';
import type { Labels } from '@vigil/model';
import type { LabelsAndAnnotations } from './format';

interface Tag {
  begin: string;
  end: string;
}

const NORMAL: Tag = { begin: '', end: '' };
const ADDED: Tag = { begin: '\x1b[0;32m', end: '\x1b[0m' };
const REMOVED: Tag = { begin: '\x1b[0;31m', end: '\x1b[0m' };
const CHANGED: Tag = { begin: '\x1b[0;33m', end: '\x1b[0m' };
const INDENT = '    ';

type Json = string | Json[] | { [key: string]: Json };

/** alertsDiff returns the coloured diff of expected against received alerts, or undefined when equal. */
export function alertsDiff(
  exp: readonly LabelsAndAnnotations[],
  got: readonly LabelsAndAnnotations[],
): string | undefined {
  const w = new DiffWriter();
  w.diff(toJson(exp), toJson(got));
  return w.equal ? undefined : w.finish();
}

function toJson(alerts: readonly LabelsAndAnnotations[]): Json[] {
  // An empty side is compared as one alert without labels, as promtool does.
  const list = alerts.length > 0 ? alerts : [{ labels: {}, annotations: {} }];
  return list.map((a) => ({ Labels: object(a.labels), Annotations: object(a.annotations) }));
}

function object(labels: Labels): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(labels)) out[k] = labels[k] ?? '';
  return out;
}

class DiffWriter {
  private out = '';
  private level = 0;
  private last: Tag | undefined;
  equal = true;

  finish(): string {
    return this.out + (this.last?.end ?? '');
  }

  diff(a: Json, b: Json): void {
    if (typeof a === 'string' || typeof b === 'string' || Array.isArray(a) !== Array.isArray(b)) {
      if (a === b) {
        this.tag(NORMAL);
        this.value(a, true);
      } else {
        this.tag(CHANGED);
        this.value(a, false);
        this.out += ' => ';
        this.value(b, false);
        this.equal = false;
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      this.open('[', n);
      for (let i = 0; i < n; i++) {
        const x = a[i];
        const y = b[i];
        if (x !== undefined && y !== undefined) this.diff(x, y);
        else this.only(x ?? y ?? '', x !== undefined ? REMOVED : ADDED);
        this.next(i, n);
      }
      this.out += ']';
      return;
    }
    const ao = a as { [key: string]: Json };
    const bo = b as { [key: string]: Json };
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
    this.open('{', keys.length);
    keys.forEach((k, i) => {
      const x = ao[k];
      const y = bo[k];
      if (x !== undefined && y !== undefined) {
        this.out += `${quote(k)}: `;
        this.diff(x, y);
      } else {
        this.only(x ?? y ?? '', x !== undefined ? REMOVED : ADDED, k);
      }
      this.next(i, keys.length);
    });
    this.out += '}';
  }

  /** only writes a value present on one side: removed (expected only) or added (received only). */
  private only(v: Json, tag: Tag, key?: string): void {
    this.tag(tag);
    if (key !== undefined) this.out += `${quote(key)}: `;
    this.value(v, true);
    this.equal = false;
  }

  private open(bracket: string, n: number): void {
    this.tag(NORMAL);
    if (n === 0) {
      this.out += bracket;
    } else {
      this.level++;
      this.newline(bracket);
    }
  }

  private next(i: number, n: number): void {
    this.tag(NORMAL);
    if (i !== n - 1) {
      this.newline(',');
    } else {
      this.level--;
      this.newline('');
    }
  }

  private tag(t: Tag): void {
    if (this.last === t) return;
    if (this.last) this.out += this.last.end;
    this.out += t.begin;
    this.last = t;
  }

  private newline(s: string): void {
    this.out += s + (this.last?.end ?? '') + '\n' + INDENT.repeat(this.level) + (this.last?.begin ?? '');
  }

  private value(v: Json, full: boolean): void {
    if (typeof v === 'string') {
      this.out += quote(v);
      return;
    }
    const isArray = Array.isArray(v);
    if (!full) {
      this.out += isArray ? '[]' : '{}';
      return;
    }
    const entries: [string | undefined, Json][] = isArray
      ? v.map((x): [undefined, Json] => [undefined, x])
      : Object.keys(v)
          .sort()
          .map((k): [string, Json] => [k, v[k] as Json]);
    const [openBracket, closeBracket] = isArray ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      this.out += openBracket;
    } else {
      this.level++;
      this.newline(openBracket);
    }
    entries.forEach(([k, x], i) => {
      if (k !== undefined) this.out += `${quote(k)}: `;
      this.value(x, true);
      if (i !== entries.length - 1) {
        this.newline(',');
      } else {
        this.level--;
        this.newline('');
      }
    });
    this.out += closeBracket;
  }
}
