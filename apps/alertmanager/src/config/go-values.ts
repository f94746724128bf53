// Go value parsers that Alertmanager's config relies on, with Go's acceptance rules and messages:
// net/url.Parse (the subset that decides validity), net.SplitHostPort and time.ParseDuration.

/** GoValueError carries the message Go's parser would give. */
export class GoValueError extends Error {}

/** A URL split as Go's net/url does. */
export interface GoUrl {
  scheme: string;
  opaque: string;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
  hasAuthority: boolean;
}

/** parseGoUrl parses a URL as Go's url.Parse does, throwing its error message (`parse "x": ...`). */
export function parseGoUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const fragment = hash < 0 ? '' : raw.slice(hash + 1);
  const fail = (msg: string, whole = u): never => {
    throw new GoValueError(`parse ${JSON.stringify(whole)}: ${msg}`);
  };
  if (/[\x00-\x1f\x7f]/.test(u)) fail('net/url: invalid control character in URL');
  const out: GoUrl = {
    scheme: '',
    opaque: '',
    host: '',
    path: '',
    rawQuery: '',
    fragment,
    hasAuthority: false,
  };
  let rest = u;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u);
  if (u.startsWith(':')) fail('missing protocol scheme');
  if (schemeMatch) {
    out.scheme = (schemeMatch[1] as string).toLowerCase();
    rest = u.slice(schemeMatch[0].length);
  }
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      out.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (out.scheme !== '') {
      out.opaque = rest;
      return out;
    }
    const segment = rest.split('/')[0] ?? '';
    if (segment.includes(':')) fail('first path segment in URL cannot contain colon');
  }
  if ((out.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    out.hasAuthority = true;
    const at = authority.lastIndexOf('@');
    const hostPart = at < 0 ? authority : authority.slice(at + 1);
    const hostErr = checkHost(hostPart);
    if (hostErr) fail(hostErr);
    if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at)))
      fail('net/url: invalid userinfo');
    out.host = hostPart;
  }
  const escErr = checkEscapes(rest);
  if (escErr) fail(escErr);
  out.path = rest;
  const fragErr = checkEscapes(fragment);
  if (fragErr) fail(fragErr, raw);
  return out;
}

function checkHost(host: string): string | undefined {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    const colonPort = host.slice(close + 1);
    if (!/^(:[0-9]*)?$/.test(colonPort)) return `invalid port ${JSON.stringify(colonPort)} after host`;
    return undefined;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0) {
    const colonPort = host.slice(colon);
    if (!/^:[0-9]*$/.test(colonPort)) return `invalid port ${JSON.stringify(colonPort)} after host`;
  }
  for (let i = 0; i < host.length; i++) {
    const ch = host[i] as string;
    if (ch === '%') {
      if (!/^[0-9a-fA-F]{2}$/.test(host.slice(i + 1, i + 3)))
        return `invalid URL escape ${JSON.stringify(host.slice(i, i + 3))}`;
      i += 2;
      continue;
    }
    if (ch.charCodeAt(0) < 0x80 && !/[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(ch)) {
      return `invalid character ${JSON.stringify(ch)} in host name`;
    }
  }
  return undefined;
}

function checkEscapes(s: string): string | undefined {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
    if (!/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3)))
      return `invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`;
  }
  return undefined;
}

/** parseHttpUrl is Alertmanager's ParseURL: url.Parse plus an http(s) scheme and a host. */
export function parseHttpUrl(raw: string): GoUrl {
  const u = parseGoUrl(raw);
  if (u.scheme !== 'http' && u.scheme !== 'https')
    throw new GoValueError(`unsupported scheme ${JSON.stringify(u.scheme)} for URL`);
  if (u.host === '') throw new GoValueError('missing host for URL');
  return u;
}

/** withTrailingSlash appends "/" to a URL's path if missing, as Alertmanager does for several API URLs. */
export function withTrailingSlash(raw: string): string {
  const u = parseGoUrl(raw);
  if (u.path.endsWith('/')) return raw;
  const cut = [raw.indexOf('?'), raw.indexOf('#')].filter((i) => i >= 0);
  const at = cut.length > 0 ? Math.min(...cut) : raw.length;
  return `${raw.slice(0, at)}/${raw.slice(at)}`;
}

/** A host and port as net.SplitHostPort splits them. */
export interface HostPort {
  host: string;
  port: string;
}

/** splitHostPort splits `host:port` as Go does; throws `address x: missing port in address` etc. */
export function splitHostPort(hostport: string): HostPort {
  const fail = (why: string): never => {
    throw new GoValueError(`address ${hostport}: ${why}`);
  };
  const i = hostport.lastIndexOf(':');
  if (i < 0) fail('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) fail("missing ']' in address");
    if (end + 1 === hostport.length) fail('missing port in address');
    if (end + 1 !== i)
      fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) fail('too many colons in address');
  }
  if (hostport.slice(j).includes('[')) fail("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) fail("unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

/** formatHostPort joins a host and port as net.JoinHostPort does (brackets for IPv6). */
export function formatHostPort(hp: HostPort): string {
  if (hp.host === '' && hp.port === '') return '';
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

const GO_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** parseGoDuration reads a Go time.Duration string (`1h30m`, `1.5s`, `300ms`) into milliseconds. */
export function parseGoDuration(s: string): number {
  const orig = s;
  const quoted = JSON.stringify(orig);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new GoValueError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== '') {
    const num = /^([0-9]*)(\.[0-9]*)?/.exec(rest);
    const numText = num?.[0] ?? '';
    if (numText === '' || numText === '.') throw new GoValueError(`time: invalid duration ${quoted}`);
    rest = rest.slice(numText.length);
    const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unit === '') throw new GoValueError(`time: missing unit in duration ${quoted}`);
    const scale = GO_UNITS[unit];
    if (scale === undefined)
      throw new GoValueError(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    rest = rest.slice(unit.length);
    total += Number(numText) * scale;
  }
  return sign * total;
}

/** formatGoDuration prints milliseconds as Go's time.Duration.String() (`1h30m0s`, `1.5s`, `0s`). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) {
    const text =
      rest >= 1
        ? `${trimFloat(rest)}ms`
        : rest >= 1e-3
          ? `${trimFloat(rest * 1e3)}µs`
          : `${trimFloat(rest * 1e6)}ns`;
    return (neg ? '-' : '') + text;
  }
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const secs = `${trimFloat(rest / 1000)}s`;
  return (neg ? '-' : '') + (h > 0 ? `${h}h${m}m${secs}` : m > 0 ? `${m}m${secs}` : secs);
}

function trimFloat(n: number): string {
  return String(Number(n.toFixed(9)));
}
