/** ListenAddress is a host and port to listen on, as `--web.listen-address` gives them. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** parseListenAddress reads `host:port`, `:port` or `[::1]:port` as Prometheus's flag does. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new Error(`invalid --web.listen-address "${text}": want host:port, e.g. 0.0.0.0:9090 or :9090`);
  }
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
