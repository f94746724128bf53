// Differential run of Vigil's Alertmanager config loader and router against Debian's `amtool` (0.25) over the
// corpus' Alertmanager configs (config/testdata, cli/testdata, doc/examples):
//  1. `check-config` verdicts must agree file by file. Files whose verdict changed with features newer than
//     amtool 0.25 are listed below with the reason; Vigil is held to the verdict (and message) that Alertmanager's
//     own tests (config/config_test.go) expect instead.
//  2. For every config both accept, at least LABEL_SETS_PER_CONFIG generated label sets (seeded PRNG over the
//     label names and values the config's matchers mention, plus random ones) must route to the same receivers as
//     `amtool config routes test`.
// Vigil's own routing fixtures (listed in FIXTURES) go through both checks too.
// Usage: npm run conformance:am-config [-- <corpus-dir>]   (default ../shared/corpus/alertmanager; run from the repo root)

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseLabelArgs, type Labels } from '@vigil/model';
import {
  ConfigError,
  Route,
  loadAlertmanagerConfig,
  routeReceivers,
  type AlertmanagerConfig,
  type RouteConfig,
} from '@vigil/alertmanager';

const LABEL_SETS_PER_CONFIG = 500;
// Vigil's own routing fixtures (deeper trees, new-style matchers, continue), compared the same way.
const FIXTURES = [
  'apps/alertmanager/src/dispatch/testdata/legacy-match-tree.yml',
  'apps/alertmanager/src/dispatch/testdata/matchers-tree.yml',
  'apps/alertmanager/src/cli/testdata/routing.yml',
  'apps/alertmanager/src/config/testdata/good.yml',
];
const AMTOOL_POOL = 3;
const SEED = 0x5eed;

type Expectation = { expect: 'pass' | 'fail'; message?: string; reason?: string };

