import { afterEach, describe, expect, it } from 'vitest';
import { InvalidAlertBatchJobError } from '@vigil/queue';
import type { AlertBatchEntry } from '@vigil/queue';
import type { OutgoingAlert } from './alert-sender';
import { QueueAlertSender } from './queue-alert-sender';
import type { AlertBatchQueue, QueueAlertSenderOptions } from './queue-alert-sender';
import { waitForAssertion as waitFor } from '@vigil/testing';

/** FakeQueue records writes; `up` and `failNext` simulate Redis going away. */
class FakeQueue implements AlertBatchQueue {
  up = true;
  failNext = 0;
  rejectAsInvalid = false;
  hang = false;
  written: AlertBatchEntry[] = [];
  attempts = 0;
  private listeners: (() => void)[] = [];

  async addBulk(entries: readonly AlertBatchEntry[]): Promise<unknown> {
    this.attempts += 1;
    if (this.hang) return new Promise(() => undefined);
    if (this.rejectAsInvalid) throw new InvalidAlertBatchJobError(['alerts[0].labels: is required']);
    if (!this.up || this.failNext > 0) {
      this.failNext = Math.max(0, this.failNext - 1);
      throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
    }
    for (const e of entries) if (!this.written.some((w) => w.jobId === e.jobId)) this.written.push(e);
    return entries.map((e) => e.jobId);
  }
  isReady(): boolean {
    return this.up;
  }
  onReady(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }
  setUp(up: boolean): void {
    this.up = up;
    if (up) for (const l of this.listeners) l();
  }
  labels(): string[] {
    return this.written.flatMap((e) => e.job.alerts.map((a) => a.labels.n ?? ''));
  }
}

function alert(n: number): OutgoingAlert {
  return {
    labels: { alertname: 'A', n: String(n) },
    annotations: {},
    startsAt: '2024-01-01T00:00:00.000Z',
    endsAt: '2024-01-01T00:04:00.000Z',
    generatorURL: 'http://vigil/graph?g0.expr=up&g0.tab=1',
  };
}

const source = { group: 'g', file: 'f.yml' };
const senders: QueueAlertSender[] = [];
afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.close({ timeoutMs: 0 })));
});

function sender(queue: FakeQueue, opts: Partial<QueueAlertSenderOptions> = {}): QueueAlertSender {
  const s = new QueueAlertSender({
    queue,
    instance: 'rm:1',
    minRetryDelayMs: 5,
    maxRetryDelayMs: 20,
    ...opts,
  });
  senders.push(s);
  return s;
}

describe('QueueAlertSender', () => {
  it('writes each batch as one job with source, sentAt and rule', async () => {
    const queue = new FakeQueue();
    const s = sender(queue, { now: () => Date.UTC(2024, 0, 1, 0, 0, 7) });
    s.send([alert(1), { ...alert(2), rule: 'Other' }], { ...source, rule: 'A' });
    expect(await s.flush(1000)).toBe(true);
    expect(queue.written).toHaveLength(1);
    expect(queue.written[0]?.job).toEqual({
      version: 1,
      source: { instance: 'rm:1', group: 'g', file: 'f.yml' },
      alerts: [
        { ...alert(1), rule: 'A' },
        { ...alert(2), rule: 'Other' },
      ],
      sentAt: '2024-01-01T00:00:07.000Z',
    });
    expect(s.stats()).toMatchObject({ sentAlerts: 2, sentBatches: 1, bufferedAlerts: 0, droppedAlerts: 0 });
  });

  it('ignores empty batches', async () => {
    const queue = new FakeQueue();
    const s = sender(queue);
    s.send([], source);
    expect(await s.flush(100)).toBe(true);
    expect(queue.attempts).toBe(0);
  });

  it('buffers while the queue is down and writes everything in order once it is back', async () => {
    const queue = new FakeQueue();
    queue.up = false;
    const s = sender(queue);
    for (let n = 1; n <= 5; n++) s.send([alert(n)], source);
    expect(s.stats()).toMatchObject({ bufferedAlerts: 5, bufferedBatches: 5, sentAlerts: 0 });
    queue.setUp(true);
    expect(await s.flush(1000)).toBe(true);
    expect(queue.labels()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('retries failed writes with the same job ids', async () => {
    const queue = new FakeQueue();
    queue.failNext = 3;
    const s = sender(queue);
    s.send([alert(1)], source);
    s.send([alert(2)], source);
    expect(await s.flush(2000)).toBe(true);
    expect(queue.labels()).toEqual(['1', '2']);
    expect(s.stats().failedWrites).toBe(3);
    const ids = queue.written.map((w) => w.jobId);
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => id !== undefined && !id.includes(':'))).toBe(true);
  });

  it('drops the oldest alerts when the buffer is full and counts them', async () => {
    const queue = new FakeQueue();
    queue.up = false;
    const s = sender(queue, { capacity: 4 });
    s.send([alert(1), alert(2)], source);
    s.send([alert(3), alert(4)], source);
    s.send([alert(5)], source);
    s.send([alert(6), alert(7), alert(8), alert(9), alert(10)], source);
    expect(s.stats()).toMatchObject({ bufferedAlerts: 4, droppedAlerts: 6 });
    queue.setUp(true);
    expect(await s.flush(1000)).toBe(true);
    expect(queue.labels()).toEqual(['7', '8', '9', '10']);
  });

  it('drops invalid alerts at send and keeps the valid ones', async () => {
    const queue = new FakeQueue();
    const s = sender(queue);
    s.send([{ ...alert(1), startsAt: 'yesterday' }, alert(2)], source);
    expect(await s.flush(1000)).toBe(true);
    expect(queue.labels()).toEqual(['2']);
    expect(s.stats().invalidAlerts).toBe(1);
  });

  it('does not retry batches the queue rejects as invalid', async () => {
    const queue = new FakeQueue();
    queue.rejectAsInvalid = true;
    const s = sender(queue);
    s.send([alert(1)], source);
    expect(await s.flush(1000)).toBe(true);
    expect(queue.attempts).toBe(1);
    expect(s.stats()).toMatchObject({ invalidAlerts: 1, bufferedAlerts: 0 });
  });

  it('gives up on a write that hangs and retries it', async () => {
    const queue = new FakeQueue();
    queue.hang = true;
    const s = sender(queue, { writeTimeoutMs: 20 });
    s.send([alert(1)], source);
    await waitFor(() => expect(s.stats().failedWrites).toBeGreaterThanOrEqual(2));
    expect(s.stats().bufferedAlerts).toBe(1);
    queue.hang = false;
    expect(await s.flush(1000)).toBe(true);
    expect(queue.labels()).toEqual(['1']);
  });

  it('never throws from send, even for malformed input', () => {
    const s = sender(new FakeQueue());
    expect(() => s.send(null as unknown as OutgoingAlert[], source)).not.toThrow();
    expect(() => s.send([null as unknown as OutgoingAlert], source)).not.toThrow();
  });

  it('close drains what it can, then drops the rest and refuses new batches', async () => {
    const queue = new FakeQueue();
    const s = sender(queue);
    s.send([alert(1)], source);
    await s.close();
    expect(queue.labels()).toEqual(['1']);
    s.send([alert(2)], source);
    expect(s.stats()).toMatchObject({ droppedAlerts: 1, sentAlerts: 1 });

    const down = new FakeQueue();
    down.up = false;
    const t = sender(down);
    t.send([alert(1), alert(2)], source);
    const started = Date.now();
    await t.close({ timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(t.stats()).toMatchObject({ droppedAlerts: 2, bufferedAlerts: 0 });
  });
});
