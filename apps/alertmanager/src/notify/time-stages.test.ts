import { describe, expect, it } from 'vitest';
import { Intervener, parseTimeInterval } from '../timeinterval';
import { timeActiveStage, timeMuteStage, type GroupMarker } from './time-stages';
import { makeAlert, makeCtx, metricValue, newMetrics } from './test-support';

// T0 (2024-01-01) is a Monday, 00:00 UTC.
const intervener = new Intervener({
  'monday-night': [
    parseTimeInterval({ weekdays: ['monday'], times: [{ start_time: '00:00', end_time: '06:00' }] }),
  ],
  weekends: [parseTimeInterval({ weekdays: ['saturday', 'sunday'] })],
});

function recordingMarker(): GroupMarker & { marks: string[][] } {
  const marks: string[][] = [];
  return { marks, setMuted: (_route, _group, names) => marks.push(names) };
}

const alerts = [makeAlert({ alertname: 'A' }), makeAlert({ alertname: 'B' })];

describe('timeMuteStage', () => {
  it.each([
    ['no mute intervals', [], 2, []],
    ['outside every mute interval', ['weekends'], 2, []],
    ['inside a mute interval', ['weekends', 'monday-night'], 0, ['monday-night']],
  ])('%s', async (_name, names, passed, mutedBy) => {
    const { registry, metrics } = newMetrics();
    const marker = recordingMarker();
    const out = await timeMuteStage(intervener, metrics, marker).exec(
      makeCtx({ muteTimeIntervals: names }),
      alerts,
    );
    expect(out.alerts).toHaveLength(passed);
    expect(marker.marks).toEqual([mutedBy]);
    expect(
      await metricValue(registry, 'alertmanager_notifications_suppressed_total', {
        reason: 'mute_time_interval',
      }),
    ).toBe(2 - passed);
  });

  it('fails on an interval the configuration does not define', async () => {
    const { metrics } = newMetrics();
    await expect(
      timeMuteStage(intervener, metrics).exec(makeCtx({ muteTimeIntervals: ['nope'] }), alerts),
    ).rejects.toThrow("time interval nope doesn't exist in config");
  });
});

describe('timeActiveStage', () => {
  it.each([
    ['no active intervals', [], 2, []],
    ['inside an active interval', ['weekends', 'monday-night'], 2, []],
    ['outside every active interval', ['weekends'], 0, ['weekends']],
  ])('%s', async (_name, names, passed, mutedBy) => {
    const { registry, metrics } = newMetrics();
    const marker = recordingMarker();
    const out = await timeActiveStage(intervener, metrics, marker).exec(
      makeCtx({ activeTimeIntervals: names }),
      alerts,
    );
    expect(out.alerts).toHaveLength(passed);
    expect(marker.marks).toEqual([mutedBy]);
    expect(
      await metricValue(registry, 'alertmanager_notifications_suppressed_total', {
        reason: 'active_time_interval',
      }),
    ).toBe(2 - passed);
  });
});
