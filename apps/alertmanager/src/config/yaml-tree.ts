// A small YAML tree with line numbers, built with every scalar kept as its source text (the failsafe
// schema), so that decoding can apply Go yaml.v2's typing rules itself. Aliases and `<<` merge keys are
// resolved here; only the first document counts, as with yaml.v2.

import {
  Alias,
  LineCounter,
  Scalar,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
} from 'yaml';

/** Position of a node in the source (1-based). */
export interface Position {
  line: number;
  column: number;
}

/** A scalar with its source text; `plain` is false for quoted and block scalars. */
export interface YScalar extends Position {
  kind: 'scalar';
  text: string;
  plain: boolean;
  tag?: string;
}

/** A YAML null (`~`, `null`, or nothing at all). */
export interface YNull extends Position {
  kind: 'null';
}

/** A mapping entry. */
export interface YEntry {
  key: string;
  keyPos: Position;
  value: YNode;
}

/** A mapping, entries in source order. */
export interface YMap extends Position {
  kind: 'map';
  entries: YEntry[];
}

/** A sequence. */
export interface YSeq extends Position {
  kind: 'seq';
  items: YNode[];
}

/** Any node of the tree. */
export type YNode = YScalar | YNull | YMap | YSeq;

/** A syntax error found while reading the YAML text. */
export interface YamlSyntaxError extends Position {
  message: string;
}

/** ParsedYaml is the first document's tree (undefined when the text has no content) and its syntax errors. */
export interface ParsedYaml {
  root: YNode | undefined;
  errors: YamlSyntaxError[];
}

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** parseYamlTree reads YAML text into a YNode tree with positions. */
export function parseYamlTree(text: string): ParsedYaml {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true });
  const doc: Document | undefined = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return { root: undefined, errors: [] };
  const errors = doc.errors.map((e) => {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    return {
      line: pos.line,
      column: pos.col,
      message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    };
  });
  if (errors.length > 0) return { root: undefined, errors };
  const builder = new TreeBuilder(doc, lines);
  return { root: doc.contents === null ? undefined : builder.build(doc.contents as YamlNode), errors: [] };
}

class TreeBuilder {
  private readonly resolving = new Set<YamlNode>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  position(node: { range?: [number, number, number] | null } | null | undefined): Position {
    const offset = node?.range?.[0] ?? 0;
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  build(node: YamlNode | null, fallback?: Position): YNode {
    if (node === null || node === undefined) return { kind: 'null', ...(fallback ?? { line: 1, column: 1 }) };
    const pos = this.position(node);
    if (isAlias(node)) return this.alias(node, pos);
    if (isScalar(node)) return this.scalar(node, pos);
    if (isSeq(node)) {
      return {
        kind: 'seq',
        ...pos,
        items: node.items.map((item) => this.build(item as YamlNode | null, pos)),
      };
    }
    if (isMap(node)) return this.map(node.items, pos);
    return { kind: 'null', ...pos };
  }

  private alias(node: Alias, pos: Position): YNode {
    const target = node.resolve(this.doc) as YamlNode | undefined;
    if (!target || this.resolving.has(target)) return { kind: 'null', ...pos };
    this.resolving.add(target);
    try {
      return this.build(target, pos);
    } finally {
      this.resolving.delete(target);
    }
  }

  private scalar(node: Scalar, pos: Position): YNode {
    const text = node.value === null || node.value === undefined ? '' : String(node.value);
    const plain = node.type === Scalar.PLAIN || node.type === undefined;
    const tag = node.tag ? node.tag.replace(/^tag:yaml\.org,2002:/, '!!') : undefined;
    if (tag === '!!null' || (plain && tag === undefined && NULL_WORDS.has(text)))
      return { kind: 'null', ...pos };
    return { kind: 'scalar', ...pos, text, plain: plain && tag === undefined, ...(tag ? { tag } : {}) };
  }

  private map(items: unknown[], pos: Position): YMap {
    const entries: YEntry[] = [];
    const merged: YEntry[] = [];
    for (const item of items) {
      if (!isPair(item)) continue;
      const keyNode = item.key as YamlNode | null;
      const keyPos = keyNode ? this.position(keyNode) : pos;
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value ?? '') : '';
      const value = this.build(item.value as YamlNode | null, keyPos);
      if (key === '<<' && keyNode && isScalar(keyNode) && keyNode.type === Scalar.PLAIN) {
        const sources = value.kind === 'seq' ? value.items : [value];
        for (const src of sources) if (src.kind === 'map') merged.push(...src.entries);
        continue;
      }
      entries.push({ key, keyPos, value });
    }
    // Keys written in the mapping itself win over merged ones; earlier merge sources win over later ones.
    for (const m of merged) if (!entries.some((e) => e.key === m.key)) entries.push(m);
    return { kind: 'map', ...pos, entries };
  }
}

/** describeNode names a node's YAML tag and value as yaml.v2 does in "cannot unmarshal" errors. */
export function describeNode(node: YNode): string {
  switch (node.kind) {
    case 'map':
      return '!!map';
    case 'seq':
      return '!!seq';
    case 'null':
      return '!!null';
    case 'scalar': {
      const tag = node.tag ?? (node.plain ? plainTag(node.text) : '!!str');
      const value = Array.from(node.text);
      const shown = value.length > 10 ? `${value.slice(0, 7).join('')}...` : node.text;
      return `${tag} \`${shown}\``;
    }
  }
}

const BOOL_WORDS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF'.split(' '),
);
const TRUE_WORDS = new Set('y Y yes Yes YES true True TRUE on On ON'.split(' '));
const INT_RE = /^[-+]?(0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS = new Set(
  '.inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF .nan .NaN .NAN'.split(' '),
);

/** plainTag resolves the implicit tag of a plain scalar as yaml.v2 (YAML 1.1) does. */
export function plainTag(text: string): '!!bool' | '!!int' | '!!float' | '!!str' {
  if (BOOL_WORDS.has(text)) return '!!bool';
  if (INT_RE.test(text) && parseGoInt(text) !== undefined) return '!!int';
  if (FLOAT_RE.test(text) || SPECIAL_FLOATS.has(text)) return '!!float';
  return '!!str';
}

/** plainBool returns the boolean a plain scalar stands for, or undefined. */
export function plainBool(text: string): boolean | undefined {
  return BOOL_WORDS.has(text) ? TRUE_WORDS.has(text) : undefined;
}

/** parseGoInt reads an integer as strconv.ParseInt(s, 0, 64) after yaml.v2 drops underscores. */
export function parseGoInt(text: string): number | undefined {
  const s = text.replace(/_/g, '');
  const m = /^([-+]?)(0b[01]+|0o[0-7]+|0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const digits = m[2] as string;
  let v: number;
  if (digits.startsWith('0b')) v = parseInt(digits.slice(2), 2);
  else if (digits.startsWith('0o')) v = parseInt(digits.slice(2), 8);
  else if (digits.startsWith('0x')) v = parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits.startsWith('0')) v = parseInt(digits.slice(1), 8);
  else v = Number(digits);
  return m[1] === '-' ? -v : v;
}

/** plainFloat reads a YAML 1.1 float (or int) scalar. */
export function plainFloat(text: string): number | undefined {
  if (SPECIAL_FLOATS.has(text))
    return text.includes('nan') || text.includes('NaN') || text.includes('NAN')
      ? NaN
      : text.startsWith('-')
        ? -Infinity
        : Infinity;
  const i = INT_RE.test(text) ? parseGoInt(text) : undefined;
  if (i !== undefined) return i;
  return FLOAT_RE.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}
