/**
 * The ports an nginx configuration listens on, and whether each speaks TLS (issue #95, docker-jitsi-meet's web: `listen
 * 8443 ssl http2;` beside `listen 8000 default_server;`). Read from the literal `listen` lines, a template's too (gomplate's,
 * envsubst's): a port written as a variable names nothing. Pure and linear: one pass over the lines.
 */

/** A `listen` directive: its address (`8443`, `[::]:8443`, `0.0.0.0:443`, `*:80`) and its parameters. */
const LISTEN = /^\s*listen\s+([^\s;]{1,80})([^;#]{0,200});/;

/** Each port listened on (0-based line of its first `listen`), TLS when every `listen` of that port says `ssl`. */
export function nginxListens(lines: readonly string[]): Map<number, { tls: boolean; line: number }> {
  const ports = new Map<number, { tls: boolean; line: number }>();
  lines.forEach((text, line) => {
    const m = LISTEN.exec(text);
    if (!m) return;
    const port = /(?:^|:)(\d{1,5})$/.exec(m[1])?.[1];
    if (port === undefined || Number(port) < 1 || Number(port) > 65535) return;
    const tls = /\s(?:ssl|quic)\b/.test(m[2]);
    const known = ports.get(Number(port));
    if (known) known.tls &&= tls;
    else ports.set(Number(port), { tls, line });
  });
  return ports;
}
