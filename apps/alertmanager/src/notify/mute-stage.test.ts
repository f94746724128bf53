import type { Labels } from '@vigil/model';
import { describe, expect, it } from 'vitest';
import { muteStage } from './mute-stage';
import { makeAlert, makeCtx, metricValue, newMetrics } from './test-support';

const muteWhen = (name: string, value: string) => ({ mutes: (l: Labels) => l[name] === value });

describe('muteStage', () => {
  const critical = makeAlert({ alertname: 'A', severity: 'critical' });
  const warning = makeAlert({ alertname: 'A', severity: 'warning' });

  it.each([
    ['silence', 'silence'],
    ['inhibition', 'inhibition'],
  ] as const)('drops the alerts its muter mutes and counts them as suppressed by %s', async (_n, reason) => {
    const { registry, metrics } = newMetrics();
    const out = await muteStage(muteWhen('severity', 'warning'), reason, metrics).exec(makeCtx(), [
      critical,
      warning,
    ]);
    expect(out.alerts).toEqual([critical]);
    expect(await metricValue(registry, 'alertmanager_notifications_suppressed_total', { reason })).toBe(1);
  });

  it('passes everything when nothing is muted', async () => {
    const { registry, metrics } = newMetrics();
    const out = await muteStage(muteWhen('x', 'y'), 'silence', metrics).exec(makeCtx(), [critical, warning]);
    expect(out.alerts).toEqual([critical, warning]);
    expect(await metricValue(registry, 'alertmanager_notifications_suppressed_total')).toBe(0);
  });
});
