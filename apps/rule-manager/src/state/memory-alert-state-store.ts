import type { AlertStateStore, PersistedGroupState } from './alert-state-store';

/** MemoryAlertStateStore keeps alert state in process memory: for tests and single-run tools (no restart survival). */
export class MemoryAlertStateStore implements AlertStateStore {
  private readonly states = new Map<string, PersistedGroupState>();

  async load(groupKey: string): Promise<PersistedGroupState | undefined> {
    const state = this.states.get(groupKey);
    return state === undefined ? undefined : structuredClone(state);
  }

  async save(state: PersistedGroupState): Promise<void> {
    // A copy, so later changes by the caller do not alter what was saved (as with a real store).
    this.states.set(state.groupKey, structuredClone(state));
  }

  async remove(groupKey: string): Promise<void> {
    this.states.delete(groupKey);
  }

  /** groupKeys lists the groups with saved state. */
  groupKeys(): string[] {
    return [...this.states.keys()];
  }
}