// Verdicts (and exact first error messages) asserted by Alertmanager's config/config_test.go and
// cli/*_test.go. Every config/testdata file is listed; `reason` marks files where amtool 0.25 disagrees
// because of a feature it predates, so the Go test's expectation is what Vigil is held to.
const GO_TEST_EXPECTATIONS: Record<string, Expectation> = {
  'config/testdata/conf.empty-fields.yml': { expect: 'pass' },
  'config/testdata/conf.good.yml': { expect: 'pass' },
  'config/testdata/conf.group-by-all.yml': { expect: 'pass' },
  'config/testdata/conf.http-config.good.yml': { expect: 'pass' },
  'config/testdata/conf.mattermost-both-webhook-url-and-file.yml': {
    expect: 'fail',
    message: 'at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured',
  },
  'config/testdata/conf.mattermost-default-webhook-url-file.yml': {
    expect: 'pass',
    reason: 'mattermost_configs and global mattermost_webhook_url_file are newer than amtool 0.25',
  },
  'config/testdata/conf.mattermost-default-webhook-url.yml': {
    expect: 'pass',
    reason: 'mattermost_configs and global mattermost_webhook_url are newer than amtool 0.25',
  },
  'config/testdata/conf.mattermost-no-webhook-url.yml': {
    expect: 'fail',
    message: 'missing webhook_url or webhook_url_file on mattermost_config',
  },
  'config/testdata/conf.mattermost-valid-receiver-both-webhook-url-and-file.yml': {
    expect: 'fail',
    message: 'at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured',
  },
  'config/testdata/conf.nil-match_re-route.yml': {
    expect: 'fail',
    message: 'invalid regexp value for "invalid_label"',
  },
  'config/testdata/conf.nil-source_match_re-inhibition.yml': {
    expect: 'fail',
    message: 'invalid regexp value for "invalid_source_label"',
  },
  'config/testdata/conf.nil-target_match_re-inhibition.yml': {
    expect: 'fail',
    message: 'invalid regexp value for "invalid_target_label"',
  },
  'config/testdata/conf.opsgenie-both-file-and-apikey.yml': {
    expect: 'fail',
    message: 'at most one of opsgenie_api_key & opsgenie_api_key_file must be configured',
  },
  'config/testdata/conf.opsgenie-default-apikey-file.yml': { expect: 'pass' },
  'config/testdata/conf.opsgenie-default-apikey-old-team.yml': {
    expect: 'fail',
    message: 'field teams not found in type opsgenie.plain',
  },
  'config/testdata/conf.opsgenie-default-apikey.yml': { expect: 'pass' },
  'config/testdata/conf.opsgenie-no-apikey.yml': {
    expect: 'fail',
    message: 'no global OpsGenie API Key set either inline or in a file',
  },
  'config/testdata/conf.rocketchat-both-token-and-tokenfile.yml': {
    expect: 'fail',
    message: 'at most one of rocketchat_token & rocketchat_token_file must be configured',
  },
  'config/testdata/conf.rocketchat-both-tokenid-and-tokenidfile.yml': {
    expect: 'fail',
    message: 'at most one of rocketchat_token_id & rocketchat_token_id_file must be configured',
  },
  'config/testdata/conf.rocketchat-default-token-file.yml': {
    expect: 'pass',
    reason: 'rocketchat_configs and the global rocketchat_* settings are newer than amtool 0.25',
  },
  'config/testdata/conf.rocketchat-default-token.yml': {
    expect: 'pass',
    reason: 'rocketchat_configs and the global rocketchat_* settings are newer than amtool 0.25',
  },
  'config/testdata/conf.rocketchat-no-token.yml': {
    expect: 'fail',
    message: 'no global Rocketchat Token set either inline or in a file',
  },
  'config/testdata/conf.slack-both-file-and-token.yml': {
    expect: 'fail',
    message: 'at most one of slack_app_token & slack_app_token_file must be configured',
  },
  'config/testdata/conf.slack-both-file-and-url.yml': {
    expect: 'fail',
    message: 'at most one of slack_api_url & slack_api_url_file must be configured',
  },
  'config/testdata/conf.slack-both-url-and-token.yml': {
    expect: 'fail',
    message:
      'at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured',
  },
  'config/testdata/conf.slack-default-api-url-file.yml': { expect: 'pass' },
  'config/testdata/conf.slack-default-app-token.yml': {
    expect: 'pass',
    reason: 'Slack app tokens (global slack_app_token, app_token, app_url) are newer than amtool 0.25',
  },
  'config/testdata/conf.slack-no-api-url-or-token.yml': {
    expect: 'fail',
    message: 'no Slack API URL nor App token set either inline or in a file',
  },
  'config/testdata/conf.slack-update-message-and-webhook.yml': {
    expect: 'fail',
    message:
      'update_message can only be used with bot tokens. api_url must be set to https://slack.com/api/chat.postMessage',
  },
  'config/testdata/conf.smtp-both-password-and-file.yml': {
    expect: 'fail',
    message: 'at most one of smtp_auth_password & smtp_auth_password_file must be configured',
  },
  'config/testdata/conf.smtp-no-username-or-password.yml': { expect: 'pass' },
  'config/testdata/conf.smtp-password-global-and-local.yml': {
    expect: 'pass',
    reason: 'global smtp_auth_password_file / smtp_auth_secret(_file) are newer than amtool 0.25',
  },
  'config/testdata/conf.sns-invalid.yml': {
    expect: 'fail',
    message: 'must provide either a Target ARN, Topic ARN, or Phone Number for SNS config',
  },
  'config/testdata/conf.sns-topic-arn.yml': { expect: 'pass' },
  'config/testdata/conf.telegram-both-bot-token-and-file.yml': {
    expect: 'fail',
    message: 'at most one of telegram_bot_token & telegram_bot_token_file must be configured',
  },
  'config/testdata/conf.telegram-default-bot-token-file.yml': {
    expect: 'pass',
    reason: 'global telegram_bot_token_file is newer than amtool 0.25',
  },
  'config/testdata/conf.telegram-default-bot-token.yml': {
    expect: 'pass',
    reason: 'global telegram_bot_token is newer than amtool 0.25',
  },
  'config/testdata/conf.telegram-no-bot-token.yml': {
    expect: 'fail',
    message: 'missing bot_token or bot_token_file on telegram_config',
  },
  'config/testdata/conf.telegram-valid-receiver-both-bot-token-and-file.yml': {
    expect: 'fail',
    message: 'at most one of telegram_bot_token & telegram_bot_token_file must be configured',
  },
  'config/testdata/conf.victorops-both-file-and-apikey.yml': {
    expect: 'fail',
    message: 'at most one of victorops_api_key & victorops_api_key_file must be configured',
  },
  'config/testdata/conf.victorops-default-apikey-file.yml': { expect: 'pass' },
  'config/testdata/conf.victorops-default-apikey.yml': { expect: 'pass' },
  'config/testdata/conf.victorops-no-apikey.yml': {
    expect: 'fail',
    message: 'no global VictorOps API Key set',
  },
  'config/testdata/conf.wechat-both-file-and-secret.yml': {
    expect: 'fail',
    message: 'at most one of wechat_api_secret & wechat_api_secret_file must be configured',
  },
  'config/testdata/conf.wechat-default-api-secret-file.yml': {
    expect: 'pass',
    reason: 'wechat api_secret_file (and the global wechat_api_secret_file) are newer than amtool 0.25',
  },
  'config/testdata/conf.wechat-no-api-secret.yml': {
    expect: 'fail',
    message: 'no global Wechat Api Secret set either inline or in a file',
  },
  'cli/testdata/conf.good.yml': { expect: 'pass' },
  'cli/testdata/conf.bad.yml': { expect: 'fail' },
  'cli/testdata/conf.routing.yml': { expect: 'pass' },
  'cli/testdata/conf.routing-reverted.yml': { expect: 'pass' },
  'doc/examples/route_labels.yml': {
    expect: 'pass',
    reason: 'route `labels` (templated route labels) are newer than amtool 0.25; the example documents them',
  },
  'doc/examples/simple.yml': {
    expect: 'pass',
    reason: 'the `tracing` section is newer than amtool 0.25; the example is the documented reference config',
  },
};

