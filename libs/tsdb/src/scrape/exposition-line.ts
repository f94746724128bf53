// One line of the exposition formats: the complete (validating) line parser, metadata lines, Go-style floats,
// and the error every parser throws. exposition.ts builds the body readers on these.
import type { Labels } from '@vigil/model';

/** ScrapedSample is one sample line: its labels (with `__name__`), value and explicit timestamp in ms, if any. */
export interface ScrapedSample {
  labels: Labels;
  value: number;
  timestampMs?: number;
}

/** ExpositionError says why a scrape body cannot be read; `line` is 1-based (0 for the body as a whole). */
export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
    readonly lineText = '',
  ) {
    super(
      line > 0
        ? `line ${line}: ${detail}${lineText ? ` while parsing: ${JSON.stringify(lineText)}` : ''}`
        : detail,
    );
    this.name = 'ExpositionError';
  }
}

const METRIC_TYPES_TEXT = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const METRIC_TYPES_OM = new Set([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'unknown',
]);
const NAME_START = /[a-zA-Z_:]/;

/** isNameChar tells whether a char code may continue a metric name: [a-zA-Z0-9_:]. */
export function isNameChar(c: number): boolean {
  // [a-zA-Z0-9_:]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95;
}
const GO_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)$/;
const GO_SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

