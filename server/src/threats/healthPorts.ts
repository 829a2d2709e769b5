/**
 * A port that serves only health and readiness (issue #95, langfuse's worker on 3030: `/api/health`, `/api/ready`): no
 * login, token or session crosses it, so no plaintext risk of authentication data and no WAF. Told where it is clear, never
 * from the port's number: the component's own probe asks a health path on that port (`wget … http://127.0.0.1:3030/api/health`),
 * and the HTTP routes its build's code registers (Express's `app.get("/")`, `router.get("/health")`, a router mounted with
 * `app.use("/api", api)` read from the module it imports) are all health, readiness or the root. Pure: the lines and a
 * file's text by the host's one bounded read in.
 */
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { dockerfilesOf, TEST_FOLDER, type BuildReader } from './buildConsoles';
import { folderOf } from './evidence';
import { sideUri } from './sideFiles';

/** A probe's URL on a port with its path (`http://127.0.0.1:3030/api/health`). */
const PROBE_URL = /\bhttps?:\/\/[\w.-]{1,100}:(\d{2,5})(\/[\w/.-]{0,100})/g;
/** A health, readiness or liveness path, or the root. */
const HEALTH_PATH = /^(?:\/|\/(?:[\w-]+\/)?(?:health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping)\/?)$/i;
/** An Express route: its method, its path, and for `use`, the router it mounts. */
const ROUTE = /\b(?:app|router|server)\.(get|post|put|patch|delete|all|use)(?:\s*<[^>()]{0,200}>)?\s*\(\s*["'](\/[^"']{0,100})["']\s*(?:,\s*([A-Za-z_$][\w$]{0,60})\s*\))?/g;
/** The code files read. */
export const CODE = /\.(?:ts|js|mjs|cjs)$/;

/** The routes of one code file, a mounted router's own followed once (`import api from "./api"`). */
function routesOf(uri: string, text: string, reader: BuildReader, prefix: string, depth: number): string[] | undefined {
  const routes: string[] = [];
  for (const match of text.matchAll(ROUTE)) {
    const [, method, path, router] = match;
    if (method !== 'use' || router === undefined) {
      routes.push(prefix + path);
      continue;
    }
    // A router mounted from a module of its own: its routes, under the mount's path.
    const from = new RegExp(`\\bimport\\s+${router.replace(/\$/g, '\\$')}\\s+from\\s+["'](\\.[^"']{1,200})["']`).exec(text)?.[1];
    if (from === undefined || depth > 1) return undefined;
    const module = ['.ts', '/index.ts', '.js', '/index.js'].map((ext) => sideUri(from + ext, uri)).find((u) => u !== undefined && reader.text(u) !== undefined);
    const inner = module === undefined ? undefined : routesOf(module, reader.text(module) ?? '', reader, prefix + path, depth + 1);
    if (inner === undefined) return undefined;
    routes.push(...inner);
  }
  return routes;
}

/** Whether a component's published port serves only health, readiness or its root (see above). */
export function healthOnlyPort(node: SystemNode | undefined, port: number | undefined, blockLines: (source: SystemSource) => readonly string[], reader: BuildReader): boolean {
  if (node === undefined || port === undefined) return false;
  const probed = node.sources.some((own) => own.uri.startsWith('file:') && blockLines(own).some((line) => !/^\s*#/.test(line) && [...line.matchAll(PROBE_URL)].some((m) => Number(m[1]) === port && HEALTH_PATH.test(m[2]) && m[2] !== '/')));
  if (!probed) return false;
  const routes: string[] = [];
  for (const dockerfile of dockerfilesOf(node, reader)) {
    const folder = folderOf(dockerfile);
    for (const uri of reader.files()) {
      if (!uri.startsWith(folder) || !CODE.test(uri) || TEST_FOLDER.test(uri.slice(folder.length - 1))) continue;
      const found = routesOf(uri, reader.text(uri) ?? '', reader, '', 0);
      if (found === undefined) return false;
      routes.push(...found);
    }
  }
  return routes.some((r) => r !== '/') && routes.every((r) => HEALTH_PATH.test(r));
}