interface Tally {
  passed: number;
  failed: number;
  mismatches: string[];
}

const tally: Tally = { passed: 0, failed: 0, mismatches: [] };

function check(ok: boolean, mismatch: () => string): void {
  if (ok) {
    tally.passed++;
  } else {
    tally.failed++;
    const m = mismatch();
    tally.mismatches.push(m);
    console.log(`MISMATCH ${m}`);
  }
}

function amtoolAvailable(): boolean {
  try {
    execFileSync('amtool', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function amtoolCheck(file: string): Promise<boolean> {
  return new Promise((res) => {
    execFile('amtool', ['check-config', file], (err) => res(err === null));
  });
}

function amtoolRoute(file: string, args: string[]): Promise<string> {
  return new Promise((res, rej) => {
    execFile(
      'amtool',
      ['config', 'routes', 'test', `--config.file=${file}`, ...args],
      (err, stdout, stderr) => {
        if (err) rej(new Error(`amtool failed: ${stderr.trim()}`));
        else res(stdout.trim());
      },
    );
  });
}

async function pool<T>(jobs: (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, worker));
  return results;
}

// mulberry32: small, seeded, reproducible.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomWord(rand: () => number, max = 8): string {
  const n = 1 + Math.floor(rand() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rand() * ALNUM.length)];
  return s;
}

/**
 * sampleRegex produces a string the (simple) regex probably matches: literals, escapes, classes, groups with
 * alternation and quantifiers are followed; anything fancier gives up and returns undefined.
 */
