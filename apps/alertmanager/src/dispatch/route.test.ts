import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlertmanagerConfig } from '../config';
import { DEFAULT_ROUTE_OPTS, Route } from './route';

function tree(file: string): Route {
  const text = readFileSync(join(import.meta.dirname, 'testdata', file), 'utf8');
  return Route.fromConfig(parseAlertmanagerConfig(text, file).route);
}

function treeFromYaml(yaml: string): Route {
  return Route.fromConfig(parseAlertmanagerConfig(yaml).route);
}

const min = 60_000;

describe('Route.match on a legacy match/match_re tree', () => {
  const root = tree('legacy-match-tree.yml');

  // [alert labels, expected [receiver, group_by, group_by_all, group_wait] per match, expected keys]
  it.each([
    [{ owner: 'team-A' }, [['notify-A', [], false, 30_000]], ['{}/{owner="team-A"}']],
    [{ owner: 'team-A', env: 'unset' }, [['notify-A', [], false, 30_000]], ['{}/{owner="team-A"}']],
    [
      { owner: 'team-C' },
      [['notify-BC', ['bar', 'foo'], false, 2 * min]],
      ['{}/{owner=~"^(?:team-(B|C))$"}'],
    ],
    [
      { owner: 'team-A', env: 'testing' },
      [['notify-testing', [], true, 30_000]],
      ['{}/{owner="team-A"}/{env="testing"}'],
    ],
    [
      { owner: 'team-A', env: 'production' },
      [
        ['notify-productionA', [], false, min],
        ['notify-productionB', ['job'], false, 30_000],
      ],
      [
        '{}/{owner="team-A"}/{env="production"}',
        '{}/{owner="team-A"}/{env=~"^(?:produ.*)$",job=~"^(?:.*)$"}',
      ],
    ],
    [{ group_by: 'role' }, [['notify-def', ['role'], false, 30_000]], ['{}/{group_by="role"}']],
    [
      { env: 'testing', group_by: 'role' },
      [['notify-testing', ['role'], false, 30_000]],
      ['{}/{group_by="role"}/{env="testing"}'],
    ],
    [
      { env: 'testing', group_by: 'role', wait: 'long' },
      [['notify-testing', ['role'], false, 2 * min]],
      ['{}/{group_by="role"}/{env="testing"}/{wait="long"}'],
    ],
    [{ owner: 'nobody' }, [['notify-def', [], false, 30_000]], ['{}']],
  ] as [Record<string, string>, [string, string[], boolean, number][], string[]][])(
    '%j',
    (labels, expected, keys) => {
      const matches = root.match(labels);
      expect(
        matches.map((r) => [r.opts.receiver, r.opts.groupBy, r.opts.groupByAll, r.opts.groupWait]),
      ).toEqual(expected);
      expect(matches.map((r) => r.key())).toEqual(keys);
    },
  );

  it('inherits interval defaults unless a route sets them', () => {
    const [b] = root.match({ owner: 'team-A', env: 'production' }).slice(1);
    expect([b?.opts.groupInterval, b?.opts.repeatInterval]).toEqual([5 * min, 60 * min]);
    const [a] = root.match({ owner: 'team-A' });
    expect([a?.opts.groupInterval, a?.opts.repeatInterval]).toEqual([
      DEFAULT_ROUTE_OPTS.groupInterval,
      DEFAULT_ROUTE_OPTS.repeatInterval,
    ]);
  });

  it('walks depth-first in configuration order', () => {
    const receivers: string[] = [];
    root.walk((r) => receivers.push(r.opts.receiver));
    expect(receivers).toEqual([
      'notify-def',
      'notify-A',
      'notify-testing',
      'notify-productionA',
      'notify-productionB',
      'notify-BC',
      'notify-def',
      'notify-testing',
      'notify-testing',
    ]);
  });

  it('numbers children before parents, the root last', () => {
    const idx: number[] = [];
    root.walk((r) => idx.push(r.idx));
    expect(new Set(idx).size).toBe(idx.length);
    expect(root.idx).toBe(idx.length - 1);
    expect(Math.min(...idx)).toBe(0);
  });
});

describe('Route.match on a matchers tree', () => {
  const root = tree('matchers-tree.yml');

  it.each([
    [{ owner: 'team-A' }, ['notify-A'], ['{}/{level!="critical",owner="team-A"}']],
    [{ owner: 'team-A', level: 'critical' }, ['notify-def'], ['{}']],
    [{ owner: 'team-C' }, ['notify-BC'], ['{}/{owner=~"team-(B|C)"}']],
    [
      { owner: 'team-A', env: 'testing' },
      ['notify-testing'],
      ['{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}'],
    ],
    [
      { owner: 'team-A', env: 'testing', baz: 'a-quux' },
      ['notify-A'],
      ['{}/{level!="critical",owner="team-A"}'],
    ],
    [
      { owner: 'team-A', env: 'production' },
      ['notify-productionA', 'notify-productionB'],
      [
        '{}/{level!="critical",owner="team-A"}/{env="production"}',
        '{}/{level!="critical",owner="team-A"}/{env=~"produ.*",job=~".*"}',
      ],
    ],
    // continue on notify-BC lets the next sibling match too.
    [
      { owner: 'team-B', severity: 'warning', team: 'db' },
      ['notify-BC', 'notify-db'],
      ['{}/{owner=~"team-(B|C)"}', '{}/{severity=~"warning|critical",team!=""}/{team="db"}'],
    ],
    // continue on notify-page: both children can match.
    [{ severity: 'critical', team: 'db' }, ['notify-page', 'notify-db'], expect.any(Array)],
    // A matching node without matching children is the result.
    [{ severity: 'warning', team: 'web' }, ['notify-team'], ['{}/{severity=~"warning|critical",team!=""}']],
    // `team!=""` needs the label: missing counts as "".
    [{ severity: 'critical' }, ['notify-def'], ['{}']],
  ] as [Record<string, string>, string[], unknown][])('%j', (labels, receivers, keys) => {
    const matches = root.match(labels);
    expect(matches.map((r) => r.opts.receiver)).toEqual(receivers);
    expect(matches.map((r) => r.key())).toEqual(keys);
  });
});

