// The API token lives in sessionStorage: it survives reloads of the tab but not closing it, and is never in a URL.

const KEY = 'vigil.silence-ui.token';

/** TokenStore keeps the bearer token that write requests carry. */
export interface TokenStore {
  get(): string;
  set(token: string): void;
}

/** sessionTokenStore keeps the token in the tab's sessionStorage (in memory when storage is unavailable). */
export function sessionTokenStore(storage: Storage | undefined = globalThis.sessionStorage): TokenStore {
  let memory = '';
  return {
    get: () => {
      try {
        return storage?.getItem(KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set: (token) => {
      memory = token.trim();
      try {
        if (memory === '') storage?.removeItem(KEY);
        else storage?.setItem(KEY, memory);
      } catch {
        // Storage disabled (privacy mode): the token lasts as long as the page.
      }
    },
  };
}
