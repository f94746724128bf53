/** BufferedBatch is anything the buffer holds: a batch whose size is its number of alerts. */
export interface BufferedBatch<A> {
  alerts: A[];
}

/**
 * AlertBuffer is a FIFO of alert batches bounded by the total number of alerts. When full it drops the oldest alerts,
 * as Prometheus's notifier queue does: under pressure the newest state of an alert is worth more than an old one.
 */
export class AlertBuffer<A, B extends BufferedBatch<A>> {
  private batches: B[] = [];
  private alerts = 0;

  /** capacity is the most alerts the buffer holds. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`buffer capacity must be >= 1, got ${capacity}`);
  }

  /** alertCount is the number of alerts held. */
  get alertCount(): number {
    return this.alerts;
  }

  /** batchCount is the number of batches held. */
  get batchCount(): number {
    return this.batches.length;
  }

  /** push appends a batch (in place: it may trim the batch) and returns how many alerts were dropped to fit. */
  push(batch: B): number {
    let dropped = 0;
    if (batch.alerts.length > this.capacity) {
      dropped += batch.alerts.length - this.capacity;
      batch.alerts.splice(0, batch.alerts.length - this.capacity);
    }
    dropped += this.dropOldest(this.alerts + batch.alerts.length - this.capacity);
    if (batch.alerts.length > 0) {
      this.batches.push(batch);
      this.alerts += batch.alerts.length;
    }
    return dropped;
  }

  /** takeBatches removes and returns up to max whole batches from the front. */
  takeBatches(max: number): B[] {
    const taken = this.batches.splice(0, max);
    for (const b of taken) this.alerts -= b.alerts.length;
    return taken;
  }

  /** takeAlerts removes and returns up to max alerts from the front, splitting a batch when needed. */
  takeAlerts(max: number): A[] {
    const out: A[] = [];
    while (out.length < max && this.batches.length > 0) {
      const head = this.batches[0];
      if (head === undefined) break;
      const part = head.alerts.splice(0, max - out.length);
      out.push(...part);
      this.alerts -= part.length;
      if (head.alerts.length === 0) this.batches.shift();
    }
    return out;
  }

  /** putBack returns batches taken earlier to the front, in order, and returns how many alerts were dropped to fit. */
  putBack(batches: readonly B[]): number {
    for (const b of batches) this.alerts += b.alerts.length;
    this.batches.unshift(...batches);
    return this.dropOldest(this.alerts - this.capacity);
  }

  /** clear empties the buffer and returns how many alerts it held. */
  clear(): number {
    const n = this.alerts;
    this.batches = [];
    this.alerts = 0;
    return n;
  }

  private dropOldest(excess: number): number {
    let dropped = 0;
    while (excess > dropped && this.batches.length > 0) {
      const head = this.batches[0];
      if (head === undefined) break;
      const n = Math.min(head.alerts.length, excess - dropped);
      head.alerts.splice(0, n);
      dropped += n;
      if (head.alerts.length === 0) this.batches.shift();
    }
    this.alerts -= dropped;
    return dropped;
  }
}
