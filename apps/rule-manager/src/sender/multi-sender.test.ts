import { describe, expect, it } from 'vitest';
import type { AlertSender, AlertSource, OutgoingAlert } from './alert-sender';
import { MultiSender } from './multi-sender';

class RecordingSender implements AlertSender {
  batches: [OutgoingAlert[], AlertSource][] = [];
  closed = false;
  constructor(private readonly fail = false) {}
  send(alerts: readonly OutgoingAlert[], source: AlertSource): void {
    if (this.fail) throw new Error('broken sender');
    this.batches.push([[...alerts], source]);
  }
  async close(): Promise<void> {
    this.closed = true;
    if (this.fail) throw new Error('broken close');
  }
}

describe('MultiSender', () => {
  it('hands every batch to every sender, even when one throws', async () => {
    const a = new RecordingSender();
    const broken = new RecordingSender(true);
    const b = new RecordingSender();
    const errors: string[] = [];
    const multi = new MultiSender([a, broken, b], {
      error: (obj) => errors.push(JSON.stringify(obj)),
      warn: () => undefined,
      info: () => undefined,
    });
    const batch: OutgoingAlert[] = [{ labels: { alertname: 'X' } }];
    expect(() => multi.send(batch, { group: 'g', file: 'f' })).not.toThrow();
    expect(a.batches).toEqual([[batch, { group: 'g', file: 'f' }]]);
    expect(b.batches).toEqual(a.batches);
    await expect(multi.close()).resolves.toBeUndefined();
    expect([a.closed, broken.closed, b.closed]).toEqual([true, true, true]);
    expect(errors).toHaveLength(2);
  });
});
