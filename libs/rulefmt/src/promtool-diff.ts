// Differential checking of rule files against Debian's promtool (2.42): the verdict of `promtool check
// rules` next to vigil's, file by file. Used by scripts/conformance-rules.ts and the rule-manager's tests,
// which pass in vigil's side (`vigil check rules`) as a function.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Document, isMap, isNode, isScalar, parseDocument } from 'yaml';
import type { ParseRuleFileOptions } from './parse-rule-file';

/** Verdict is whether a checker accepted a file, and what it printed. */
export interface Verdict {
  pass: boolean;
  exitCode: number;
  output: string;
}

/** KnownDifference records why promtool 2.42's verdict on a file is not the one Prometheus 3 gives. */
export interface KnownDifference {
  reason: string;
  /** The Prometheus 3 verdict vigil must give. */
  expect: 'pass' | 'fail';
  /** Parse options the Prometheus 3 expectation assumes (feature flags, legacy name validation). */
  parse?: ParseRuleFileOptions;
}

/** RuleFileKind says how a YAML file holds rule groups, if it does. */
export type RuleFileKind = 'rules' | 'PrometheusRule';

/** promtoolVersion returns promtool's version line, or undefined when promtool is not installed. */
export function promtoolVersion(): string | undefined {
  const r = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return `${r.stdout}${r.stderr}`.split('\n')[0];
}

/**
 * ruleFileKind tells whether a YAML file is a rule file (top-level `groups`) or a PrometheusRule manifest;
 * `expectAnyway` counts a file whose YAML is too broken to tell (not a mapping) as a rule file.
 */
export function ruleFileKind(path: string, expectAnyway = false): RuleFileKind | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const top = doc.contents;
  if (!isMap(top)) return expectAnyway ? 'rules' : undefined;
  const value = (key: string): unknown =>
    top.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
  const kind = value('kind');
  if (isScalar(kind) && kind.value === 'PrometheusRule') return 'PrometheusRule';
  return value('groups') !== undefined ? 'rules' : undefined;
}

/** nameExpectation reads the verdict a file's name promises: `*.good.yaml` passes, `*.bad.yaml` fails. */
export function nameExpectation(path: string): 'pass' | 'fail' | undefined {
  if (/\.good\.ya?ml$/.test(path)) return 'pass';
  if (/\.bad\.ya?ml$/.test(path)) return 'fail';
  return undefined;
}

/**
 * promtoolCheck runs `promtool check rules` on a file. promtool 2.42 cannot read PrometheusRule manifests,
 * so for those it checks the manifest's `spec`, written to a temporary file.
 */
export function promtoolCheck(path: string, kind: RuleFileKind): Verdict {
  let target = path;
  let tmp: string | undefined;
  if (kind === 'PrometheusRule') {
    tmp = mkdtempSync(join(tmpdir(), 'vigil-promtool-'));
    target = join(tmp, basename(path));
    writeFileSync(target, manifestSpec(readFileSync(path, 'utf8')));
  }
  try {
    const r = spawnSync('promtool', ['check', 'rules', target], { encoding: 'utf8', timeout: 60_000 });
    const exitCode = r.status ?? -1;
    return { pass: exitCode === 0, exitCode, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** manifestSpec returns a PrometheusRule's `spec` as a YAML rule file of its own. */
export function manifestSpec(text: string): string {
  const doc = parseDocument(text);
  const out = new Document();
  const spec = doc.get('spec', true);
  if (isNode(spec)) out.contents = spec;
  return String(out);
}

/** VigilCheck gives vigil's verdict on a file, checked with the given parse options. */
export type VigilCheck = (path: string, parse?: ParseRuleFileOptions) => Promise<Verdict>;

/** DiffOutcome is the comparison for one file: ok, or why not. */
export interface DiffOutcome {
  file: string;
  ok: boolean;
  promtool: Verdict;
  vigil: Verdict;
  /** The verdict vigil was held to. */
  expected: 'pass' | 'fail';
  known?: KnownDifference;
  note?: string;
}

/**
 * compareFile checks one rule file with both tools. Without a known difference vigil must agree with
 * promtool (and with the file's name, when it promises a verdict); with one, vigil must give the
 * Prometheus 3 verdict recorded there.
 */
export async function compareFile(
  path: string,
  kind: RuleFileKind,
  vigilCheck: VigilCheck,
  known?: KnownDifference,
): Promise<DiffOutcome> {
  const promtool = promtoolCheck(path, kind);
  const vigil = await vigilCheck(path, known?.parse);
  const verdict = (v: Verdict): 'pass' | 'fail' => (v.pass ? 'pass' : 'fail');
  if (vigil.output.includes('internal error: ')) {
    const expected = known?.expect ?? verdict(promtool);
    return { file: path, ok: false, promtool, vigil, expected, known, note: 'vigil hit an internal error' };
  }
  if (known)
    return {
      file: path,
      ok: verdict(vigil) === known.expect,
      promtool,
      vigil,
      expected: known.expect,
      known,
    };
  const byName = nameExpectation(path);
  const expected = verdict(promtool);
  if (byName !== undefined && byName !== expected) {
    const note = `promtool 2.42 says ${expected} but the file name says ${byName}: list it as a known difference`;
    return { file: path, ok: false, promtool, vigil, expected, note };
  }
  return { file: path, ok: verdict(vigil) === expected, promtool, vigil, expected };
}

/** formatOutcome prints a mismatch with both tools' output, for humans. */
export function formatOutcome(o: DiffOutcome): string {
  const indent = (s: string): string =>
    s
      .trimEnd()
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n');
  let out = `MISMATCH ${o.file}: expected ${o.expected}, promtool ${o.promtool.pass ? 'pass' : 'fail'} (exit ${o.promtool.exitCode}), vigil ${o.vigil.pass ? 'pass' : 'fail'} (exit ${o.vigil.exitCode})\n`;
  if (o.known) out += `    known difference: ${o.known.reason}\n`;
  if (o.note) out += `    note: ${o.note}\n`;
  out += `    promtool:\n${indent(o.promtool.output)}\n    vigil:\n${indent(o.vigil.output)}\n`;
  return out;
}