describe('Route.id', () => {
  it('tells apart siblings with the same matchers', () => {
    const root = treeFromYaml(`
route:
  receiver: default
  routes:
  - {continue: true, matchers: [foo=bar], receiver: test1, routes: [{matchers: [bar=baz]}]}
  - {continue: true, matchers: [foo=bar], receiver: test1, routes: [{matchers: [bar=baz]}]}
  - {continue: true, matchers: [foo=bar], receiver: test2, routes: [{matchers: [bar=baz]}]}
  - {continue: true, matchers: [bar=baz], receiver: test3, routes: [{matchers: [baz=qux]}, {matchers: [qux=corge]}]}
  - {continue: true, matchers: ['qux=~"[a-zA-Z0-9]+"']}
  - {continue: true, matchers: ['corge!~"[0-9]+"']}
receivers: [{name: default}, {name: test1}, {name: test2}, {name: test3}]
`);
    const ids: string[] = [];
    root.walk((r) => ids.push(r.id()));
    expect(ids).toEqual([
      '{}',
      '{}/{foo="bar"}/0',
      '{}/{foo="bar"}/0/{bar="baz"}/0',
      '{}/{foo="bar"}/1',
      '{}/{foo="bar"}/1/{bar="baz"}/0',
      '{}/{foo="bar"}/2',
      '{}/{foo="bar"}/2/{bar="baz"}/0',
      '{}/{bar="baz"}/3',
      '{}/{bar="baz"}/3/{baz="qux"}/0',
      '{}/{bar="baz"}/3/{qux="corge"}/1',
      '{}/{qux=~"[a-zA-Z0-9]+"}/4',
      '{}/{corge!~"[0-9]+"}/5',
    ]);
  });
});

describe('inheritance', () => {
  const root = treeFromYaml(`
route:
  receiver: default
  labels: {team: platform}
  routes:
  - matchers: [env=parent]
    group_by: ['...']
    labels: {team: parent, tier: one}
    routes:
    - matchers: [x=child1]
    - matchers: [x=child2]
      group_by: [foo]
    - matchers: [x=child3]
      group_by: []
  - matchers: [env=other]
receivers: [{name: default}]
`);

  it('passes group_by: [...] down until a child sets its own group_by', () => {
    const [parent] = root.routes;
    expect(parent?.routes.map((r) => [r.opts.groupByAll, r.opts.groupBy])).toEqual([
      [true, []],
      [false, ['foo']],
      [false, []],
    ]);
  });

  it('merges route labels from the root down', () => {
    expect(root.match({ env: 'parent', x: 'child1' })[0]?.opts.labels).toEqual({
      team: 'parent',
      tier: 'one',
    });
    expect(root.match({ env: 'other' })[0]?.opts.labels).toEqual({ team: 'platform' });
  });

  it('does not inherit time intervals', () => {
    const r = treeFromYaml(`
route:
  receiver: default
  routes:
  - matchers: [a=b]
    mute_time_intervals: [night]
    routes: [{matchers: [c=d]}]
receivers: [{name: default}]
time_intervals: [{name: night, time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]}]
`);
    const [child] = r.match({ a: 'b', c: 'd' });
    expect(child?.opts.muteTimeIntervals).toEqual([]);
    expect(r.match({ a: 'b' })[0]?.opts.muteTimeIntervals).toEqual(['night']);
  });
});

describe('group keys', () => {
  const root = treeFromYaml(`
route:
  receiver: default
  group_by: [alertname]
  routes:
  - matchers: [severity="page"]
    group_by: [alertname, cluster]
  - matchers: [severity="all"]
    group_by: ['...']
receivers: [{name: default}]
`);

  it.each([
    [
      { alertname: 'X', severity: 'page', cluster: 'eu' },
      '{}/{severity="page"}:{alertname="X", cluster="eu"}',
    ],
    [{ alertname: 'X', severity: 'page' }, '{}/{severity="page"}:{alertname="X"}'],
    [{ alertname: 'Y', severity: 'none' }, '{}:{alertname="Y"}'],
    [{ severity: 'none' }, '{}:{}'],
    [
      { b: '2', severity: 'all', a: 'tab\t"q"' },
      '{}/{severity="all"}:{a="tab\\t\\"q\\"", b="2", severity="all"}',
    ],
  ])('%j is grouped as %s', (labels, key) => {
    const [route] = root.match(labels);
    expect(route?.groupKey(labels)).toBe(key);
  });

  it('prints group labels in byte order with UTF-8 names unquoted', () => {
    const labels = { z: 'last', a: 'first', 'service.name': 'é', severity: 'all' };
    expect(root.match(labels)[0]?.groupKey(labels)).toBe(
      '{}/{severity="all"}:{a="first", service.name="é", severity="all", z="last"}',
    );
  });
});
