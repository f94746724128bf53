// Decodes a parsed YAML document the way Go's yaml.v3 decodes into structs: strict field names, Go's
// type errors (`line 3: cannot unmarshal !!int `5` into []rulefmt.Rule`) collected rather than thrown,
// merge keys, aliases with yaml.v3's guards against cycles and alias bombs.
import { isAlias, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Alias, Document, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { DurationError, parseDuration } from '@vigil/model';
import { goQuote } from '@vigil/model';
import type { PositionIndex } from './position-index';
import type { SourcePosition } from './types';
import { goFloatToInt, parseGoInt, resolvePlainTag } from './yaml-scalar';

/** YamlNode is any node of a parsed document, or null where a value is missing altogether. */
export type YamlNode = Node | null | undefined;

type Resolved = Scalar | YAMLMap | YAMLSeq | null;

/** DecodeProblem is one problem met while decoding, at the node it concerns. */
export interface DecodeProblem {
  position: SourcePosition;
  message: string;
}

/** DecodeAbort stops decoding where yaml.v3 gives up on the whole document. */
export class DecodeAbort extends Error {
  constructor(
    readonly position: SourcePosition | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** MapEntry is one key/value of a mapping after merge keys are applied. */
export interface MapEntry {
  name: string;
  key: YamlNode;
  value: YamlNode;
}

/** DecoderOptions tunes decoding; knownFields makes unknown struct fields errors, as promtool does. */
export interface DecoderOptions {
  knownFields: boolean;
}

// yaml.v3's alias-bomb guard: the share of decoded nodes reached through aliases may not grow past this.
function allowedAliasRatio(decodeCount: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/** GoYamlDecoder reads typed values out of a parsed document, recording problems as yaml.v3 would. */
export class GoYamlDecoder {
  /** Type errors and unknown fields, worded as yaml.v3 lists them (without its `line N:` prefix). */
  readonly typeErrors: DecodeProblem[] = [];
  /** Values that decode but are not valid (durations), reported one by one. */
  readonly valueErrors: DecodeProblem[] = [];

  private readonly aliasTargets = new Map<Alias, Node>();
  private readonly active = new Set<Node>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  constructor(
    doc: Document.Parsed,
    private readonly positions: PositionIndex,
    private readonly options: DecoderOptions,
  ) {
    // One pass in document order: an alias refers to the latest anchor of its name before it.
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) this.aliasTargets.set(node, target);
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
  }

  /** positionOf returns where a node starts (undefined for a value that is absent). */
  positionOf(node: YamlNode): SourcePosition | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.positions.at(offset);
  }

  /** resolvedPosition returns where the value behind a node starts, following aliases. */
  resolvedPosition(node: YamlNode): SourcePosition | undefined {
    let n = node;
    for (let hops = 0; isAlias(n) && hops < 100; hops++) n = this.aliasTargets.get(n);
    return this.positionOf(n) ?? this.positionOf(node);
  }

  /** struct decodes a mapping into named fields; `field` returns false for names the type does not have. */
  struct(node: YamlNode, goType: string, field: (entry: MapEntry) => boolean): void {
    this.visit(node, (n) => {
      if (n === null || this.isNull(n)) return;
      if (!isMap(n)) return this.typeError(n, goType);
      for (const entry of this.entries(n)) {
        if (!field(entry) && this.options.knownFields) {
          this.typeErrors.push({
            position: this.at(entry.key),
            message: `field ${entry.name} not found in type ${goType}`,
          });
        }
      }
    });
  }

  /** slice decodes a sequence, handing each item to `item`. */
  slice(node: YamlNode, goType: string, item: (itemNode: YamlNode) => void): void {
    this.visit(node, (n) => {
      if (n === null || this.isNull(n)) return;
      if (!isSeq(n)) return this.typeError(n, goType);
      for (const it of n.items) {
        // yaml.v3 drops null items from a slice of structs rather than appending a zero value.
        if (this.visit(it as YamlNode, (m) => m === null || this.isNull(m))) continue;
        item(it as YamlNode);
      }
    });
  }

  /** string decodes any scalar to its text (null is ""); undefined after a type error. */
  string(node: YamlNode): string | undefined {
    return this.visit(node, (n) => {
      if (n === null || this.isNull(n)) return '';
      if (isScalar(n)) return scalarText(n);
      this.typeError(n, 'string');
      return undefined;
    });
  }

  /** int decodes a Go `int` (floats truncate, as yaml.v3 does); undefined after a type error. */
  int(node: YamlNode): number | undefined {
    return this.visit(node, (n) => {
      if (n === null || this.isNull(n)) return 0;
      if (isScalar(n)) {
        const tag = this.tagOf(n);
        const text = scalarText(n);
        const v = tag === '!!int' ? parseGoInt(text) : tag === '!!float' ? goFloatToInt(text) : undefined;
        if (v !== undefined) return Number(v);
      }
      this.typeError(n, 'int');
      return undefined;
    });
  }

  /**
   * duration decodes a Prometheus duration to milliseconds: null is undefined (absent), a bad string
   * is a value error worded as prometheus/common words it.
   */
  duration(node: YamlNode): number | undefined {
    return this.visit(node, (n) => {
      if (n === null || this.isNull(n)) return undefined;
      if (!isScalar(n)) {
        this.typeError(n, 'string');
        return undefined;
      }
      const text = scalarText(n);
      const fail = (message: string): undefined => {
        this.valueErrors.push({ position: this.at(n), message });
        return undefined;
      };
      if (text === '') return fail('empty duration string');
      try {
        return parseDuration(text);
      } catch (err) {
        if (!(err instanceof DurationError)) throw err;
        return fail(
          err.message.startsWith('duration out of range')
            ? 'duration out of range'
            : `not a valid duration string: ${goQuote(text)}`,
        );
      }
    });
  }

  /** stringMap decodes a `map[string]string` in document order. */
  stringMap(node: YamlNode): MapEntry[] {
    return this.visit(node, (n) => {
      if (n === null || this.isNull(n)) return [];
      if (!isMap(n)) {
        this.typeError(n, 'map[string]string');
        return [];
      }
      return this.entries(n);
    });
  }

  private at(node: YamlNode): SourcePosition {
    return this.positionOf(node) ?? { line: 0, column: 0 };
  }

  private isNull(n: Scalar | YAMLMap | YAMLSeq): boolean {
    return isScalar(n) && this.tagOf(n) === '!!null';
  }

  private tagOf(n: Scalar): string {
    if (n.tag) return n.tag.replace(/^tag:yaml\.org,2002:/, '!!');
    return n.type === 'PLAIN' || n.type === undefined ? resolvePlainTag(scalarText(n)) : '!!str';
  }

  private typeError(n: Scalar | YAMLMap | YAMLSeq, goType: string): void {
    let tag: string;
    let shown = '';
    if (isMap(n)) tag = '!!map';
    else if (isSeq(n)) tag = '!!seq';
    else {
      tag = this.tagOf(n);
      const bytes = new TextEncoder().encode(scalarText(n));
      shown =
        bytes.length > 10
          ? ` \`${new TextDecoder().decode(bytes.subarray(0, 7))}...\``
          : ` \`${scalarText(n)}\``;
    }
    this.typeErrors.push({ position: this.at(n), message: `cannot unmarshal ${tag}${shown} into ${goType}` });
  }

  /** entries lists a mapping's keys and values; merge keys (`<<`) add only keys not already present. */
  private entries(map: YAMLMap): MapEntry[] {
    if (!this.uniqueKeys(map)) return [];
    const out: MapEntry[] = [];
    const seen = new Set<string>();
    const merges: YamlNode[] = [];
    for (const pair of map.items) {
      const key = pair.key as YamlNode;
      if (isMergeKey(key)) {
        merges.push(pair.value as YamlNode);
        continue;
      }
      const name = this.string(key);
      if (name === undefined) continue;
      seen.add(name);
      out.push({ name, key, value: pair.value as YamlNode });
    }
    for (const merge of merges) {
      for (const entry of this.mergedEntries(merge)) {
        if (seen.has(entry.name)) continue;
        seen.add(entry.name);
        out.push(entry);
      }
    }
    return out;
  }

  private mergedEntries(node: YamlNode): MapEntry[] {
    const wantMap = (): never => {
      throw new DecodeAbort(this.positionOf(node), 'map merge requires map or sequence of maps as the value');
    };
    return this.visit(node, (n) => {
      if (n !== null && isMap(n)) return this.entries(n);
      if (n === null || !isSeq(n)) return wantMap();
      const out: MapEntry[] = [];
      for (const item of n.items) {
        out.push(
          ...this.visit(item as YamlNode, (m) => (m !== null && isMap(m) ? this.entries(m) : wantMap())),
        );
      }
      return out;
    });
  }

  private uniqueKeys(map: YAMLMap): boolean {
    const first = new Map<string, YamlNode>();
    let ok = true;
    for (const pair of map.items) {
      const key = pair.key as YamlNode;
      const id = isScalar(key) ? `s:${scalarText(key)}` : isAlias(key) ? `a:${key.source}` : undefined;
      if (id === undefined) continue;
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, key);
        continue;
      }
      ok = false;
      const text = isAlias(key) ? key.source : scalarText(key as Scalar);
      this.typeErrors.push({
        position: this.at(key),
        message: `mapping key ${goQuote(text)} already defined at line ${this.at(earlier).line}`,
      });
    }
    return ok;
  }

  private visit<T>(node: YamlNode, decode: (n: Resolved) => T): T {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      throw new DecodeAbort(this.positionOf(node), 'document contains excessive aliasing');
    }
    if (node === null || node === undefined) return decode(null);
    if (isAlias(node)) {
      const target = this.aliasTargets.get(node);
      if (!target) throw new DecodeAbort(this.positionOf(node), `unknown anchor '${node.source}' referenced`);
      if (this.active.has(target)) {
        throw new DecodeAbort(this.positionOf(node), `anchor '${node.source}' value contains itself`);
      }
      this.aliasDepth++;
      try {
        return this.visit(target, decode);
      } finally {
        this.aliasDepth--;
      }
    }
    if (isMap(node) || isSeq(node)) {
      this.active.add(node);
      try {
        return decode(node);
      } finally {
        this.active.delete(node);
      }
    }
    if (isScalar(node)) return decode(node);
    // Pairs never stand where a value is expected in a parsed document; treat anything else as absent.
    return decode(null);
  }
}

/** scalarText is a scalar's value as written (Go's Node.Value): `0x10` stays `0x10`, not 16. */
function scalarText(n: Scalar): string {
  if (typeof n.source === 'string') return n.source;
  return n.value === null || n.value === undefined ? '' : String(n.value);
}

function isMergeKey(key: YamlNode): boolean {
  return isScalar(key) && key.type === 'PLAIN' && scalarText(key) === '<<' && !key.tag;
}
