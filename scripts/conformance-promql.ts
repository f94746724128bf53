// PromQL engine conformance: runs every eval case of Prometheus's promqltest scripts and prints per file and overall
// "N passed, M failed". Passing cases are recorded in libs/promql/conformance-passing.txt (a ratchet): the run exits 1
// when a recorded case no longer passes, so failures of not-yet-supported cases don't break CI but regressions do.
// Usage: npm run conformance:promql -- [--ratchet] [--update-ratchet] [--verbose] [files or folders]
//        (default: ../shared/corpus/prometheus/promql/testdata and its sibling testdata-experimental, from the repo
//        root; the experimental scripts run with every experimental parser feature on, as Prometheus's harness does)
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// Scripts are workspace tooling outside any tagged nx project, so the boundary rule does not apply.
import { runScript, type CaseResult } from '@vigil/promql';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultDir = resolve(repoRoot, '../shared/corpus/prometheus/promql/testdata');
const ratchetFile = resolve(repoRoot, 'libs/promql/conformance-passing.txt');

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const paths = args.filter((a) => !a.startsWith('--'));
for (const f of flags) {
  if (!['--ratchet', '--update-ratchet', '--verbose'].includes(f)) {
    console.error(`unknown flag ${f}`);
    process.exit(2);
  }
}

function listTests(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p)
    .sort()
    .flatMap((name) => {
      const full = join(p, name);
      if (statSync(full).isDirectory()) return listTests(full);
      return name.endsWith('.test') ? [full] : [];
    });
}

/** fileId names a script stably: relative to the default folder, else to its parent (the experimental scripts), else to the cwd. */
function fileId(file: string): string {
  const rel = relative(defaultDir, file);
  if (!rel.startsWith('..')) return rel;
  const sibling = relative(dirname(defaultDir), file);
  return sibling.startsWith('..') ? relative(process.cwd(), file) : sibling;
}

const experimentalDir = resolve(dirname(defaultDir), 'testdata-experimental');
const roots =
  paths.length > 0
    ? paths.map((p) => resolve(p))
    : [defaultDir, ...(existsSync(experimentalDir) ? [experimentalDir] : [])];
if (paths.length === 0 && !existsSync(defaultDir)) {
  console.log(`corpus not found at ${defaultDir}; nothing to check (skipped)`);
  process.exit(0);
}

const results = new Map<string, CaseResult[] | Error>();
for (const root of roots) {
  for (const file of listTests(root)) {
    try {
      results.set(fileId(file), runScript(readFileSync(file, 'utf8')));
    } catch (err) {
      results.set(fileId(file), err instanceof Error ? err : new Error(String(err)));
    }
  }
}

let passed = 0;
let failed = 0;
const passing = new Set<string>();
for (const [id, res] of results) {
  if (res instanceof Error) {
    failed++;
    console.log(`${id}: script error: ${res.message}`);
    continue;
  }
  const ok = res.filter((r) => r.passed).length;
  passed += ok;
  failed += res.length - ok;
  console.log(`${id}: ${ok} passed, ${res.length - ok} failed`);
  for (const r of res) {
    if (r.passed) passing.add(`${id}:${r.line}`);
    else if (flags.has('--verbose')) console.log(`  line ${r.line}: ${r.expr}\n    ${r.message}`);
  }
}
// Cases not yet supported are expected while the engine grows; the ratchet line below is the gate.
console.log(`overall: ${passed} of ${passed + failed} cases pass (${failed} not yet)`);

const recorded = existsSync(ratchetFile)
  ? readFileSync(ratchetFile, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
  : [];
if (flags.has('--ratchet') && !existsSync(ratchetFile)) {
  console.error(`ratchet list ${ratchetFile} is missing`);
  process.exit(1);
}
// Only cases of files run now can be judged.
const judged = recorded.filter((id) => results.has(id.slice(0, id.lastIndexOf(':'))));
const regressed = judged.filter((id) => !passing.has(id));
const newlyPassing = [...passing].filter((id) => !recorded.includes(id));

if (flags.has('--update-ratchet')) {
  const kept = recorded.filter((id) => !results.has(id.slice(0, id.lastIndexOf(':'))));
  const all = [...new Set([...kept, ...passing])].sort((a, b) => {
    const [fa, la] = [a.slice(0, a.lastIndexOf(':')), Number(a.slice(a.lastIndexOf(':') + 1))];
    const [fb, lb] = [b.slice(0, b.lastIndexOf(':')), Number(b.slice(b.lastIndexOf(':') + 1))];
    return fa === fb ? la - lb : fa < fb ? -1 : 1;
  });
  const header =
    '# PromQL conformance cases that pass (file:line of the eval); see scripts/conformance-promql.ts.\n';
  writeFileSync(ratchetFile, header + all.join('\n') + '\n');
  console.log(`ratchet updated: ${all.length} passing cases recorded`);
  process.exit(0);
}
if (newlyPassing.length > 0) {
  console.log(`${newlyPassing.length} cases pass that the ratchet does not list (run with --update-ratchet)`);
}
if (regressed.length > 0) {
  console.error(`${regressed.length} ratcheted cases no longer pass:\n  ${regressed.join('\n  ')}`);
  console.log(`ratchet: ${judged.length - regressed.length} passed, ${regressed.length} failed`);
  process.exit(1);
}
console.log(`ratchet: ${judged.length} passed, 0 failed`);
