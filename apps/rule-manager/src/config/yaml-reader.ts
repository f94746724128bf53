import { DurationError, parseDuration } from '@vigil/model';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue } from './config-error';

/** YamlValue is a field's node: a Node, null for an explicit YAML null or empty value, undefined when absent. */
export type YamlValue = Node | null | undefined;

/** MapView is a YAML mapping read into key order with each key's node kept for error positions. */
export interface MapView {
  node: Node;
  entries: Map<string, { key: Node; value: YamlValue }>;
}

/** KeySpec says which keys a mapping may have and what happens to keys Vigil knows but does not use. */
export interface KeySpec {
  known: readonly string[];
  /** Key → why it is ignored; accepted with a warning. */
  ignored?: Readonly<Record<string, string>>;
  /** Key → error text; rejected unless its value is empty (null, `[]`, `{}`). */
  unsupported?: Readonly<Record<string, string>>;
  /** Rejects keys matching a pattern with the returned text unless their value is empty. */
  unsupportedPattern?: { pattern: RegExp; message: (key: string) => string };
}

/**
 * YamlReader walks a parsed YAML document and reads typed values out of it, collecting every problem as
 * a ConfigIssue with the file, line, column and field path instead of stopping at the first.
 */
export class YamlReader {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** error records a problem at `at` (or the file when there is no node). */
  error(at: Node | null | undefined, path: string, message: string): void {
    this.errors.push(this.issue(at, path, message));
  }

  /** warn records an accepted-but-ignored setting at `at`. */
  warn(at: Node | null | undefined, path: string, message: string): void {
    this.warnings.push(this.issue(at, path, message));
  }

  /** position gives the 1-based line and column where a node starts (0/0 without one). */
  position(at: Node | null | undefined): { line: number; col: number } {
    const offset = at?.range?.[0];
    if (offset === undefined) return { line: 0, col: 0 };
    return this.lines.linePos(offset);
  }

  private issue(at: Node | null | undefined, path: string, message: string): ConfigIssue {
    const { line, col } = this.position(at);
    return { file: this.file, line, col, path, message };
  }

  /** resolve follows aliases and turns null scalars into null. */
  resolve(value: unknown): YamlValue {
    if (value === undefined) return undefined;
    if (value === null) return null;
    let node = value as Node;
    if (isAlias(node)) node = node.resolve(this.doc) as Node;
    if (node === undefined) return null;
    if (isScalar(node) && (node.value === null || node.value === undefined)) return null;
    return node;
  }

  /** map reads a mapping; null or absent gives undefined, anything else is an error. */
  map(value: YamlValue, path: string): MapView | undefined {
    const node = this.resolve(value);
    if (node === null || node === undefined) return undefined;
    if (!isMap(node)) {
      this.error(node, path, `expected a mapping, got ${describe(node)}`);
      return undefined;
    }
    const entries = new Map<string, { key: Node; value: YamlValue }>();
    const merged: MapView[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node;
      const key = this.keyText(keyNode, path);
      if (key === undefined) continue;
      // `<<: *anchor` merges another mapping, as Go's YAML decoder does; explicit keys win.
      if (key === '<<') {
        const target = this.resolve(pair.value);
        const sources = target && isSeq(target) ? target.items : [target];
        for (const src of sources) {
          const view = this.map(src as YamlValue, path);
          if (view) merged.push(view);
        }
        continue;
      }
      entries.set(key, { key: keyNode, value: pair.value as YamlValue });
    }
    for (const view of merged) {
      for (const [k, v] of view.entries) if (!entries.has(k)) entries.set(k, v);
    }
    return { node, entries };
  }

  private keyText(keyNode: Node, path: string): string | undefined {
    if (isScalar(keyNode) && keyNode.value !== null && typeof keyNode.value !== 'object') {
      return typeof keyNode.value === 'string' ? keyNode.value : (keyNode.source ?? String(keyNode.value));
    }
    this.error(keyNode, path, `expected a plain key, got ${describe(keyNode)}`);
    return undefined;
  }

