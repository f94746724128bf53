/**
 * SampleQueue is a bounded FIFO that makes room by dropping its oldest items, so a slow or dead
 * remote costs the oldest data and a fixed amount of memory rather than blocking rule evaluation.
 */
export class SampleQueue<T> {
  private items: T[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new Error(`queue capacity must be at least 1, got ${capacity}`);
  }

  /** length is the number of items waiting. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** push appends an item and returns how many old items were dropped to make room (0 or 1). */
  push(item: T): number {
    this.items.push(item);
    if (this.length <= this.capacity) return 0;
    this.head++;
    this.compact();
    return 1;
  }

  /** take removes and returns up to `n` of the oldest items. */
  take(n: number): T[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    this.compact();
    return out;
  }

  /** clear removes everything and returns how many items there were. */
  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    return n;
  }

  private compact(): void {
    // Amortised O(1): copy only once the dead prefix outweighs the live part.
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
