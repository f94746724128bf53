import { describe, expect, it } from 'vitest';
import type { Alert } from '../alert/alert';
import { FanOutError, fanOut, sequence, stage, type Stage } from './stage';
import { makeAlert, makeCtx } from './test-support';

const a = makeAlert({ alertname: 'A' });
const b = makeAlert({ alertname: 'B' });

const recording = (log: string[], name: string, out?: (alerts: Alert[]) => Alert[]): Stage =>
  stage(async (ctx, alerts) => {
    log.push(name);
    return { ctx, alerts: out ? out(alerts) : alerts };
  });

describe('sequence', () => {
  it('runs stages in order on the previous output and stops once no alerts are left', async () => {
    const log: string[] = [];
    const out = await sequence(
      recording(log, 'first', (xs) => xs.slice(1)),
      recording(log, 'second', () => []),
      recording(log, 'third'),
    ).exec(makeCtx(), [a, b]);
    expect(log).toEqual(['first', 'second']);
    expect(out.alerts).toEqual([]);
  });

  it('passes a stage’s context to the next', async () => {
    const seen: string[] = [];
    await sequence(
      stage(async (ctx, alerts) => ({ ctx: { ...ctx, groupKey: 'changed' }, alerts })),
      stage(async (ctx, alerts) => {
        seen.push(ctx.groupKey);
        return { ctx, alerts };
      }),
    ).exec(makeCtx(), [a]);
    expect(seen).toEqual(['changed']);
  });
});

describe('fanOut', () => {
  it('runs every branch even when one fails, then reports all failures', async () => {
    const log: string[] = [];
    const failing = (msg: string): Stage =>
      stage(async () => {
        log.push(msg);
        throw new Error(msg);
      });
    const err = await fanOut([failing('one'), recording(log, 'ok'), failing('two')])
      .exec(makeCtx(), [a])
      .catch((e: unknown) => e);
    expect(log.sort()).toEqual(['ok', 'one', 'two']);
    expect(err).toBeInstanceOf(FanOutError);
    expect((err as FanOutError).message).toBe('one; two');
  });

  it('passes its input on when every branch succeeds, whatever the branches return', async () => {
    const out = await fanOut([recording([], 'x', () => [])]).exec(makeCtx(), [a, b]);
    expect(out.alerts).toEqual([a, b]);
  });
});
