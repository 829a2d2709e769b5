/**
 * The ports an nginx configuration listens on, and whether each speaks TLS (issue #95, docker-jitsi-meet's web: `listen
 * 8443 ssl http2;` beside `listen 8000 default_server;`), or only sends its callers to HTTPS (mattermost/docker's
 * default.conf: a port-80 server whose one directive is `return 301 https://$host$request_uri;`, beside an ACME challenge's
 * location at most): no request is served on it, no session carried in clear. Read from the literal `listen` lines, a
 * template's too (gomplate's, envsubst's): a port written as a variable names nothing. Pure and linear: one pass over the lines.
 */

/** A `listen` directive: its address (`8443`, `[::]:8443`, `0.0.0.0:443`, `*:80`) and its parameters. */
const LISTEN = /^\s*listen\s+([^\s;]{1,80})([^;#]{0,200});/;

/** A redirection to HTTPS: `return 301 https://…`, `rewrite ^ https://… permanent`. */
const TO_HTTPS = /^(?:return\s+30[1278]\s+["']?https:\/\/|rewrite\s+\S+\s+["']?https:\/\/\S*\s+(?:permanent|redirect)\s*;)/;

/** Directives that serve nothing: names, logs, HSTS, a `location` line itself. */
const NOTHING_SERVED = /^(?:listen|server_name|access_log|error_log|add_header\s+Strict-Transport-Security|location)\b/;

/** What an ACME challenge's location holds (certbot's webroot): its tokens, no user data. */
const ACME_SERVED = /^(?:root|alias|try_files|allow|deny|default_type)\b/;

interface ServerBlock {
  depth: number;
  ports: number[];
  redirect?: number;
  serves: boolean;
  /** The depth an ACME challenge's location opens at, while the lines are in it. */
  acme?: number;
}

export interface NginxListen {
  tls: boolean;
  /** The 0-based line of the port's first `listen`. */
  line: number;
  /** The line of the redirection to HTTPS, when every server on the port does nothing else. */
  redirect?: number;
}

/** Each port listened on (0-based line of its first `listen`), TLS when every `listen` of that port says `ssl`. */
export function nginxListens(lines: readonly string[]): Map<number, NginxListen> {
  const ports = new Map<number, NginxListen>();
  const redirects = new Map<number, number | null>();
  let depth = 0;
  let block: ServerBlock | undefined;
  const close = (done: ServerBlock) => {
    for (const port of done.ports) {
      // null: a server on the port serves something; the first redirection's line while every one only redirects.
      const only = done.redirect !== undefined && !done.serves ? done.redirect : null;
      const before = redirects.get(port);
      redirects.set(port, before === null || only === null ? null : (before ?? only));
    }
  };
  lines.forEach((text, line) => {
    const hash = text.indexOf('#');
    const code = (hash === -1 ? text : text.slice(0, hash)).trim();
    if (block === undefined && /^server\s*\{/.test(code)) block = { depth, ports: [], serves: false };
    const m = LISTEN.exec(text);
    const port = m ? /(?:^|:)(\d{1,5})$/.exec(m[1])?.[1] : undefined;
    if (m && port !== undefined && Number(port) >= 1 && Number(port) <= 65535) {
      const tls = /\s(?:ssl|quic)\b/.test(m[2]);
      const known = ports.get(Number(port));
      if (known) known.tls &&= tls;
      else ports.set(Number(port), { tls, line });
      block?.ports.push(Number(port));
    } else if (block && code !== '' && !/^server\s*\{/.test(code) && !/^[{}]+$/.test(code)) {
      if (TO_HTTPS.test(code)) block.redirect ??= line;
      else if (/^location\s[^{]*acme-challenge/.test(code)) block.acme = depth;
      else if (!NOTHING_SERVED.test(code) && !(block.acme !== undefined && depth > block.acme && ACME_SERVED.test(code))) block.serves = true;
    }
    for (const c of code) {
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (block?.acme === depth) block.acme = undefined;
        if (block && depth === block.depth) {
          close(block);
          block = undefined;
        }
      }
    }
  });
  for (const [port, listen] of ports) {
    const redirect = redirects.get(port);
    if (redirect !== undefined && redirect !== null && !listen.tls) listen.redirect = redirect;
  }
  return ports;
}
