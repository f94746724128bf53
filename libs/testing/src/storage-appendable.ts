import { isStaleNaN, type Labels } from '@vigil/model';
import type { MemoryStorage } from '@vigil/promql';
import type { AppendError, Appendable, Appender } from '@vigil/tsdb';

/**
 * storageAppendable is an Appendable over a MemoryStorage for tests of intake paths: it refuses samples not after
 * a series' last (out of order, duplicate timestamp) and writes a batch on commit; `failCommit` makes every
 * commit fail as a full disk would.
 */
export function storageAppendable(storage: MemoryStorage, opts: { failCommit?: boolean } = {}): Appendable {
  const last = new Map<string, number>();
  const key = (l: Labels): string => JSON.stringify(Object.entries(l).sort());
  return {
    appender(): Appender {
      const pending: { labels: Labels; t: number; v: number }[] = [];
      const pendingLast = new Map<string, number>();
      return {
        append(labels, t, v): AppendError | undefined {
          const k = key(labels);
          const prev = pendingLast.get(k) ?? last.get(k);
          if (prev !== undefined && t < prev) return 'out_of_order';
          if (prev !== undefined && t === prev) return 'duplicate_timestamp';
          pendingLast.set(k, t);
          pending.push({ labels, t, v });
          return undefined;
        },
        async commit() {
          if (opts.failCommit) throw new Error('write /wal/00000001: no space left on device');
          for (const p of pending) {
            storage.append(p.labels, p.t, p.v, isStaleNaN(p.v));
            last.set(key(p.labels), p.t);
          }
        },
        rollback() {
          pending.length = 0;
        },
      };
    },
  };
}
