// Hash routes (`#/alerts?filter=…`, `#/silences`, `#/silences/new?filter=…`, `#/silences/<id>/edit`): the page is
// one static file, so the server needs no routes of its own, and every view with its filters is a shareable link.

/** AlertsRoute is the alerts view: a filter, a grouping (`''` = the route's groups) and which muted alerts show. */
export interface AlertsRoute {
  name: 'alerts';
  filter: string;
  groupBy: string;
  silenced: boolean;
  inhibited: boolean;
}

/** SilencesRoute is the silence list with its search text and state tab (`''` = all states). */
export interface SilencesRoute {
  name: 'silences';
  q: string;
  state: '' | 'active' | 'pending' | 'expired';
}

/** NewSilenceRoute is the editor for a new silence, pre-filled from a filter or from an existing silence. */
export interface NewSilenceRoute {
  name: 'silence-new';
  filter: string;
  /** An existing silence to copy (recreating an expired one). */
  from: string;
}

/** EditSilenceRoute is the editor for an existing silence. */
export interface EditSilenceRoute {
  name: 'silence-edit';
  id: string;
}

/** NotFoundRoute is any hash the UI does not know. */
export interface NotFoundRoute {
  name: 'not-found';
  hash: string;
}

/** Route is what the location hash asks for. */
export type Route = AlertsRoute | SilencesRoute | NewSilenceRoute | EditSilenceRoute | NotFoundRoute;

const STATES = new Set(['', 'active', 'pending', 'expired']);

function flag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === null || v === '' || v === 'true' || v === '1';
}

/** parseHash reads a location hash (with or without the leading `#`); an empty hash is the alerts view. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const qAt = raw.indexOf('?');
  const path = (qAt < 0 ? raw : raw.slice(0, qAt)).replace(/\/+$/, '') || '/alerts';
  const q = new URLSearchParams(qAt < 0 ? '' : raw.slice(qAt + 1));
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 1 && parts[0] === 'alerts') {
    return {
      name: 'alerts',
      filter: q.get('filter') ?? '',
      groupBy: q.get('groupBy') ?? '',
      silenced: flag(q, 'silenced'),
      inhibited: flag(q, 'inhibited'),
    };
  }
  if (parts[0] === 'silences') {
    if (parts.length === 1) {
      const state = q.get('state') ?? '';
      return {
        name: 'silences',
        q: q.get('q') ?? '',
        state: STATES.has(state) ? (state as SilencesRoute['state']) : '',
      };
    }
    if (parts.length === 2 && parts[1] === 'new') {
      return { name: 'silence-new', filter: q.get('filter') ?? '', from: q.get('from') ?? '' };
    }
    const id = decodeURIComponent(parts[1] ?? '');
    if ((parts.length === 3 && parts[2] === 'edit') || parts.length === 2)
      return { name: 'silence-edit', id };
  }
  return { name: 'not-found', hash: raw };
}

function withQuery(path: string, params: [string, string, string?][]): string {
  const q = new URLSearchParams();
  // A parameter equal to its default stays out of the link, so links stay short.
  for (const [k, v, def = ''] of params) if (v !== def) q.set(k, v);
  const qs = q.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/** formatHash builds the hash for a route; parseHash(formatHash(r)) gives r back. */
export function formatHash(route: Route): string {
  switch (route.name) {
    case 'alerts':
      return withQuery('/alerts', [
        ['filter', route.filter],
        ['groupBy', route.groupBy],
        ['silenced', String(route.silenced), 'true'],
        ['inhibited', String(route.inhibited), 'true'],
      ]);
    case 'silences':
      return withQuery('/silences', [
        ['q', route.q],
        ['state', route.state],
      ]);
    case 'silence-new':
      return withQuery('/silences/new', [
        ['filter', route.filter],
        ['from', route.from],
      ]);
    case 'silence-edit':
      return `#/silences/${encodeURIComponent(route.id)}/edit`;
    case 'not-found':
      return `#${route.hash}`;
  }
}

/** alertsRoute is the alerts view with defaults for what is not given. */
export function alertsRoute(over: Partial<Omit<AlertsRoute, 'name'>> = {}): AlertsRoute {
  return { name: 'alerts', filter: '', groupBy: '', silenced: true, inhibited: true, ...over };
}

/** newSilenceHash is the link that opens the editor with these matchers filled in. */
export function newSilenceHash(filter: string): string {
  return formatHash({ name: 'silence-new', filter, from: '' });
}
