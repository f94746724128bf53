// Parsers for the Prometheus text exposition format (0.0.4 and 1.0.0) and OpenMetrics 1.0 text, reading every
// line into flat samples: histograms and summaries come out as their `_bucket`/`_sum`/`_count`/quantile series,
// exemplars are skipped, metadata (HELP/TYPE/UNIT) is checked but not kept.
import type { Labels } from '@vigil/model';
import {
  ExpositionError,
  LineParser,
  isNameChar,
  parseGoFloat,
  parseMetadata,
  type ScrapedSample,
} from './exposition-line';

export { ExpositionError, parseGoFloat, type ScrapedSample } from './exposition-line';

/** ExpositionFormat selects the parser: Prometheus text (`text/plain`) or OpenMetrics. */
export type ExpositionFormat = 'text' | 'openmetrics';

/** formatFromContentType picks the parser for a response's Content-Type (text for anything but OpenMetrics). */
export function formatFromContentType(contentType: string | undefined): ExpositionFormat {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/openmetrics-text' ? 'openmetrics' : 'text';
}

/**
 * parseExposition reads a whole scrape body. Throws ExpositionError naming the first bad line, as Prometheus
 * fails the whole scrape on one.
 */
export function parseExposition(body: string, format: ExpositionFormat): ScrapedSample[] {
  const r = new ExpositionReader(body, format);
  const out: ScrapedSample[] = [];
  while (r.next()) {
    const labels = r.labels();
    out.push(
      r.timestampMs === undefined
        ? { labels, value: r.value }
        : { labels, value: r.value, timestampMs: r.timestampMs },
    );
  }
  return out;
}

/**
 * ExpositionReader walks a scrape body one sample line at a time (Prometheus's textparse): `next` checks the
 * line's metric name, label block boundaries, value and timestamp, and exposes the raw series text (name plus
 * label block, as written) without building labels; `labels` parses and validates the label block on demand.
 * A caller that has seen the same series text before (and so knows it parses) may skip `labels`. Throws
 * ExpositionError naming the first bad line, with the messages parseExposition gives.
 */
export class ExpositionReader {
  value = 0;
  timestampMs: number | undefined = undefined;
  /** Whether the current line's series text is the one passed to next. */
  expected = false;
  /** 1-based number of the current line. */
  lineNo = 0;
  readonly #body: string;
  readonly #om: boolean;
  #pos = 0;
  #sawEof = false;
  #lineStart = 0;
  #lineEnd = 0;
  #labels: Labels | undefined = undefined;
  #seriesStart = 0;
  #seriesEnd = 0;

  constructor(body: string, format: ExpositionFormat) {
    this.#body = body;
    this.#om = format === 'openmetrics';
  }

  /** series is the raw text of the current line's metric name and label block, as written. */
  get series(): string {
    return this.#body.slice(this.#seriesStart, this.#seriesEnd);
  }

  /**
   * #endsSeries tells whether a known series text (as this reader took it from a line before) found at the line's
   * start ends the series there: a label block's '}' does; a bare name must not be followed by a label block.
   */
  #endsSeries(text: string, at: number, le: number): boolean {
    const body = this.#body;
    const next = body.charCodeAt(at);
    if (at >= le || !isBlank(next)) return false;
    if (text.charCodeAt(text.length - 1) === 125 || this.#om) return true;
    let q = at;
    while (q < le && isBlank(body.charCodeAt(q))) q++;
    return body.charCodeAt(q) !== 123;
  }

  /** seriesIs tells whether the current line's series text is `text`, without making a string. */
  seriesIs(text: string): boolean {
    const from = this.#seriesStart;
    return text.length === this.#seriesEnd - from && this.#body.startsWith(text, from);
  }

