// Parser conformance: every PromQL expression in Prometheus's test scripts and in the corpus rule files must parse
// (and print back to an equal tree); expressions known to be invalid must be rejected.
// Usage: npm run conformance:parse -- [files or folders]   (default: ../shared/corpus from the repo root)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
// Scripts are workspace tooling outside any tagged nx project, so the boundary rule does not apply.
import {
  ALL_FEATURES,
  ParseError,
  exprEqual,
  formatExpr,
  parseExpr,
  type ParserOptions,
} from '@vigil/promql';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultCorpus = resolve(repoRoot, '../shared/corpus');

/** Rule files whose PromQL is invalid on purpose. */
const INVALID_ON_PURPOSE = [
  'model/rulefmt/testdata/bad_expr.bad.yaml',
  'promtool/testdata/bad-rules-syntax.yml',
];
/** Rule files written for `promtool --enable-feature=...`: parsed with every experimental feature. */
const NEEDS_FEATURES = ['promtool/testdata/features.yml'];

type Section = 'stable testdata' | 'experimental testdata' | 'rule files';
const counts: Record<Section, { passed: number; failed: number }> = {
  'stable testdata': { passed: 0, failed: 0 },
  'experimental testdata': { passed: 0, failed: 0 },
  'rule files': { passed: 0, failed: 0 },
};

function record(section: Section, where: string, problem: string | null): void {
  if (problem === null) {
    counts[section].passed++;
    return;
  }
  counts[section].failed++;
  console.log(`${where}: ${problem}`);
}

type Outcome = { ok: true; problem: string | null } | { ok: false; message: string };

/** check parses an expression and, when it parses, checks that printing it parses back to an equal tree. */
function check(expr: string, options: ParserOptions): Outcome {
  let ast;
  try {
    ast = parseExpr(expr, options);
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, message: err.message };
    return { ok: false, message: `crash: ${(err as Error).stack ?? String(err)}` };
  }
  const printed = formatExpr(ast);
  try {
    const again = parseExpr(printed, options);
    return {
      ok: true,
      problem: exprEqual(ast, again) ? null : `printed form parses to a different tree: ${printed}`,
    };
  } catch (err) {
    return { ok: true, problem: `printed form does not parse: ${printed}: ${(err as Error).message}` };
  }
}

// --- Prometheus test scripts (promql/promqltest/test.go format) ---

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT_FAIL = /^expect\s+fail(?:\s+(regex|msg):(.+))?$/;

interface FailSpec {
  text: string;
  matches(message: string): boolean;
}

function failSpec(kind: 'msg' | 'regex', text: string): FailSpec {
  const t = text.trim();
  if (kind === 'msg') return { text: t, matches: (m) => m.includes(t) };
  let re: RegExp | null = null;
  try {
    re = new RegExp(t);
  } catch {
    re = null;
  }
  return { text: t, matches: (m) => (re ? re.test(m) : false) };
}

function checkTestScript(file: string, shown: string): void {
  const section: Section = file.includes('testdata-experimental')
    ? 'experimental testdata'
    : 'stable testdata';
  // Prometheus's harness trims lines and blanks out comment lines.
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => (l.trim().startsWith('#') ? '' : l.trim()));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.toLowerCase().startsWith('eval')) continue;
    const instant = EVAL_INSTANT.exec(line);
    const range = EVAL_RANGE.exec(line);
    const m = instant ?? range;
    if (!m) {
      record(section, `${shown}:${i + 1}`, 'not an eval command this script understands');
      continue;
    }
    const expr = (instant ? instant[3] : (range as RegExpExecArray)[5]) as string;
    let failExpected = m[1] === 'fail';
    let spec: FailSpec | null = null;
    for (let j = i + 1; j < lines.length && lines[j] !== ''; j++) {
      const def = lines[j] as string;
      const ef = EXPECT_FAIL.exec(def);
      if (ef) {
        failExpected = true;
        if (ef[1] && ef[2]) spec = failSpec(ef[1] as 'msg' | 'regex', ef[2]);
      } else if (def.startsWith('expected_fail_message'))
        spec = failSpec('msg', def.slice('expected_fail_message'.length));
      else if (def.startsWith('expected_fail_regexp'))
        spec = failSpec('regex', def.slice('expected_fail_regexp'.length));
    }
    // The harness enables every experimental parser feature (TestParserOpts).
    const outcome = check(expr, ALL_FEATURES);
    const where = `${shown}:${i + 1}`;
    const wantsParseError = failExpected && spec !== null && spec.text.includes('parse error');
    if (outcome.ok) {
      if (wantsParseError)
        record(section, where, `expected a parse error (${spec?.text}), but ${JSON.stringify(expr)} parsed`);
      else record(section, where, outcome.problem);
    } else if (failExpected && spec !== null && (wantsParseError || spec.matches(outcome.message))) {
      record(section, where, null);
    } else {
      record(section, where, `${JSON.stringify(expr)}: ${outcome.message}`);
    }
  }
}

