import { describe, expect, it } from 'vitest';
import { fingerprint, parseMatcherUtf8, type Labels } from '@vigil/model';
import type { InhibitRule } from './inhibit-rule';
import { Inhibitor, type InhibitAlert } from './inhibitor';

const m = parseMatcherUtf8;

function rule(source: string[], target: string[], equal: string[]): InhibitRule {
  return { sourceMatchers: source.map(m), targetMatchers: target.map(m), equal };
}

const NOW = Date.parse('2024-01-01T00:00:00Z');
const criticalInhibitsWarning = rule(['severity="critical"'], ['severity="warning"'], ['cluster', 'service']);

describe('Inhibitor.mutes', () => {
  it.each<[string, InhibitRule[], InhibitAlert[], Labels, boolean]>([
    [
      'firing source with equal labels mutes the target',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' },
      true,
    ],
    [
      'a differing equal label does not mute',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c2', service: 's1' },
      false,
    ],
    [
      'a label missing on both sides counts as equal ("")',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c1' },
      true,
    ],
    [
      'missing on one side equals an empty value on the other',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: '' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c1' },
      true,
    ],
    [
      'missing on one side, set on the other, does not mute',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' },
      false,
    ],
    [
      'the target side must match',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' } }],
      { alertname: 'B', severity: 'info', cluster: 'c1', service: 's1' },
      false,
    ],
    [
      'no source alerts, nothing muted',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'warning', cluster: 'c1', service: 's1' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' },
      false,
    ],
    [
      'a resolved source (endsAt passed) does not mute',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' }, endsAt: NOW - 1 }],
      { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' },
      false,
    ],
    [
      'a source ending exactly now is resolved',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' }, endsAt: NOW }],
      { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' },
      false,
    ],
    [
      'a source ending in the future still fires',
      [criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' }, endsAt: NOW + 1 }],
      { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' },
      true,
    ],
    [
      'empty equal: any firing source mutes every target',
      [rule(['alertname="Maintenance"'], ['severity=~"warning|info"'], [])],
      [{ labels: { alertname: 'Maintenance', cluster: 'x' } }],
      { alertname: 'B', severity: 'info', cluster: 'y' },
      true,
    ],
    [
      'an alert matching both sides does not inhibit itself',
      [rule(['alertname="Up"'], ['job="api"'], ['job'])],
      [{ labels: { alertname: 'Up', job: 'api' } }],
      { alertname: 'Up', job: 'api' },
      false,
    ],
    [
      'a two-sided target is not inhibited by another two-sided source',
      [rule(['severity=~"critical|warning"'], ['severity=~"warning|info"'], ['cluster'])],
      [{ labels: { alertname: 'A', severity: 'warning', cluster: 'c1' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c1' },
      false,
    ],
    [
      'a two-sided target is inhibited by a one-sided source',
      [rule(['severity=~"critical|warning"'], ['severity=~"warning|info"'], ['cluster'])],
      [
        { labels: { alertname: 'A', severity: 'warning', cluster: 'c1' } },
        { labels: { alertname: 'C', severity: 'critical', cluster: 'c1' } },
      ],
      { alertname: 'B', severity: 'warning', cluster: 'c1' },
      true,
    ],
    [
      'a one-sided target is inhibited by a two-sided source',
      [rule(['severity=~"critical|warning"'], ['severity=~"warning|info"'], ['cluster'])],
      [{ labels: { alertname: 'A', severity: 'warning', cluster: 'c1' } }],
      { alertname: 'B', severity: 'info', cluster: 'c1' },
      true,
    ],
    [
      'any rule may mute',
      [rule(['alertname="X"'], ['alertname="Y"'], []), criticalInhibitsWarning],
      [{ labels: { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' } }],
      { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' },
      true,
    ],
    [
      'negative and regex matchers on both sides',
      [rule(['alertname!~"Info.*"', 'severity="critical"'], ['severity!="critical"'], ['zone'])],
      [{ labels: { alertname: 'DiskFull', severity: 'critical', zone: 'eu' } }],
      { alertname: 'Latency', severity: 'page', zone: 'eu' },
      true,
    ],
  ])('%s', (_name, rules, alerts, target, expected) => {
    const ih = new Inhibitor(rules, { now: () => NOW });
    for (const a of alerts) ih.put(a);
    expect(ih.mutes(target)).toBe(expected);
    expect(ih.inhibitedBy(target)).toHaveLength(expected ? 1 : 0);
  });
});

describe('Inhibitor lifecycle', () => {
  const source = { alertname: 'A', severity: 'critical', cluster: 'c1', service: 's1' };
  const target = { alertname: 'B', severity: 'warning', cluster: 'c1', service: 's1' };

  it('inhibitedBy names the source alert by fingerprint', () => {
    const ih = new Inhibitor([criticalInhibitsWarning], { now: () => NOW });
    ih.put({ labels: source });
    expect(ih.inhibitedBy(target)).toEqual([fingerprint(source)]);
  });

  it('stops muting once the source is resolved', () => {
    const ih = new Inhibitor([criticalInhibitsWarning], { now: () => NOW });
    ih.put({ labels: source });
    expect(ih.mutes(target)).toBe(true);
    ih.resolve(source);
    expect(ih.mutes(target)).toBe(false);
    expect(ih.sourceCount()).toBe(0);
  });

  it('an update with a past endsAt resolves the source in place', () => {
    const ih = new Inhibitor([criticalInhibitsWarning], { now: () => NOW });
    ih.put({ labels: source });
    ih.put({ labels: source, endsAt: NOW - 1000 });
    expect(ih.mutes(target)).toBe(false);
    expect(ih.sourceCount()).toBe(1);
  });

  it('stops muting when the clock passes endsAt, and gc drops the ended source', () => {
    let now = NOW;
    const ih = new Inhibitor([criticalInhibitsWarning], { now: () => now });
    ih.put({ labels: source, endsAt: NOW + 60_000 });
    expect(ih.mutes(target)).toBe(true);
    now = NOW + 60_000;
    expect(ih.mutes(target)).toBe(false);
    expect(ih.gc()).toBe(1);
    expect(ih.sourceCount()).toBe(0);
  });

  it('keeps muting while another source with the same equal labels fires', () => {
    const ih = new Inhibitor([criticalInhibitsWarning], { now: () => NOW });
    const other = { ...source, alertname: 'A2' };
    ih.put({ labels: source });
    ih.put({ labels: other });
    ih.resolve(source);
    expect(ih.inhibitedBy(target)).toEqual([fingerprint(other)]);
  });

  it('ignores resolving an alert it never saw', () => {
    const ih = new Inhibitor([criticalInhibitsWarning], { now: () => NOW });
    ih.resolve(target);
    ih.resolve(source);
    expect(ih.sourceCount()).toBe(0);
  });

  it('with no rules mutes nothing', () => {
    const ih = new Inhibitor([]);
    ih.put({ labels: source });
    expect(ih.mutes(target)).toBe(false);
  });

  it('handles many sources and targets quickly', () => {
    const ih = new Inhibitor([criticalInhibitsWarning], { now: () => NOW });
    for (let i = 0; i < 10_000; i++)
      ih.put({ labels: { alertname: 'Down', severity: 'critical', cluster: `c${i}`, service: 's' } });
    const started = performance.now();
    let muted = 0;
    for (let i = 0; i < 20_000; i++) {
      if (ih.mutes({ alertname: 'Slow', severity: 'warning', cluster: `c${i}`, service: 's' })) muted++;
    }
    expect(muted).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
