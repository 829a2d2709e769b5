/**
 * A client's login written beside an address that holds none (issue #95, aks-store-demo's makeline-service:
 * `ORDER_DB_URI=mongodb://documentdb:10260/` with `ORDER_DB_USERNAME` and `ORDER_DB_PASSWORD`; Spring's
 * `spring.data.mongodb.username` beside its `uri`): the client logs in on that link, so the store it reaches has users,
 * whatever its own files leave unsaid. Pure: lines in, a yes or no out.
 */

/** A variable's name and whether it has a value (`KEY: v`, `- KEY=v`, `KEY=v`, a Kubernetes `- name: KEY` with its `value:`/`valueFrom:` below). */
function variablesOf(lines: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*#/.test(line)) continue;
    const item = /^\s*-\s*name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$/.exec(line)?.[1];
    if (item !== undefined) {
      if (/^\s*(?:value:\s*["']?[^\s"']|valueFrom:)/.test(lines[i + 1] ?? '')) named.add(item.toUpperCase());
      continue;
    }
    const key = /^[\s-]*["']?([A-Za-z_][\w.-]{0,200})["']?\s*[:=]\s*["']?[^\s"'#]/.exec(line)?.[1];
    if (key !== undefined) named.add(variableName(key));
  }
  return named;
}

/** A setting's name as an environment variable: Quarkus's and Spring's `quarkus.mongodb.hosts` is `QUARKUS_MONGODB_HOSTS`. */
const variableName = (key: string) => key.replace(/[.-]/g, '_').toUpperCase();

const ADDRESS_KEY = /_(?:URI|URL|ADDR(?:ESS)?|HOSTS?|ENDPOINT|CONNECTION(?:_STRING)?)$/;

/**
 * Whether the lines holding an address's variable (`ORDER_DB_URI`, `DATABASE_URL`) give the client a user and a password
 * named alike (`ORDER_DB_USER`/`ORDER_DB_USERNAME` and `ORDER_DB_PASSWORD`/`ORDER_DB_PASS`), each with a value; under a
 * `CREDENTIALS_` or `AUTH_` part too (Quarkus's `QUARKUS_MONGODB_HOSTS` with `QUARKUS_MONGODB_CREDENTIALS_USERNAME`, also
 * written `quarkus.mongodb.credentials.username`: quarkus-super-heroes' fights service).
 */
export function loginBesideAddress(address: string | undefined, lines: readonly string[]): boolean {
  const variable = address === undefined ? undefined : variableName(address);
  if (variable === undefined || !ADDRESS_KEY.test(variable)) return false;
  const stem = variable.replace(ADDRESS_KEY, '_');
  const names = variablesOf(lines);
  const has = (suffixes: readonly string[]) => suffixes.some((suffix) => ['', 'CREDENTIALS_', 'AUTH_'].some((part) => names.has(`${stem}${part}${suffix}`)));
  return has(['USER', 'USERNAME', 'USER_NAME']) && has(['PASSWORD', 'PASS', 'PWD']);
}

/** Spring Data's store settings a login is written in, by technology (`spring.data.mongodb.username`). */
const SPRING_STORE: Readonly<Record<string, string>> = { MongoDB: 'spring.data.mongodb', Redis: 'spring.data.redis', Cassandra: 'spring.cassandra', Elasticsearch: 'spring.elasticsearch' };

/** Whether a client's Spring settings (`key=value`, buildConsoles.ts buildSpringSettings) log in to a store of this technology: its `username` and `password` set. */
export function springLogin(settings: readonly string[], technology: string | undefined): boolean {
  const prefix = SPRING_STORE[technology ?? ''];
  if (prefix === undefined) return false;
  const set = (key: string) => settings.some((s) => s.startsWith(`${prefix}.${key}=`) && s.length > prefix.length + key.length + 2);
  return set('username') && set('password');
}
