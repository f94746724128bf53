// file_sd_configs: target groups read from JSON or YAML files matched by globs, re-read when the files change
// (fs.watch on their directories) and every refresh_interval.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { isValidLabelName } from '@vigil/model';
import { parse as parseYaml } from 'yaml';
import type { Clock } from './scrape-loop';
import type { FileSdConfig, TargetGroup } from './scrape-config';

/** FILEPATH_LABEL carries the file a target was read from. */
export const FILEPATH_LABEL = '__meta_filepath';

/** globToRegExp turns the last path element of a file_sd pattern (`*`, `?`, `[…]`) into a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        src += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1)}`;
      src += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else src += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

/** expandFilePattern lists the files a pattern matches now, sorted. */
export async function expandFilePattern(pattern: string): Promise<string[]> {
  const dir = dirname(pattern);
  const base = basename(pattern);
  if (!/[*?[]/.test(base)) return [pattern];
  const re = globToRegExp(base);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/** parseTargetGroupsFile reads a file_sd file's groups; each target gets `__meta_filepath`. Throws on bad content. */
export function parseTargetGroupsFile(path: string, text: string): TargetGroup[] {
  const ext = extname(path).toLowerCase();
  let data: unknown;
  if (ext === '.json') data = JSON.parse(text);
  else if (ext === '.yml' || ext === '.yaml') data = parseYaml(text);
  else throw new Error(`retrieval target groups from ${path}: unsupported file extension`);
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) throw new Error(`${path}: expected a list of target groups`);
  return data.map((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new Error(`${path}: group ${i}: expected a mapping`);
    }
    const raw = item as Record<string, unknown>;
    const targets = raw['targets'] ?? [];
    if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string')) {
      throw new Error(`${path}: group ${i}: targets must be a list of strings`);
    }
    for (const t of targets as string[]) {
      if (t.includes('/'))
        throw new Error(`${path}: group ${i}: ${JSON.stringify(t)} is not a valid hostname`);
    }
    const labels: Record<string, string> = {};
    const rawLabels = raw['labels'] ?? {};
    if (rawLabels === null || typeof rawLabels !== 'object' || Array.isArray(rawLabels)) {
      throw new Error(`${path}: group ${i}: labels must be a mapping`);
    }
    for (const [k, v] of Object.entries(rawLabels as Record<string, unknown>)) {
      if (!isValidLabelName(k))
        throw new Error(`${path}: group ${i}: ${JSON.stringify(k)} is not a valid label name`);
      if (typeof v !== 'string') throw new Error(`${path}: group ${i}: label ${k} must be a string`);
      labels[k] = v;
    }
    labels[FILEPATH_LABEL] = path;
    return { targets: targets as string[], labels, source: `${path}:${i}` };
  });
}

/** FileDiscovery watches one file_sd_configs entry and reports its current groups on every change. */
export class FileDiscovery {
  #groups = new Map<string, TargetGroup[]>();
  #watchers: FSWatcher[] = [];
  #timer: unknown;
  #debounce: unknown;
  #stopped = false;
  #refreshing: Promise<void> | undefined;
  /** Errors of the last refresh, by file (a file in error keeps its previous groups). */
  readonly errors = new Map<string, string>();

  constructor(
    readonly config: FileSdConfig,
    private readonly onChange: (groups: TargetGroup[]) => void,
    private readonly clock: Clock,
  ) {}

  /** start reads the files once and starts watching; resolves after the first read. */
  async start(): Promise<void> {
    const dirs = new Set(this.config.files.map((f) => dirname(f)));
    for (const dir of dirs) {
      try {
        const w = watch(dir, () => this.#scheduleRefresh());
        w.on('error', () => undefined);
        w.unref();
        this.#watchers.push(w);
      } catch {
        // A missing directory is only picked up by the periodic refresh.
      }
    }
    await this.refresh();
    this.#schedulePeriodic();
  }

  #schedulePeriodic(): void {
    if (this.#stopped) return;
    this.#timer = this.clock.setTimeout(() => {
      void this.refresh().then(() => this.#schedulePeriodic());
    }, this.config.refreshIntervalMs);
  }

  #scheduleRefresh(): void {
    if (this.#stopped) return;
    this.clock.clearTimeout(this.#debounce);
    // Editors write in several steps; wait for the burst to end.
    this.#debounce = this.clock.setTimeout(() => void this.refresh(), 50);
  }

  /** groups lists the groups of every file read so far. */
  groups(): TargetGroup[] {
    return [...this.#groups.values()].flat();
  }

  /** refresh re-reads every matching file and reports the groups if anything changed. */
  async refresh(): Promise<void> {
    while (this.#refreshing) await this.#refreshing;
    this.#refreshing = this.#doRefresh();
    try {
      await this.#refreshing;
    } finally {
      this.#refreshing = undefined;
    }
  }

  async #doRefresh(): Promise<void> {
    if (this.#stopped) return;
    const files = new Set<string>();
    for (const pattern of this.config.files) for (const f of await expandFilePattern(pattern)) files.add(f);
    const next = new Map<string, TargetGroup[]>();
    for (const file of files) {
      try {
        next.set(file, parseTargetGroupsFile(file, await readFile(file, 'utf8')));
        this.errors.delete(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        this.errors.set(file, err instanceof Error ? err.message : String(err));
        const old = this.#groups.get(file);
        if (old) next.set(file, old);
      }
    }
    for (const f of this.errors.keys()) if (!files.has(f)) this.errors.delete(f);
    const before = JSON.stringify([...this.#groups]);
    this.#groups = next;
    if (this.#stopped) return;
    if (JSON.stringify([...next]) !== before) this.onChange(this.groups());
  }

  /** stop ends watching and refreshing. */
  stop(): void {
    this.#stopped = true;
    this.clock.clearTimeout(this.#timer);
    this.clock.clearTimeout(this.#debounce);
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }
}
