import { describe, expect, it } from 'vitest';
import { fingerprint, type Labels } from '@vigil/model';
import { formatLabelSet, groupIdOf, groupKeyOf, groupLabelsOf } from './group-labels';

describe('groupLabelsOf', () => {
  const labels = { alertname: 'X', instance: 'i1', job: 'j' };
  it.each<[string, string[], boolean, Labels]>([
    ['group_by names the alert has', ['alertname', 'job'], false, { alertname: 'X', job: 'j' }],
    ['a missing group_by label is left out', ['alertname', 'cluster'], false, { alertname: 'X' }],
    ['empty group_by: one group', [], false, {}],
    ["'...': every label", [], true, labels],
  ])('%s', (_name, groupBy, groupByAll, want) => {
    expect(groupLabelsOf({ labels }, { groupBy, groupByAll })).toEqual(want);
  });
});

describe('groupIdOf', () => {
  const by = { groupBy: ['alertname', 'team'], groupByAll: false };
  const id = (labels: Labels, opts = by) => groupIdOf({ labels, fingerprint: fingerprint(labels) }, opts);
  it('is equal exactly when the group labels are', () => {
    expect(id({ alertname: 'X', team: 'a', i: '1' })).toBe(id({ alertname: 'X', team: 'a', i: '2' }));
    expect(id({ alertname: 'X', team: '' })).not.toBe(id({ alertname: 'X' }));
    expect(id({ alertname: 'X', team: 'null' })).not.toBe(id({ alertname: 'X' }));
    expect(id({ alertname: 'a","b' })).not.toBe(id({ alertname: 'a', team: 'b' }));
    expect(id({ a: '1' }, { groupBy: [], groupByAll: true })).not.toBe(
      id({ a: '2' }, { groupBy: [], groupByAll: true }),
    );
  });
});

describe('groupKeyOf', () => {
  it.each<[string, Labels, string]>([
    ['{}/{severity="page"}', { alertname: 'X' }, '{}/{severity="page"}:{alertname="X"}'],
    ['{}', { b: '2', a: 'say "hi"\n' }, '{}:{a="say \\"hi\\"\\n", b="2"}'],
    ['{}', {}, '{}:{}'],
  ])('%s + %j → %s', (routeKey, labels, want) => {
    expect(groupKeyOf(routeKey, labels)).toBe(want);
  });
});

describe('formatLabelSet (Go LabelSet.String)', () => {
  it.each<[Labels, string]>([
    [{}, '{}'],
    [{ b: '2', a: '1' }, '{a="1", b="2"}'],
    [{ a: 'say "hi"\n' }, '{a="say \\"hi\\"\\n"}'],
    [{ a: 'back\\slash' }, '{a="back\\\\slash"}'],
    [{ a: 'ünï' }, '{a="ünï"}'],
    [{ a: '\x7f' }, '{a="\\x7f"}'],
    [{ 'a.b': 'x', a: 'y', B: 'z' }, '{B="z", a="y", a.b="x"}'],
  ])('%j → %s', (labels, want) => {
    expect(formatLabelSet(labels)).toBe(want);
  });
});