// --- Rule files (groups[].rules[].expr, PrometheusRule spec.groups, promtool test promql_expr_test) ---

/** A YAML reader that follows aliases (`*expr`) and merge keys (`<<: *rule`), as rule files use them. */
class Reader {
  constructor(private readonly doc: Document) {}

  resolve(node: Node | null | undefined): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node ?? null;
  }

  get(map: Node | null | undefined, key: string): Node | null {
    const m = this.resolve(map);
    if (!isMap(m)) return null;
    const direct = (m as YAMLMap).get(key, true) as Node | undefined;
    if (direct !== undefined) return direct;
    const merged = (m as YAMLMap).get('<<', true) as Node | undefined;
    return merged !== undefined ? this.get(merged, key) : null;
  }

  text(node: Node | null): string | null {
    return scalarText(this.resolve(node));
  }
}

function scalarText(node: Node | null): string | null {
  if (!isScalar(node)) return null;
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return node.value === null || node.value === undefined ? null : String(node.value);
}

function collectExprs(y: Reader, doc: Node | null, out: Array<{ node: Node; text: string | null }>): void {
  const add = (e: Node | null): void => {
    if (e) out.push({ node: e, text: y.text(e) });
  };
  const groupsHolder = y.text(y.get(doc, 'kind')) === 'PrometheusRule' ? y.get(doc, 'spec') : doc;
  const groups = y.resolve(y.get(groupsHolder, 'groups'));
  if (isSeq(groups)) {
    for (const g of groups.items) {
      const rules = y.resolve(y.get(g as Node, 'rules'));
      if (isSeq(rules)) for (const r of rules.items) add(y.get(r as Node, 'expr'));
    }
  }
  const tests = y.resolve(y.get(doc, 'tests'));
  if (isSeq(tests)) {
    for (const t of tests.items) {
      const cases = y.resolve(y.get(t as Node, 'promql_expr_test'));
      if (isSeq(cases)) for (const c of cases.items) add(y.get(c as Node, 'expr'));
    }
  }
}

function checkRuleFile(file: string, shown: string): void {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter });
  } catch {
    return;
  }
  const exprs: Array<{ node: Node; text: string | null }> = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length === 0) collectExprs(new Reader(doc), doc.contents as Node | null, exprs);
  }
  const invalid = INVALID_ON_PURPOSE.some((s) => file.endsWith(s));
  const options = NEEDS_FEATURES.some((s) => file.endsWith(s)) ? ALL_FEATURES : {};
  for (const { node, text: expr } of exprs) {
    const line = node.range ? lineCounter.linePos(node.range[0]).line : 0;
    const where = `${shown}:${line}`;
    if (expr === null) {
      record('rule files', where, 'expr is not a string');
      continue;
    }
    const outcome = check(expr, options);
    if (invalid)
      record(
        'rule files',
        where,
        outcome.ok ? `${JSON.stringify(expr)} should be rejected but parsed` : null,
      );
    else
      record(
        'rule files',
        where,
        outcome.ok ? outcome.problem : `${JSON.stringify(expr)}: ${outcome.message}`,
      );
  }
}

function walk(path: string, visit: (file: string) => void): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name), visit);
  } else visit(path);
}

function main(): number {
  const targets = process.argv.slice(2).filter((a) => a !== '--');
  const roots = targets.length > 0 ? targets.map((t) => resolve(t)) : [defaultCorpus];
  for (const root of roots) {
    try {
      statSync(root);
    } catch {
      console.error(`conformance-parse: ${root} not found (the corpus lives in ../shared/corpus)`);
      return 2;
    }
  }
  for (const root of roots) {
    walk(root, (file) => {
      const shown = relative(process.cwd(), file);
      if (file.endsWith('.test')) checkTestScript(file, shown);
      else if (/\.ya?ml$/.test(file)) checkRuleFile(file, shown);
    });
  }
  let passed = 0;
  let failed = 0;
  for (const [section, c] of Object.entries(counts)) {
    console.log(`${section}: ${c.passed} passed, ${c.failed} failed`);
    passed += c.passed;
    failed += c.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
