/**
 * The variables a component's deployment sets (issue #95): a Compose service's `environment` (a value given, or one
 * passed through that the project's `.env` sets; not one only the shell may set) and its `env_file`s. A code default (`process.env.API_HOST || 'http://backend:4000'`,
 * WrittenCall.fallbackOf) is no address of a component whose deployment sets the variable (storedog's frontend).
 * The env_files go through the one bounded, confined side-file read (`reader`). Pure.
 */
import { fileURLToPath } from 'node:url';
import { composeDocumentOf, composeProjectOf, isComposeFile, parseDotEnv, servicesOf, sideUri } from '../compose/api';
import type { SystemBuilder } from '../features/system/contributor';
import type { MountReader } from './mounted';

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The env_file paths of a service (a string, a list of strings or of `{path}`). */
function envFilePaths(service: Record<string, unknown>): string[] {
  const value = service.env_file;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((entry) => (typeof entry === 'string' ? [entry] : isRecord(entry) && typeof entry.path === 'string' ? [entry.path] : []));
}

/** The variables each Compose component's deployment sets, by the component's id. */
export function deployedVariables(builder: SystemBuilder, reader: MountReader | undefined): Map<string, Set<string>> {
  const byNode = new Map<string, Set<string>>();
  // A variable passed through (`- X`, `X:`) takes the value the project's `.env` gives it when the shell has none (Compose v2;
  // docker/docs#20771): set there, it replaces the default (appwrite's `_APP_DB_HOST`). An empty value leaves `||` and `?:` to the default.
  const dotenvs = new Map<string, Set<string>>();
  const projectDotenv = (base: string): Set<string> => {
    const uri = sideUri('./.env', base) ?? '';
    let names = dotenvs.get(uri);
    if (names) return names;
    const read = uri !== '' ? reader?.read(fileURLToPath(uri)) : undefined;
    names = new Set(read && 'text' in read ? [...parseDotEnv(read.text)].filter(([, value]) => value !== '').map(([key]) => key) : []);
    dotenvs.set(uri, names);
    return names;
  };
  for (const file of builder.index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const { folder, base } = composeProjectOf(builder.index, file.uri);
    for (const [name, service] of Object.entries(servicesOf(composeDocumentOf(file, undefined, builder.index)))) {
      const id = `compose:${folder}:${name}`;
      if (!isRecord(service) || !builder.get(id)) continue;
      const names = byNode.get(id) ?? new Set<string>();
      byNode.set(id, names);
      // A value given, or passed through and set by the project's .env.
      const add = (key: string, given: boolean) => {
        if (given || projectDotenv(base).has(key)) names.add(key);
      };
      const environment = service.environment;
      if (Array.isArray(environment)) for (const entry of environment) if (typeof entry === 'string') add(entry.includes('=') ? entry.slice(0, entry.indexOf('=')).trim() : entry.trim(), entry.includes('='));
      if (isRecord(environment)) for (const [key, value] of Object.entries(environment)) add(key, value !== null && value !== undefined);
      for (const path of envFilePaths(service)) {
        const uri = sideUri(path.startsWith('.') ? path : `./${path}`, base);
        const read = uri && reader?.read(fileURLToPath(uri));
        if (read && 'text' in read) for (const key of parseDotEnv(read.text).keys()) names.add(key);
      }
    }
  }
  return byNode;
}
