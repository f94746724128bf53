import { describe, expect, it } from 'vitest';
import { sessionTokenStore } from './token-store';

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}

describe('sessionTokenStore', () => {
  it('keeps a trimmed token and forgets it when set to empty', () => {
    const storage = new MemoryStorage();
    const store = sessionTokenStore(storage as unknown as Storage);
    store.set('  abc  ');
    expect(store.get()).toBe('abc');
    expect(storage.getItem('vigil.silence-ui.token')).toBe('abc');
    store.set('');
    expect(storage.getItem('vigil.silence-ui.token')).toBeNull();
    expect(store.get()).toBe('');
  });

  it('falls back to memory when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => undefined,
    };
    const store = sessionTokenStore(broken as unknown as Storage);
    store.set('t');
    expect(store.get()).toBe('t');
  });
});
