// Small hooks the views share: the hash route, a loaded API resource, and a ticking clock.

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatHash, parseHash, type Route } from '../lib/route';

/** Navigate moves to a route; `replace` rewrites the current history entry (typing in a filter). */
export type Navigate = (route: Route, opts?: { replace?: boolean }) => void;

/** useRoute follows the location hash. */
export function useRoute(): [Route, Navigate] {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback<Navigate>((route, opts) => {
    const next = formatHash(route);
    if (opts?.replace) {
      window.history.replaceState(null, '', next);
      setHash(next);
    } else {
      window.location.hash = next;
    }
  }, []);
  return [useMemo(() => parseHash(hash), [hash]), navigate];
}

/** Resource is an API answer being loaded, with the last good data kept while reloading. */
export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** useResource loads `load()` whenever `deps` change (and on reload); later answers win over earlier ones. */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (err: unknown) =>
        mine === seq.current &&
        setState((s) => ({
          data: s.data,
          error: err instanceof Error ? err : new Error(String(err)),
          loading: false,
        })),
    );
  }, [...deps, tick]); // deps are the caller's: the loader changes with them
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** useNow is the current time, refreshed every `everyMs`, for "for 3h" and "ends in 20m". */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return now;
}

/** useInterval calls `fn` every `ms` while the page is visible. */
export function useInterval(fn: () => void, ms: number): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    const t = window.setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, ms);
    return () => window.clearInterval(t);
  }, [ms]);
}

/** useSlashToFocus focuses the element when "/" is pressed outside a text field (as on GitHub). */
export function useSlashToFocus(ref: { current: HTMLElement | null }): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))
        return;
      e.preventDefault();
      ref.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ref]);
}
