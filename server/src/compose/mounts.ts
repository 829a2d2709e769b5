/**
 * Where a container's side files are (issue #95): a workspace file named by a path relative to a file of the workspace
 * (an `env_file`, a bind mount's source, a Dockerfile's COPY), and the workspace files a Compose service puts in its
 * container — its bind mounts (short and long syntax) and its `configs:` (a top-level `configs: {x: {file: ./a.conf}}`
 * given as `configs: [{source: x, target: /etc/…}]`), relative to the Compose file's folder. One reading for every
 * module that looks into a container's files (threats' envFiles.ts and envoyAdmin.ts, appconfig's mounted.ts). Nothing is read here: the URIs it gives go
 * through the host's one bounded, confined read, which keeps them inside the workspace with links resolved. Pure.
 */
import { parseDocument, Scalar, visit } from 'yaml';
import { sideUri } from '../common/sideUri';

/** A workspace file's URI from a path relative to a file or folder (common/sideUri.ts). */
export { sideUri };

/**
 * A YAML block's value (a Compose service under its name, a Kubernetes object's document); undefined when it does not
 * parse. An alias is not followed but read as null: a service's block often names an anchor of the file outside it
 * (`<<: *common`, `logging: *default-logging`), and the rest of the block still stands.
 */
export function blockValue(lines: readonly string[]): unknown {
  try {
    const document = parseDocument(lines.join('\n'), { uniqueKeys: false, logLevel: 'silent' });
    visit(document, { Alias: () => new Scalar(null) });
    return document.toJS({ maxAliasCount: 0 }) as unknown;
  } catch {
    return undefined;
  }
}

export const record = (value: unknown): Record<string, unknown> | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** A workspace file or folder a Compose service mounts: the path it stands at in the container, and its URI (no `/` at the end). */
export interface ComposeMount {
  target: string;
  source: string;
}

/** A mount with the service's entry that writes it: its place in `volumes` or in `configs` (the system map places its edge there). */
export interface WrittenMount extends ComposeMount {
  written: readonly ['volumes' | 'configs', number];
}

export const withoutEndSlashes = (path: string): string => {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end);
};

/** A bind mount's source that is a workspace path: `./x`, `../x`, `.` (a bare name is a named volume; `/x`, `~/x` are the host's). */
const RELATIVE_SOURCE = /^\.{1,2}(?:\/|$)/;

/** The short syntax's source and target (`./host:/container[:ro]`); a Windows drive or a named volume gives none. */
function shortMount(volume: string): { source: string; target: string } | undefined {
  const [source, target] = volume.split(':');
  return source !== undefined && target !== undefined ? { source, target } : undefined;
}

/** The Compose file's top-level `configs:` (a file's last reading kept: every service of a file asks for the same). */
let lastConfigs: { text: string; configs: Record<string, unknown> } | undefined;

function topLevelConfigs(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  if (lastConfigs?.text !== text) lastConfigs = { text, configs: record(record(blockValue([text]))?.configs) ?? {} };
  return lastConfigs.configs;
}

/**
 * The workspace files and folders a Compose service (`service`: its value, in `composeUri`) puts in its container: its
 * `volumes:` binding a relative path (the short syntax, the long one's `type: bind`), its `configs:` naming a top-level
 * config kept in a `file:` (the target by default `/<name>`). `fileText`: the Compose file's text, asked only when the
 * service names a config.
 */
export function composeMounts(service: Record<string, unknown>, composeUri: string, fileText: () => string | undefined): ComposeMount[] {
  return writtenMounts(service, composeUri, fileText).map(({ target, source }) => ({ target, source }));
}