  /**
   * next advances to the next sample line; false at the end of the body. `expect` is a series text the caller
   * guesses the line has (e.g. the same line of the last scrape): when the line starts with it, its label block
   * is not scanned and `expected` says so.
   */
  next(expect?: string): boolean {
    const body = this.#body;
    const om = this.#om;
    while (this.#pos < body.length) {
      const ls = this.#pos;
      const nl = body.indexOf('\n', ls);
      const le = nl < 0 ? body.length : nl;
      this.#pos = le + 1;
      const lineNo = ++this.lineNo;
      if (this.#sawEof) throw new ExpositionError(lineNo, 'unexpected data after # EOF', body.slice(ls, le));
      let p = ls;
      if (om) {
        if (le === ls) throw new ExpositionError(lineNo, 'unexpected empty line');
        if (body.charCodeAt(ls) === 35 /* # */) {
          const line = body.slice(ls, le);
          if (line === '# EOF') this.#sawEof = true;
          else parseMetadata(line, lineNo, true);
          continue;
        }
      } else {
        while (p < le && isBlank(body.charCodeAt(p))) p++;
        if (p === le) continue;
        if (body.charCodeAt(p) === 35) {
          parseMetadata(body.slice(p, le), lineNo, false);
          continue;
        }
      }
      this.#lineStart = ls;
      this.#lineEnd = le;
      this.#labels = undefined;
      this.expected = false;
      if (!this.#fast(p, le, expect)) {
        this.#full();
        this.expected = expect !== undefined && this.seriesIs(expect);
      }
      return true;
    }
    if (om && !this.#sawEof) throw new ExpositionError(0, 'data does not end with # EOF');
    return false;
  }

  /** labels returns the current line's labels (with `__name__`), validating the whole line. */
  labels(): Labels {
    if (this.#labels === undefined) this.#full();
    return this.#labels as Labels;
  }

  /** #full parses the current line with the complete parser (throws its errors). */
  #full(): void {
    const line = this.#body.slice(this.#lineStart, this.#lineEnd);
    const lp = new LineParser(line, this.lineNo, this.#om);
    if (!this.#om) lp.skipBlanks();
    const from = lp.pos;
    const s = lp.sample();
    this.#setSeries(this.#lineStart + from, this.#lineStart + lp.seriesEnd);
    this.#labels = s.labels;
    this.value = s.value;
    this.timestampMs = s.timestampMs;
  }

  #setSeries(from: number, to: number): void {
    this.#seriesStart = from;
    this.#seriesEnd = to;
  }

  /**
   * #fast reads the common line shape (`name{…} value [timestamp]`) straight from the body; false when the line
   * is anything else or malformed, and the complete parser takes over.
   */
  #fast(p: number, le: number, expect: string | undefined): boolean {
    const body = this.#body;
    const om = this.#om;
    const from = p;
    let c = body.charCodeAt(p);
    if (
      expect !== undefined &&
      body.startsWith(expect, p) &&
      this.#endsSeries(expect, p + expect.length, le)
    ) {
      p += expect.length;
      this.expected = true;
    } else {
      if (c !== 123 /* { */) {
        if (!isNameStart(c)) return false;
        p++;
        while (p < le && isNameChar(body.charCodeAt(p))) p++;
        if (!om) {
          let q = p;
          while (q < le && isBlank(body.charCodeAt(q))) q++;
          if (body.charCodeAt(q) === 123) p = q;
        }
      } else if (p + 1 < le && body.charCodeAt(p + 1) === 125 /* } */) {
        return false;
      }
      if (p < le && body.charCodeAt(p) === 123) {
        p++;
        for (;;) {
          if (p >= le) return false;
          c = body.charCodeAt(p++);
          if (c === 125) break;
          if (c !== 34 /* " */) continue;
          for (;;) {
            if (p >= le) return false;
            c = body.charCodeAt(p++);
            if (c === 34) break;
            if (c === 92 /* \ */) p++;
          }
        }
      }
    }
    const seriesEnd = p;
    // The value: one space (OpenMetrics) or blanks (text) before it.
    if (om) {
      if (body.charCodeAt(p) !== 32) return false;
      p++;
    } else {
      const at = p;
      while (p < le && isBlank(body.charCodeAt(p))) p++;
      if (p === at) return false;
    }
    const vs = p;
    while (p < le && !isBlank(body.charCodeAt(p))) p++;
    if (p === vs) return false;
    const value = fastFloat(body, vs, p);
    if (value === undefined) return false;
    let ts: number | undefined;
    if (p < le) {
      if (om) return false;
      while (p < le && isBlank(body.charCodeAt(p))) p++;
      if (p < le) {
        const ts0 = p;
        while (p < le && !isBlank(body.charCodeAt(p))) p++;
        ts = fastInt(body, ts0, p);
        if (ts === undefined) return false;
        while (p < le && isBlank(body.charCodeAt(p))) p++;
        if (p < le) return false;
      }
    }
    this.#setSeries(from, seriesEnd);
    this.value = value;
    this.timestampMs = ts;
    return true;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isNameStart(c: number): boolean {
  // [a-zA-Z_:]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** fastFloat reads a plain decimal number (digits, '.', exponent, sign) of body[from, to); else parseGoFloat. */
function fastFloat(body: string, from: number, to: number): number | undefined {
  // Clinger's fast path: up to 2^53 as an integer over an exact power of ten is correctly rounded by one
  // division, as Go's and JavaScript's parsers round; no string is made.
  let i = from;
  const c0 = body.charCodeAt(i);
  const neg = c0 === 45;
  if (neg || c0 === 43) i++;
  let mant = 0;
  let digits = 0;
  let frac = -1;
  for (; i < to; i++) {
    const c = body.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else break;
  }
  if (i === to && digits > 0 && mant <= Number.MAX_SAFE_INTEGER && frac <= 22) {
    const v = frac > 0 ? mant / (POW10[frac] as number) : mant;
    return neg ? -v : v;
  }
  let plain = true;
  for (let j = from; j < to; j++) {
    const c = body.charCodeAt(j);
    // 0-9 . e E + -
    if (!((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45)) {
      plain = false;
      break;
    }
  }
  const text = body.slice(from, to);
  if (plain) {
    // Over this alphabet JavaScript's decimal literal grammar is Go's: same acceptance, same rounding.
    const v = Number(text);
    return Number.isNaN(v) ? undefined : v;
  }
  return parseGoFloat(text);
}

/** fastInt reads `[+-]?\d+` of body[from, to) as the text format's timestamp; undefined otherwise. */
function fastInt(body: string, from: number, to: number): number | undefined {
  let i = from;
  const c0 = body.charCodeAt(i);
  if (c0 === 43 || c0 === 45) i++;
  if (i === to) return undefined;
  for (; i < to; i++) {
    const c = body.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(body.slice(from, to));
}
