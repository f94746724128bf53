// Parser options: which experimental PromQL features are accepted.

/** ParserOptions enables experimental language features (all off by default, as in Prometheus). */
export interface ParserOptions {
  /** Experimental functions and aggregations (limitk, limit_ratio, sort_by_label, info, ...): promql-experimental-functions. */
  experimentalFunctions?: boolean;
  /** Arithmetic, step(), range(), min_of(), max_of() in ranges and offsets: promql-duration-expr. */
  durationExpressions?: boolean;
  /** `anchored` and `smoothed` range modifiers: promql-extended-range-selectors. */
  extendedRangeSelectors?: boolean;
  /** fill(), fill_left(), fill_right() binary-operator modifiers: promql-binop-fill-modifiers. */
  binopFillModifiers?: boolean;
  /** Maximum nesting of parentheses, calls and aggregations before a ParseError (default DEFAULT_MAX_DEPTH). */
  maxDepth?: number;
  /** Maximum query length in UTF-16 code units before a ParseError (default DEFAULT_MAX_LENGTH). */
  maxLength?: number;
}

/** ALL_FEATURES enables every experimental feature, as Prometheus's own PromQL test harness does. */
export const ALL_FEATURES: Readonly<ParserOptions> = Object.freeze({
  experimentalFunctions: true,
  durationExpressions: true,
  extendedRangeSelectors: true,
  binopFillModifiers: true,
});

/** ResolvedOptions is ParserOptions with defaults applied. */
export type ResolvedOptions = Required<ParserOptions>;

/** DEFAULT_MAX_DEPTH bounds recursion so deeply nested input fails cleanly instead of overflowing the stack. */
export const DEFAULT_MAX_DEPTH = 500;

/** DEFAULT_MAX_LENGTH bounds the work one query can cause (1 MiB of text; real queries are a few KiB). */
export const DEFAULT_MAX_LENGTH = 1 << 20;

/** resolveOptions applies defaults. */
export function resolveOptions(options: ParserOptions = {}): ResolvedOptions {
  return {
    experimentalFunctions: options.experimentalFunctions ?? false,
    durationExpressions: options.durationExpressions ?? false,
    extendedRangeSelectors: options.extendedRangeSelectors ?? false,
    binopFillModifiers: options.binopFillModifiers ?? false,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxLength: options.maxLength ?? DEFAULT_MAX_LENGTH,
  };
}