function sampleRegex(pattern: string, rand: () => number): string | undefined {
  let pos = 0;
  const cps = Array.from(pattern);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const atom = (): string | undefined => {
    const ch = cps[pos++];
    if (ch === undefined) return undefined;
    if (ch === '^' || ch === '$') return '';
    if (ch === '.') return pick(['x', 'Y', '7', '-']);
    if (ch === '\\') {
      const e = cps[pos++];
      if (e === 'd') return String(Math.floor(rand() * 10));
      if (e === 'w') return pick(['a', 'Z', '_', '5']);
      if (e === 's') return ' ';
      return e !== undefined && /[^A-Za-z0-9]/.test(e) ? e : undefined;
    }
    if (ch === '[') {
      const members: string[] = [];
      let negated = false;
      if (cps[pos] === '^') {
        negated = true;
        pos++;
      }
      while (pos < cps.length && cps[pos] !== ']') {
        const lo = cps[pos++] as string;
        if (cps[pos] === '-' && cps[pos + 1] !== ']' && cps[pos + 1] !== undefined) {
          const hi = cps[pos + 1] as string;
          pos += 2;
          for (let c = lo.codePointAt(0) as number; c <= (hi.codePointAt(0) as number); c++)
            members.push(String.fromCodePoint(c));
        } else members.push(lo);
      }
      pos++;
      if (negated) return pick(['q', 'Q', '0', '~'].filter((c) => !members.includes(c)).concat(['@']));
      return members.length > 0 ? pick(members) : undefined;
    }
    if (ch === '(') {
      if (cps[pos] === '?') {
        if (cps[pos + 1] !== ':') return undefined;
        pos += 2;
      }
      const out = alternation();
      if (cps[pos] !== ')') return undefined;
      pos++;
      return out;
    }
    if ('*+?{|)'.includes(ch)) return undefined;
    return ch;
  };
  const concat = (): string | undefined => {
    let out = '';
    while (pos < cps.length && cps[pos] !== '|' && cps[pos] !== ')') {
      const start = pos;
      const first = atom();
      if (first === undefined) return undefined;
      const q = cps[pos];
      if (q !== '*' && q !== '+' && q !== '?') {
        out += first;
        continue;
      }
      pos++;
      if (cps[pos] === '?') pos++;
      const after = pos;
      const times = q === '?' ? Math.floor(rand() * 2) : (q === '+' ? 1 : 0) + Math.floor(rand() * 3);
      for (let i = 0; i < times; i++) {
        pos = start;
        out += (i === 0 ? first : atom()) ?? first;
      }
      pos = after;
    }
    return out;
  };
  const alternation = (): string | undefined => {
    const branches: (string | undefined)[] = [concat()];
    while (cps[pos] === '|') {
      pos++;
      branches.push(concat());
    }
    if (branches.some((b) => b === undefined)) return undefined;
    return pick(branches as string[]);
  };
  const out = alternation();
  return pos === cps.length ? out : undefined;
}

interface ValuePools {
  names: string[];
  values: Map<string, string[]>;
  regexes: Map<string, string[]>;
}

function collectPools(config: AlertmanagerConfig): ValuePools {
  const values = new Map<string, Set<string>>();
  const regexes = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, name: string, v: string): void => {
    const s = m.get(name) ?? new Set<string>();
    s.add(v);
    m.set(name, s);
  };
  const walk = (r: RouteConfig): void => {
    for (const [n, v] of Object.entries(r.match ?? {})) add(values, n, v);
    for (const [n, re] of Object.entries(r.matchRe ?? {})) add(regexes, n, re.source);
    for (const m of r.matchers ?? [])
      add(m.type === '=' || m.type === '!=' ? values : regexes, m.name, m.value);
    for (const c of r.routes ?? []) if (c) walk(c);
  };
  walk(config.route);
  const names = [...new Set([...values.keys(), ...regexes.keys()])].sort();
  const toLists = (m: Map<string, Set<string>>): Map<string, string[]> =>
    new Map([...m].map(([k, v]) => [k, [...v].sort()]));
  return { names, values: toLists(values), regexes: toLists(regexes) };
}

function generateLabelSets(pools: ValuePools, count: number, seed: number): Labels[] {
  const rand = prng(seed);
  const allValues = [...new Set([...pools.values.values()].flat())];
  const sets: Labels[] = [];
  for (let i = 0; i < count; i++) {
    const labels: Labels = {};
    for (const name of pools.names) {
      if (rand() < 0.3) continue;
      const choice = rand();
      const own = pools.values.get(name) ?? [];
      const regs = pools.regexes.get(name) ?? [];
      let value: string | undefined;
      if (choice < 0.45 && own.length > 0) value = own[Math.floor(rand() * own.length)];
      else if (choice < 0.75 && regs.length > 0)
        value = sampleRegex(regs[Math.floor(rand() * regs.length)] as string, rand);
      else if (choice < 0.85 && allValues.length > 0)
        value = allValues[Math.floor(rand() * allValues.length)];
      else if (choice < 0.9) value = '';
      labels[name] = value ?? randomWord(rand);
    }
    const extra = Math.floor(rand() * 3);
    for (let k = 0; k < extra; k++) labels[`x_${randomWord(rand, 5)}`] = randomWord(rand);
    sets.push(labels);
  }
  return sets;
}

