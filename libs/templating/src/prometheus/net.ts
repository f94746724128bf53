// Go's net.SplitHostPort / JoinHostPort / ParseIP, for Prometheus's stripPort and stripDomain.

/** splitHostPort is net.SplitHostPort; undefined where Go returns an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return undefined;
    if (end + 1 === hostport.length) return undefined;
    if (end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[')) return undefined;
  if (hostport.slice(k).includes(']')) return undefined;
  return { host, port: hostport.slice(i + 1) };
}

/** joinHostPort is net.JoinHostPort. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function isIPv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const parse = (part: string): number | undefined => {
    if (part === '') return 0;
    const groups = part.split(':');
    let n = 0;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes('.')) {
        if (!IPV4.test(g)) return undefined;
        n += 2;
      } else if (HEX_GROUP.test(g)) {
        n += 1;
      } else {
        return undefined;
      }
    }
    return n;
  };
  if (halves.length === 2) {
    const left = halves[0] as string;
    const right = halves[1] as string;
    if (left.includes('.')) return false;
    const a = parse(left);
    const b = parse(right);
    return a !== undefined && b !== undefined && a + b < 8;
  }
  return parse(s) === 8;
}

/** parseIP reports whether s is an IPv4 or IPv6 address as net.ParseIP accepts it. */
export function isIP(s: string): boolean {
  if (IPV4.test(s)) return true;
  return s.includes(':') && isIPv6(s);
}

/** stripPort drops the port from host:port, leaving other input unchanged. */
export function stripPort(hostPort: string): string {
  const split = splitHostPort(hostPort);
  return split ? split.host : hostPort;
}

/** stripDomain keeps the first label of a host name (and the port); IP addresses are left alone. */
export function stripDomain(hostPort: string): string {
  const split = splitHostPort(hostPort);
  let host = split ? split.host : hostPort;
  const port = split ? split.port : '';
  if (isIP(host)) return hostPort;
  host = host.split('.')[0] as string;
  return port !== '' ? joinHostPort(host, port) : host;
}