/** composeMounts, each mount with the entry writing it. */
export function writtenMounts(service: Record<string, unknown>, composeUri: string, fileText: () => string | undefined): WrittenMount[] {
  const mounts: WrittenMount[] = [];
  const add = (source: unknown, target: unknown, written: WrittenMount['written']) => {
    if (typeof source !== 'string' || typeof target !== 'string' || !RELATIVE_SOURCE.test(source)) return;
    const at = withoutEndSlashes(target.startsWith('/') ? target : `/${target}`);
    const uri = sideUri(withoutEndSlashes(source), composeUri);
    if (uri !== undefined) mounts.push({ target: at, source: uri.replace(/\/$/, ''), written });
  };
  (Array.isArray(service.volumes) ? service.volumes : []).forEach((volume, i) => {
    const long = record(volume);
    const short = typeof volume === 'string' ? shortMount(volume) : undefined;
    if (short) add(short.source, short.target, ['volumes', i]);
    else if (long?.type === 'bind') add(long.source, long.target, ['volumes', i]);
  });
  const wanted = Array.isArray(service.configs) ? service.configs : [];
  if (wanted.length === 0) return mounts;
  const configs = topLevelConfigs(fileText());
  wanted.forEach((config, i) => {
    const name = typeof config === 'string' ? config : record(config)?.source;
    if (typeof name !== 'string') return;
    const target = record(config)?.target ?? `/${name}`;
    const file = record(configs[name])?.file;
    // A config's `file:` is relative to the Compose file's folder with or without `./` (`a.conf`); `/x`, `~/x` are the host's.
    if (typeof file === 'string' && !/^[/~]/.test(file)) add(RELATIVE_SOURCE.test(file) ? file : `./${file}`, target, ['configs', i]);
  });
  return mounts;
}

/** The mounts holding a path of the container, the deepest first, each with the path's rest inside it (`''`: the mount itself). */
export function mountsHolding<T extends { target: string }>(path: string, mounts: readonly T[]): { mount: T; rest: string }[] {
  const holding: { mount: T; rest: string }[] = [];
  for (const mount of mounts) {
    const target = withoutEndSlashes(mount.target);
    if (path === target) holding.push({ mount, rest: '' });
    else if (path.startsWith(target === '/' ? '/' : `${target}/`)) holding.push({ mount, rest: path.slice(target.length).replace(/^\/+/, '') });
  }
  return holding.sort((a, b) => b.mount.target.length - a.mount.target.length);
}

/** A file inside a mounted workspace file or folder (`rest`: its path inside, `''`: the mount itself). */
export const inMount = (source: string, rest: string): string | undefined => (rest === '' ? source : sideUri(rest, `${source}/`));

/** The workspace file a path of the container is, through the service's mounts: the deepest mount holding it. */
export function mountedFile(path: string, mounts: readonly ComposeMount[]): string | undefined {
  const [deepest] = mountsHolding(path, mounts);
  return deepest && inMount(deepest.mount.source, deepest.rest);
}

/**
 * The storage a Compose service mounts that another service can mount too: its `volumes:` naming a named volume (`sites:/x`,
 * the long syntax's `type: volume`) or binding a workspace path (`./conf:/x`, `type: bind`), each with its source as written
 * (`volume:sites`, `bind:./conf`), the path it stands at in the container, and its place in `volumes`. An anonymous volume
 * (`/x` alone), a host path and a source from a variable are no one's to share.
 */
export function sharedStorage(service: Record<string, unknown>): { source: string; target: string; index: number }[] {
  const out: { source: string; target: string; index: number }[] = [];
  (Array.isArray(service.volumes) ? service.volumes : []).forEach((volume, index) => {
    const long = record(volume);
    const short = typeof volume === 'string' ? shortMount(volume) : undefined;
    const source = short?.source ?? long?.source;
    const target = short?.target ?? long?.target;
    if (typeof source !== 'string' || typeof target !== 'string' || source === '' || source.includes('$') || !target.startsWith('/')) return;
    const bind = RELATIVE_SOURCE.test(source);
    if (long !== undefined && long.type !== (bind ? 'bind' : 'volume')) return;
    if (!bind && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) return;
    out.push({ source: `${bind ? 'bind' : 'volume'}:${bind ? withoutEndSlashes(source) : source}`, target: withoutEndSlashes(target), index });
  });
  return out;
}