// Quoted for the classic parser amtool 0.25 uses (and Vigil's fallback parser reads the same way).
function labelArgs(labels: Labels): string[] {
  return Object.entries(labels).map(
    ([n, v]) => `${n}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
}

function listConfigs(corpus: string): string[] {
  const out: string[] = [];
  for (const dir of ['config/testdata', 'cli/testdata', 'doc/examples']) {
    const abs = join(corpus, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort())
      if (f.endsWith('.yml') || f.endsWith('.yaml')) out.push(join(abs, f));
  }
  return out;
}

async function main(): Promise<number> {
  const started = Date.now();
  const corpus = resolve(process.argv[2] ?? '../shared/corpus/alertmanager');
  if (!existsSync(corpus)) {
    console.log(
      `corpus not found at ${corpus}; nothing to check (pass a corpus directory as the first argument)`,
    );
    console.log('0 passed, 0 failed');
    return 0;
  }
  if (!amtoolAvailable()) {
    console.error(
      'amtool is not installed; this differential test needs it (Debian: prometheus-alertmanager)',
    );
    return 2;
  }
  const files = [...listConfigs(corpus), ...FIXTURES.map((f) => resolve(f))];
  const amVerdicts = await pool(
    files.map((f) => () => amtoolCheck(f)),
    AMTOOL_POOL,
  );
  const routable: { file: string; rel: string; config: AlertmanagerConfig }[] = [];
  let verdictChecks = 0;
  let messageChecks = 0;
  const vigilOnly: string[] = [];
  for (const [i, file] of files.entries()) {
    const rel = file.startsWith(corpus) ? relative(corpus, file) : relative(process.cwd(), file);
    let config: AlertmanagerConfig | undefined;
    let messages: string[] = [];
    try {
      config = await loadAlertmanagerConfig(file);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      messages = err.issues.map((x) => x.message);
    }
    const vigil = config ? 'pass' : 'fail';
    const amtool = amVerdicts[i] ? 'pass' : 'fail';
    const goTest = GO_TEST_EXPECTATIONS[rel];
    verdictChecks++;
    if (goTest?.reason) {
      check(
        vigil === goTest.expect,
        () => `${rel}: vigil ${vigil}, Go tests expect ${goTest.expect} (${goTest.reason})`,
      );
    } else {
      check(
        vigil === amtool,
        () => `${rel}: vigil ${vigil}, amtool ${amtool}${messages.length ? ` (${messages[0]})` : ''}`,
      );
      if (goTest && goTest.expect !== amtool)
        console.log(`NOTE ${rel}: amtool 0.25 says ${amtool}, Go tests expect ${goTest.expect}`);
    }
    if (goTest?.message) {
      messageChecks++;
      const want = goTest.message;
      check(
        messages.includes(want),
        () => `${rel}: expected error "${want}", got ${JSON.stringify(messages)}`,
      );
    }
    if (config && amtool === 'pass') routable.push({ file, rel, config });
    else if (config) vigilOnly.push(rel);
  }

  let routeChecks = 0;
  for (const [n, { file, rel, config }] of routable.entries()) {
    const root = Route.fromConfig(config.route);
    const sets = generateLabelSets(collectPools(config), LABEL_SETS_PER_CONFIG, SEED + n);
    const argLists = sets.map(labelArgs);
    const amResults = await pool(
      argLists.map((args) => () => amtoolRoute(file, args)),
      AMTOOL_POOL,
    );
    const outcomes = new Set<string>();
    argLists.forEach((args, k) => {
      routeChecks++;
      const vigil = routeReceivers(root, parseLabelArgs(args)).join(',');
      outcomes.add(vigil);
      check(
        vigil === amResults[k],
        () => `${rel} routes test ${args.join(' ')}: vigil ${vigil}, amtool ${amResults[k]}`,
      );
    });
    let routes = 0;
    root.walk(() => routes++);
    console.log(
      `routes ${rel}: ${routes} routes, ${outcomes.size} distinct receiver lists over ${argLists.length} label sets`,
    );
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `checked ${files.length} configs incl. ${FIXTURES.length} Vigil fixtures (${verdictChecks} verdicts, ${messageChecks} Go-test error messages), ` +
      `${routeChecks} label sets over ${routable.length} configs both accept (${LABEL_SETS_PER_CONFIG} each) in ${seconds}s`,
  );
  if (vigilOnly.length > 0) {
    console.log(`not route-compared (amtool 0.25 cannot load them): ${vigilOnly.join(', ')}`);
  }
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed > 0 ? 1 : 0;
}

process.exitCode = await main();
