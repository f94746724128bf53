// The OpenAPI `uri` format as go-openapi checks it (strfmt v0.27's isRequestURI): the text before any `#fragment`
// must be accepted by Go's url.ParseRequestURI — an absolute URI or an absolute path, with well-formed percent
// escapes, a numeric port and no control characters.

const HEX = /^[0-9a-fA-F]{2}$/;

// Go's url.unescape only checks here: every `%` starts a two-digit hex escape.
function validEscapes(s: string): boolean {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
    if (!HEX.test(s.slice(i + 1, i + 3))) return false;
  }
  return true;
}

// Characters Go's shouldEscape lets through unescaped in a host (encodeHost mode).
const HOST_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%]$/;

// In a host, Go accepts only escapes of non-ASCII bytes (first hex digit 8-f) and `%25`.
function validHostEscapes(s: string): boolean {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
    const esc = s.slice(i + 1, i + 3);
    if (!HEX.test(esc)) return false;
    if (parseInt(esc[0] ?? '0', 16) < 8 && esc !== '25') return false;
  }
  return true;
}

function validHost(host: string): boolean {
  let hostPart = host;
  if (host.startsWith('[')) {
    const end = host.lastIndexOf(']');
    if (end < 0) return false;
    if (!validOptionalPort(host.slice(end + 1))) return false;
    hostPart = host.slice(0, end + 1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) return false;
  }
  if (!validHostEscapes(hostPart)) return false;
  for (const ch of hostPart) if (ch.charCodeAt(0) < 0x80 && !HOST_CHAR.test(ch)) return false;
  return true;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

// Go's validUserinfo: unreserved, sub-delims, `:`, `%` and non-ASCII.
function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%\u0080-\uffff]*$/.test(s) && validEscapes(s);
}

/** isGoRequestUri tells whether go-openapi's `uri` format check accepts the text (see the file comment). */
export function isGoRequestUri(uri: string): boolean {
  const hash = uri.indexOf('#');
  const text = hash >= 0 ? uri.slice(0, hash) : uri;
  if (text === '') return false;
  if (/[\x00-\x1f\x7f]/.test(text)) return false;
  if (text === '*') return true;
  let scheme = '';
  let rest = text;
  const m = /^([A-Za-z][A-Za-z0-9+\-.]*)?:/.exec(text);
  if (m) {
    if (m[1] === undefined) return false; // "missing protocol scheme"
    scheme = m[1];
    rest = text.slice(m[0].length);
  }
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) return scheme !== '';
  if (scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    if (!validHost(authority.slice(at + 1))) return false;
    if (at >= 0 && !validUserinfo(authority.slice(0, at))) return false;
  }
  return validEscapes(rest);
}
