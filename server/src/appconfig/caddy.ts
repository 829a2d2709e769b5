/**
 * Caddy's Caddyfile (issue #95, stefanprodan/dockprom): each `reverse_proxy` names the upstreams Caddy forwards to —
 * `reverse_proxy grafana:3000`, `reverse_proxy /api/* http://api:8080 web:80`, or a block's `to a:80 b:80` lines. A Caddyfile a
 * Caddy container mounts or copies is its configuration (mounted.ts), so each upstream naming a peer is a call of Caddy's.
 * An upstream with no port is on 80 (443 for `https://`) and with no scheme spoken to in HTTP, as Caddy dials it; a placeholder (`{$BACKEND}`, `{http.…}`) or a
 * unix socket names nothing. Pure; bounded by the text it is given (the side-file read's bound).
 */
import type { WrittenAddress } from '../features/system/addresses';
import { wordAddress } from './valueAddress';

/** A Caddyfile by its name: `Caddyfile`, `Caddyfile.dev`, `site.caddyfile`. */
export function isCaddyfile(name: string): boolean {
  return /^caddyfile(?:\.[\w-]{1,40})?$|\.caddyfile$/i.test(name);
}

/** The words of a line with their offsets in it, a `#` comment cut off (a `#` starting a word). */
function lineWords(line: string): { word: string; at: number }[] {
  const found: { word: string; at: number }[] = [];
  for (const match of line.matchAll(/\S+/g)) {
    if (match[0].startsWith('#')) break;
    found.push({ word: match[0], at: match.index });
  }
  return found;
}

/** The address an upstream word writes: a matcher (`/api/*`, `@name`, `*`), a placeholder or a socket is none. */
function upstream(word: string, start: number): WrittenAddress | undefined {
  if (/^[/@*{]/.test(word) || word.includes('{') || /^unix\//i.test(word)) return undefined;
  const address = wordAddress(word, start, /^https:\/\//i.test(word) ? 443 : 80);
  // Caddy's default transport speaks HTTP to an upstream written without a scheme.
  return address && { ...address, scheme: address.scheme ?? 'http' };
}

/** The upstreams the Caddyfile's `reverse_proxy` directives (and their blocks' `to` lines) name. */
export function caddyAddresses(text: string): WrittenAddress[] {
  const found: WrittenAddress[] = [];
  let depth = 0;
  // The depth inside a `reverse_proxy … {` block, where `to` lines are its upstreams.
  let proxyDepth: number | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (line.length > 1000) continue;
    const words = lineWords(line);
    const directive = words[0]?.word;
    const opens = words.length > 0 && words[words.length - 1].word === '{';
    const upstreams = directive === 'reverse_proxy' || (directive === 'to' && proxyDepth !== undefined && depth === proxyDepth) ? words.slice(1, opens ? -1 : undefined) : [];
    for (const { word, at } of upstreams) {
      const address = upstream(word, lineStart + at);
      if (address) found.push(address);
    }
    for (const { word } of words) {
      if (word === '{' || (word.endsWith('{') && !word.includes('}'))) depth++;
      else if (word === '}' && depth > 0) {
        depth--;
        if (proxyDepth !== undefined && depth < proxyDepth) proxyDepth = undefined;
      }
    }
    if (directive === 'reverse_proxy' && opens) proxyDepth = depth;
  }
  return found;
}
