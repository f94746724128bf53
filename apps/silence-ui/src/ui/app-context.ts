// What every view needs from the app: the API client, navigation, and the app-wide messages.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { Navigate } from './hooks';

/** Flash is a one-time message shown after an action (a saved or expired silence). */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** AppServices is what views reach through context. */
export interface AppServices {
  api: ApiClient;
  navigate: Navigate;
  /** flash shows a message now, or with afterNavigation on the view the action navigates to. */
  flash: (f: Flash, opts?: { afterNavigation?: boolean }) => void;
  openToken: () => void;
}

/** AppContext carries the services; the App provides it. */
export const AppContext = createContext<AppServices | undefined>(undefined);

/** useApp returns the app's services; views are only rendered inside the App. */
export function useApp(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error('useApp outside <App>');
  return s;
}
