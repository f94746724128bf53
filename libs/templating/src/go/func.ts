// A helper to declare Go-typed functions for template FuncMaps.
import { sliceOf, type GoFunc, type GoType, type NativeFn } from './types';

/** GoFuncOptions marks a function variadic (last param is the element type) or as returning an error. */
export interface GoFuncOptions {
  variadic?: boolean;
  err?: boolean;
}

/**
 * goFunc declares a function with Go parameter and result types. For a variadic function give the element
 * type of the last parameter (`goFunc([T.string, T.any], T.string, f, { variadic: true })` is
 * `func(string, ...interface {}) string`). The implementation throws to return a Go error.
 */
export function goFunc(params: GoType[], out: GoType, call: NativeFn, opts: GoFuncOptions = {}): GoFunc {
  const variadic = opts.variadic ?? false;
  const last = params[params.length - 1];
  const inTypes = variadic && last ? [...params.slice(0, -1), sliceOf(last)] : params;
  return { sig: { in: inTypes, out, variadic, err: opts.err ?? false }, call };
}