  /** checkKeys reports unknown keys, warns about ignored ones and rejects unsupported ones. */
  checkKeys(view: MapView, path: string, spec: KeySpec): void {
    for (const [key, { key: keyNode, value }] of view.entries) {
      if (spec.known.includes(key)) continue;
      const fieldPath = join(path, key);
      const ignored = spec.ignored?.[key];
      if (ignored !== undefined) {
        this.warn(keyNode, fieldPath, `ignored: ${ignored}`);
        continue;
      }
      const unsupported =
        spec.unsupported?.[key] ??
        (spec.unsupportedPattern?.pattern.test(key) ? spec.unsupportedPattern.message(key) : undefined);
      if (unsupported !== undefined) {
        if (!this.isEmpty(value)) this.error(keyNode, fieldPath, unsupported);
        continue;
      }
      this.error(keyNode, fieldPath, `unknown field "${key}"`);
    }
  }

  /** isEmpty tells whether a value is null, absent, `[]` or `{}`. */
  isEmpty(value: YamlValue): boolean {
    const node = this.resolve(value);
    if (node === null || node === undefined) return true;
    return (isSeq(node) || isMap(node)) && node.items.length === 0;
  }

  /** seq reads a sequence's items; null or absent gives []. */
  seq(value: YamlValue, path: string): YamlValue[] {
    const node = this.resolve(value);
    if (node === null || node === undefined) return [];
    if (!isSeq(node)) {
      this.error(node, path, `expected a list, got ${describe(node)}`);
      return [];
    }
    return node.items as YamlValue[];
  }

  /** string reads a scalar as text; plain numbers and booleans keep their source spelling, as Go's decoder does. */
  string(value: YamlValue, path: string): string | undefined {
    const node = this.resolve(value);
    if (node === null || node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value === 'object') {
      this.error(node, path, `expected a string, got ${describe(node)}`);
      return undefined;
    }
    if (typeof node.value === 'string') return node.value;
    return node.source ?? String(node.value);
  }

  /** bool reads `true` or `false`. */
  bool(value: YamlValue, path: string): boolean | undefined {
    const node = this.resolve(value);
    if (node === null || node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.error(node, path, `expected true or false, got ${describe(node)}`);
    return undefined;
  }

  /** int reads a whole number no smaller than `min`. */
  int(value: YamlValue, path: string, min: number): number | undefined {
    const node = this.resolve(value);
    if (node === null || node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isSafeInteger(node.value)) {
      this.error(node, path, `expected an integer, got ${describe(node)}`);
      return undefined;
    }
    if (node.value < min) {
      this.error(node, path, `must be at least ${min}, got ${node.value}`);
      return undefined;
    }
    return node.value;
  }

  /** duration reads a Prometheus duration (`30s`, `1h30m`) as milliseconds. */
  duration(value: YamlValue, path: string): number | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    try {
      return parseDuration(text);
    } catch (err) {
      if (!(err instanceof DurationError)) throw err;
      this.error(this.resolve(value), path, err.message);
      return undefined;
    }
  }

  /** stringMap reads a mapping of string to string (a null value reads as ''). */
  stringMap(value: YamlValue, path: string): Record<string, string> | undefined {
    const view = this.map(value, path);
    return view ? this.stringEntries(view, path) : undefined;
  }

  /** stringEntries reads an already-read mapping's values as strings (a null value reads as ''). */
  stringEntries(view: MapView, path: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, entry] of view.entries) {
      out[key] = this.string(entry.value, join(path, key)) ?? '';
    }
    return out;
  }

  /** stringList reads a list of strings; null or absent gives []. */
  stringList(value: YamlValue, path: string): string[] {
    return this.stringItems(value, path).map(([text]) => text);
  }

  /** stringItems reads a list of strings with each item's node, for errors about single items. */
  stringItems(value: YamlValue, path: string): [text: string, node: Node, index: number][] {
    const out: [string, Node, number][] = [];
    this.seq(value, path).forEach((item, i) => {
      const node = this.resolve(item);
      if (node === null || node === undefined) {
        this.error(this.resolve(value), `${path}[${i}]`, 'empty list item');
        return;
      }
      const text = this.string(node, `${path}[${i}]`);
      if (text !== undefined) out.push([text, node, i]);
    });
    return out;
  }

  /** node returns the node at a field for positioning errors about its value. */
  node(value: YamlValue): Node | undefined {
    return this.resolve(value) ?? undefined;
  }
}

/** join appends a key to a dotted field path. */
export function join(path: string, key: string): string {
  // Keys that would make the path ambiguous are quoted: external_labels["a.b"].
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function describe(node: Node): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (typeof node.value === 'string') return `the string ${JSON.stringify(node.value)}`;
    return `${typeof node.value} ${node.source ?? String(node.value)}`;
  }
  return 'an unexpected node';
}