/** parseGoFloat reads a number as Go's strconv.ParseFloat does (NaN, ±Inf in any case); undefined if invalid. */
export function parseGoFloat(text: string): number | undefined {
  if (GO_SPECIAL.test(text)) {
    const lower = text.toLowerCase();
    if (lower.endsWith('nan')) return Number.NaN;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  if (!GO_FLOAT.test(text)) return undefined;
  if (/^[+-]?0[xX]/.test(text)) {
    const neg = text.startsWith('-');
    const n = Number.parseInt(text.replace(/^[+-]?0[xX]/, ''), 16);
    return neg ? -n : n;
  }
  return Number(text);
}

/** parseMetadata checks a `#` line (HELP, TYPE, UNIT; free comments in the text format); throws ExpositionError. */
export function parseMetadata(line: string, lineNo: number, om: boolean): void {
  const m = /^#[ \t]+(HELP|TYPE|UNIT)(?:[ \t]|$)/.exec(line);
  if (!m) {
    // The text format allows free comments; OpenMetrics allows only HELP, TYPE, UNIT and EOF.
    if (om) throw new ExpositionError(lineNo, 'expected HELP, TYPE, UNIT or EOF after #', line);
    return;
  }
  const kind = m[1] as 'HELP' | 'TYPE' | 'UNIT';
  const p = new LineParser(line, lineNo, om);
  p.pos = m[0].length;
  if (!om) p.skipBlanks();
  const name = p.metricName();
  if (name === undefined) throw p.fail(`expected metric name after ${kind}`);
  if (kind === 'UNIT' && !om) throw p.fail('UNIT is only valid in OpenMetrics');
  const rest = p.pos >= line.length ? '' : line.slice(p.pos);
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') throw p.fail(`expected text in ${kind}`);
  const text = rest.slice(1);
  if (kind === 'TYPE') {
    const t = om ? text : text.trim();
    if (!(om ? METRIC_TYPES_OM : METRIC_TYPES_TEXT).has(t)) {
      throw new ExpositionError(lineNo, `invalid metric type ${JSON.stringify(t)}`, line);
    }
  } else if (kind === 'UNIT' && text !== '') {
    if (!name.endsWith(`_${text}`)) {
      throw new ExpositionError(
        lineNo,
        `unit ${JSON.stringify(text)} not a suffix of metric ${JSON.stringify(name)}`,
        line,
      );
    }
  }
}

/** LineParser reads one sample or metadata line completely, validating every part. */
export class LineParser {
  pos = 0;
  /** Where the metric name and label block end (set by sample). */
  seriesEnd = 0;

  constructor(
    readonly line: string,
    readonly lineNo: number,
    readonly om: boolean,
  ) {}

  fail(detail: string): ExpositionError {
    return new ExpositionError(this.lineNo, detail, this.line);
  }

  skipBlanks(): void {
    while (this.line[this.pos] === ' ' || this.line[this.pos] === '\t') this.pos++;
  }

  /** metricName reads a bare metric name or a quoted one; undefined when neither starts here. */
  metricName(): string | undefined {
    if (this.line[this.pos] === '"') return this.quoted();
    return this.bareName(NAME_START);
  }

  bareName(start: RegExp): string | undefined {
    const from = this.pos;
    const c = this.line[this.pos];
    if (c === undefined || !start.test(c)) return undefined;
    this.pos++;
    const line = this.line;
    while (this.pos < line.length && isNameChar(line.charCodeAt(this.pos))) this.pos++;
    const name = line.slice(from, this.pos);
    // Label names may not contain ':'.
    if (start !== NAME_START && name.includes(':')) {
      this.pos = from + name.indexOf(':');
      return line.slice(from, this.pos);
    }
    return name;
  }

  /** quoted reads a double-quoted string with the escapes \\ \" \n. */
  quoted(): string {
    if (this.line[this.pos] !== '"') throw this.fail('expected a quoted string');
    this.pos++;
    // Fast path: no escapes before the closing quote.
    const close = this.line.indexOf('"', this.pos);
    if (close >= 0) {
      const raw = this.line.slice(this.pos, close);
      if (!raw.includes('\\')) {
        this.pos = close + 1;
        return raw;
      }
    }
    let out = '';
    for (;;) {
      const c = this.line[this.pos];
      if (c === undefined) throw this.fail('unterminated quoted string');
      this.pos++;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.line[this.pos];
      this.pos++;
      if (e === '\\') out += '\\';
      else if (e === '"') out += '"';
      else if (e === 'n') out += '\n';
      else if (this.om) throw this.fail(`invalid escape sequence \\${e ?? ''}`);
      else out += `\\${e ?? ''}`;
    }
  }

  sample(): ScrapedSample {
    const labels: Record<string, string> = {};
    let name: string | undefined;
    if (this.line[this.pos] !== '{') {
      name = this.bareName(NAME_START);
      if (name === undefined) throw this.fail('expected a valid start token');
      if (!this.om) {
        // `name {…}` is allowed in the text format; blanks before the value are the value's separator.
        const at = this.pos;
        this.skipBlanks();
        if (this.line[this.pos] !== '{') this.pos = at;
      }
    }
    if (this.line[this.pos] === '{') name = this.labelSet(labels, name);
    if (name === undefined || name === '') throw this.fail('metric name not set');
    labels['__name__'] = name;
    this.seriesEnd = this.pos;
    const value = this.number('value');
    let timestampMs: number | undefined;
    if (this.atField()) {
      if (this.om && this.line[this.pos + 1] === '#') {
        // An exemplar right after the value.
      } else {
        timestampMs = this.timestamp();
      }
    }
    if (this.om && this.line.startsWith(' # ', this.pos)) {
      this.exemplar();
    }
    if (!this.om) this.skipBlanks();
    if (this.pos < this.line.length)
      throw this.fail(`unexpected ${JSON.stringify(this.line.slice(this.pos))}`);
    return timestampMs === undefined ? { labels, value } : { labels, value, timestampMs };
  }

  /** atField tells whether a separator and another field follow. */
  atField(): boolean {
    if (this.om) return this.line[this.pos] === ' ' && this.pos + 1 < this.line.length;
    let p = this.pos;
    while (this.line[p] === ' ' || this.line[p] === '\t') p++;
    return p > this.pos && p < this.line.length;
  }

  field(): string {
    if (this.om) {
      if (this.line[this.pos] !== ' ') throw this.fail('expected a space');
      this.pos++;
    } else {
      const from = this.pos;
      this.skipBlanks();
      if (this.pos === from) throw this.fail('expected whitespace');
    }
    const from = this.pos;
    while (this.pos < this.line.length && this.line[this.pos] !== ' ' && this.line[this.pos] !== '\t')
      this.pos++;
    return this.line.slice(from, this.pos);
  }

  number(what: string): number {
    const text = this.field();
    if (text === '') throw this.fail(`expected ${what}`);
    const v = parseGoFloat(text);
    if (v === undefined)
      throw this.fail(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
    return v;
  }

  timestamp(): number {
    const text = this.field();
    if (this.om) {
      const s = parseGoFloat(text);
      if (s === undefined || !Number.isFinite(s))
        throw this.fail(`invalid timestamp ${JSON.stringify(text)}`);
      return Math.trunc(s * 1000);
    }
    if (!/^[+-]?\d+$/.test(text))
      throw this.fail(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
    return Number(text);
  }

  exemplar(): void {
    this.pos += 3;
    if (this.line[this.pos] !== '{') throw this.fail('expected label set in exemplar');
    this.labelSet({}, '');
    this.number('exemplar value');
    if (this.atField()) this.timestamp();
  }

  /** labelSet reads `{…}` into labels; a lone quoted string inside is the metric name (UTF-8 names). */
  labelSet(labels: Record<string, string>, name: string | undefined): string | undefined {
    this.pos++;
    let first = true;
    for (;;) {
      if (!this.om) this.skipBlanks();
      if (this.line[this.pos] === '}') {
        this.pos++;
        return name;
      }
      if (!first) {
        if (this.line[this.pos] !== ',') throw this.fail('expected "," or "}" after label value');
        this.pos++;
        if (!this.om) this.skipBlanks();
        if (this.line[this.pos] === '}') {
          this.pos++;
          return name;
        }
      }
      first = false;
      const quotedName = this.line[this.pos] === '"';
      const label = quotedName ? this.quoted() : this.bareName(/[a-zA-Z_]/);
      if (label === undefined) throw this.fail('expected label name');
      if (!this.om) this.skipBlanks();
      if (quotedName && (this.line[this.pos] === ',' || this.line[this.pos] === '}')) {
        if (name !== undefined) throw this.fail('metric name set twice');
        name = label;
        continue;
      }
      if (this.line[this.pos] !== '=')
        throw this.fail(`expected "=" after label name ${JSON.stringify(label)}`);
      this.pos++;
      if (!this.om) this.skipBlanks();
      if (this.line[this.pos] !== '"') throw this.fail('expected label value');
      const value = this.quoted();
      if (label in labels) throw this.fail(`duplicate label name ${JSON.stringify(label)}`);
      if (label === '__name__') throw this.fail('label name "__name__" is reserved');
      labels[label] = value;
    }
  }
}
