/**
 * Who may talk to the prediction service (issue #26), decided from a request's headers; pure.
 * - Bound to loopback, the Host header must name this machine (localhost, 127.x.x.x, [::1]): a
 *   web page whose domain was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name and is
 *   refused, on every route.
 * - A browser's cross-site request is refused on every POST: an Origin that is not the Host's, or
 *   `Sec-Fetch-Site: cross-site`.
 * - POST /reload needs a JSON content type or an Authorization header (neither can be sent by a
 *   CORS "simple" request, which a page can fire without asking), and the shared token
 *   (`Authorization: Bearer <token>`, compared in constant time) whenever one is configured. Without
 *   a token it is refused whenever the service is reachable beyond loopback.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ServeResponse } from './service';

export interface Access {
  /** The service listens only on a loopback address. */
  loopback: boolean;
  /** The shared token /reload requires (ARCHIPEL_SERVE_TOKEN or ARCHIPEL_SERVE_TOKEN_FILE), if any. */
  token?: string;
}

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Whether a listening address (or a Host header's name) is this machine only. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name) || name === '::ffff:127.0.0.1';
}

/** The name of a Host header value ("example.com:5000" → "example.com", "[::1]:80" → "[::1]"). */
function hostName(value: string): string {
  const bracket = /^(\[[^\]]*\])(:\d+)?$/.exec(value);
  if (bracket) return bracket[1];
  return value.replace(/:\d+$/, '');
}

/** A Host header value with its port, 80 when it says none. */
function withPort(value: string): string {
  return /:\d+$/.test(value) && !/^\[[^\]]*\]$/.test(value) ? value : `${value}:80`;
}

const refused = (status: number, error: string): ServeResponse => ({ status, body: { error } });

/** The refusal of a request, or undefined when it may go on to its route. */
export function guardRequest(method: string, route: string, headers: Headers, access: Access): ServeResponse | undefined {
  const host = header(headers, 'host') ?? '';
  if (access.loopback && !isLoopback(hostName(host))) {
    return refused(403, `the Host header "${host.slice(0, 100)}" is not this machine: the service listens on loopback only and answers requests addressed to localhost, 127.0.0.1 or [::1]`);
  }
  if (method !== 'POST') return undefined;
  const origin = header(headers, 'origin');
  const site = header(headers, 'sec-fetch-site');
  let crossSite = site === 'cross-site';
  if (origin !== undefined) {
    try {
      const from = new URL(origin);
      const port = from.port || (from.protocol === 'https:' ? '443' : '80');
      crossSite ||= `${from.hostname}:${port}`.toLowerCase() !== withPort(host).toLowerCase();
    } catch {
      crossSite = true;
    }
  }
  if (crossSite) return refused(403, `a cross-site request from ${origin ? `the page at ${origin.slice(0, 100)}` : 'another site'} is refused: the service answers its own origin and programs, not other web pages`);
  if (route !== '/reload') return undefined;
  const type = header(headers, 'content-type') ?? '';
  const authorization = header(headers, 'authorization');
  if (!/^application\/json\b/i.test(type) && authorization === undefined) {
    return refused(415, 'POST /reload needs the content type application/json (or an Authorization header): a web page cannot send either without the service\'s consent');
  }
  if (access.token === undefined) {
    return access.loopback ? undefined : refused(403, 'POST /reload is off: the service is reachable beyond this machine and no token is set; set ARCHIPEL_SERVE_TOKEN (or ARCHIPEL_SERVE_TOKEN_FILE, a file holding it) and send it as "Authorization: Bearer <token>"');
  }
  const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(access.token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return refused(401, 'POST /reload needs the service\'s token: send it as "Authorization: Bearer <token>"');
  return undefined;
}
