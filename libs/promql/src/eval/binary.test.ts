import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';
import { formatLabels } from './labels';

function engine(): Engine {
  const s = new MemoryStorage();
  const add = (labels: Record<string, string>, v: number): boolean => s.append(labels, 0, v);
  add({ __name__: 'req', job: 'api', instance: '1' }, 10);
  add({ __name__: 'req', job: 'api', instance: '2' }, 20);
  add({ __name__: 'req', job: 'db', instance: '1' }, 30);
  add({ __name__: 'lim', job: 'api' }, 100);
  add({ __name__: 'lim', job: 'db' }, 300);
  add({ __name__: 'err', job: 'api', instance: '1' }, 1);
  return new Engine(s);
}

function run(q: string): string[] {
  const v = engine().instantQuery(q, 0).value;
  if (v.type === 'scalar') return [String(v.value)];
  if (v.type !== 'vector') throw new Error(v.type);
  return v.value.map((s) => `${formatLabels(s.labels)} ${s.value}`).sort();
}

describe('binary operators', () => {
  it.each([
    ['scalar arithmetic', '1 + 2 * 3', ['7']],
    ['scalar comparison needs bool', '2 > bool 1', ['1']],
    ['vector-scalar arithmetic drops the name', 'err * 2', ['{instance="1", job="api"} 2']],
    [
      'vector-scalar comparison filters and keeps the name',
      'req > 15',
      ['{__name__="req", instance="1", job="db"} 30', '{__name__="req", instance="2", job="api"} 20'],
    ],
    [
      'scalar-vector comparison keeps the vector value',
      '15 < req{job="api"}',
      ['{__name__="req", instance="2", job="api"} 20'],
    ],
    ['bool comparison yields 0/1 without name', 'req{job="db"} > bool 100', ['{instance="1", job="db"} 0']],
    ['one-to-one matching on all labels', 'req / err', ['{instance="1", job="api"} 10']],
    ['ignoring drops the ignored labels', 'err + ignoring(instance) lim', ['{job="api"} 101']],
    ['on() keeps only the matching labels', 'err + on(job) lim', ['{job="api"} 101']],
    [
      'group_left',
      'req / on(job) group_left lim',
      ['{instance="1", job="api"} 0.1', '{instance="1", job="db"} 0.1', '{instance="2", job="api"} 0.2'],
    ],
    [
      'group_right',
      'lim / on(job) group_right req',
      ['{instance="1", job="api"} 10', '{instance="1", job="db"} 10', '{instance="2", job="api"} 5'],
    ],
    ['and', 'req and on(job, instance) err', ['{__name__="req", instance="1", job="api"} 10']],
    ['unless', 'req unless on(job) lim{job="api"}', ['{__name__="req", instance="1", job="db"} 30']],
    [
      'or adds unmatched rhs',
      'err or lim',
      [
        '{__name__="err", instance="1", job="api"} 1',
        '{__name__="lim", job="api"} 100',
        '{__name__="lim", job="db"} 300',
      ],
    ],
    [
      'fill_right fills a missing right side',
      'lim - on(job) fill_right(0) err',
      ['{job="api"} 99', '{job="db"} 300'],
    ],
    [
      'fill_left fills a missing left side',
      'err - on(job) fill_left(0) lim',
      ['{job="api"} -99', '{job="db"} -300'],
    ],
    ['an empty side short-circuits before duplicate checks', 'nope + on() req', []],
  ])('%s: %s', (_name, q, want) => {
    expect(run(q)).toEqual(want);
  });

  it.each([
    [
      'duplicate series on the one side',
      'lim + on() req',
      'found duplicate series for the match group {} on the right hand-side of the operation: [{__name__="req", instance="1", job="api"}, {__name__="req", instance="1", job="db"}];many-to-many matching not allowed: matching labels must be unique on one side',
    ],
    [
      'many-to-one without group_left',
      'req + on(job) lim',
      'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
    ],
    [
      'duplicate output label sets',
      '-{__name__=~"req|err", instance="1", job="api"}',
      'vector cannot contain metrics with the same labelset',
    ],
  ])('%s: %s', (_name, q, message) => {
    expect(() => run(q)).toThrow(message);
  });
});
