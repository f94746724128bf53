// The app shell: navigation, the token panel, one-time messages, and the view the hash route names.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient } from '../api/client';
import { sessionTokenStore } from '../api/token-store';
import type { Route } from '../lib/route';
import { AlertsView } from './alerts-view';
import { AppContext, type AppServices, type Flash } from './app-context';
import { useRoute } from './hooks';
import { SilenceEditor } from './silence-editor';
import { SilencesView } from './silences-view';
import { TokenPanel } from './token-panel';

function section(route: Route): 'alerts' | 'silences' | 'new' | '' {
  if (route.name === 'alerts') return 'alerts';
  if (route.name === 'silences' || route.name === 'silence-edit') return 'silences';
  if (route.name === 'silence-new') return 'new';
  return '';
}

/** App is the whole UI. */
export function App() {
  const [route, navigate] = useRoute();
  const tokens = useMemo(() => sessionTokenStore(), []);
  const api = useMemo(() => new ApiClient({ tokens }), [tokens]);
  const [flash, setFlash] = useState<{ msg: Flash; carried: boolean } | undefined>();
  const [tokenOpen, setTokenOpen] = useState(false);
  const [hasToken, setHasToken] = useState(() => tokens.get() !== '');
  const main = useRef<HTMLElement>(null);
  const routeKey = `${route.name}:${'id' in route ? route.id : ''}`;

  const services = useMemo<AppServices>(
    () => ({
      api,
      navigate,
      flash: (msg, opts) => setFlash({ msg, carried: !opts?.afterNavigation }),
      openToken: () => setTokenOpen(true),
    }),
    [api, navigate],
  );
  // A message shows on the view it was posted for (or the one the action goes to) and goes when the user moves on.
  const firstRoute = useRef(true);
  useEffect(() => {
    setFlash((f) => (f && !f.carried ? { ...f, carried: true } : undefined));
    document.title = `Vigil · ${route.name === 'alerts' ? 'Alerts' : route.name === 'not-found' ? 'Not found' : 'Silences'}`;
    // Moving to another view puts the keyboard at its start, as a page load would.
    if (firstRoute.current) firstRoute.current = false;
    else main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [routeKey]);

  const current = section(route);
  return (
    <AppContext.Provider value={services}>
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Vigil</span>
        <nav aria-label="Main">
          <a href="#/alerts" aria-current={current === 'alerts' ? 'page' : undefined}>
            Alerts
          </a>
          <a href="#/silences" aria-current={current === 'silences' ? 'page' : undefined}>
            Silences
          </a>
          <a href="#/silences/new" aria-current={current === 'new' ? 'page' : undefined}>
            New silence
          </a>
        </nav>
        <button
          type="button"
          class="btn btn-small token-button"
          aria-expanded={tokenOpen}
          onClick={() => setTokenOpen((o) => !o)}
        >
          {hasToken ? 'Token ✓' : 'Token'}
        </button>
      </header>
      {tokenOpen && (
        <TokenPanel
          tokens={tokens}
          onClose={() => {
            setTokenOpen(false);
            setHasToken(tokens.get() !== '');
          }}
        />
      )}
      <main id="main" ref={main} tabIndex={-1}>
        {flash && (
          <p class={`notice notice-${flash.msg.kind}`} role="status">
            {flash.msg.text}
          </p>
        )}
        {route.name === 'alerts' && <AlertsView route={route} />}
        {route.name === 'silences' && <SilencesView route={route} />}
        {(route.name === 'silence-new' || route.name === 'silence-edit') && <SilenceEditor route={route} />}
        {route.name === 'not-found' && (
          <p class="empty">
            Nothing at <span class="mono">#{route.hash}</span>. Go to the <a href="#/alerts">alerts</a>.
          </p>
        )}
      </main>
    </AppContext.Provider>
  );
}
