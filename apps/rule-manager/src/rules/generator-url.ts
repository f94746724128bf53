const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** goQueryEscape escapes a string as Go's url.QueryEscape does: unreserved bytes kept, space as `+`, rest %XX. */
export function goQueryEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && UNRESERVED.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** tableLinkForExpression is the expression browser's table view of `expr` (Prometheus's strutil helper). */
export function tableLinkForExpression(expr: string): string {
  return `/graph?g0.expr=${goQueryEscape(expr)}&g0.tab=1`;
}

/** generatorURL is the link Prometheus puts in an alert: the external URL plus the table view of the expression. */
export function generatorURL(externalURL: string, expr: string): string {
  return externalURL.replace(/\/+$/, '') + tableLinkForExpression(expr);
}
