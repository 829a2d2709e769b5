/**
 * The shell scripts a container runs name its peers (issue #95): docker-elk's setup job runs `/entrypoint.sh` (its image's
 * `ENTRYPOINT`), which sources `lib.sh`, whose `curl` calls `http://${elasticsearch_host}:9200/` after
 * `local elasticsearch_host="${ELASTICSEARCH_HOST:-elasticsearch}"`. A script is read only when its component runs it: a
 * `.sh` file mounted (Compose `volumes:`) or copied (`COPY`) into the container at the path its `entrypoint`, `command`,
 * `ENTRYPOINT` or `CMD` names, and the scripts such a script sources (`source …/lib.sh`, `. ./lib.sh`) put in the same
 * container. Of a script only its URLs are read: a literal host, or `${VAR:-default}` (directly or through a variable the
 * script assigns it to) when the component's deployment and build set no VAR: the call is to the default. Bounded:
 * MAX_SCRIPTS scripts, each by the one bounded side-file read, its lines up to MAX_LINE characters.
 */
import { composeDocumentOf, composeMounts, composeProjectOf, isComposeFile, servicesOf, sideUri } from '../compose/api';
import { instructionArguments, textCopies, textInstructions } from '../dockerfile/api';
import { addressesIn, type WrittenAddress } from '../features/system/addresses';
import { componentKinds, type SystemBuilder, type SystemNode } from '../features/system/contributor';
import { folderOf } from './files';

/** Scripts read at most per map. */
const MAX_SCRIPTS = 200;
/** A longer line is data, not a command. */
const MAX_LINE = 2000;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** `name="${VAR:-default}"` (`local`, `export`, `readonly`, `declare` before it): a script's variable standing for VAR's value or the default. */
const ASSIGNMENT = /^[ \t]*(?:(?:local|export|readonly|declare(?:[ \t]+-[a-zA-Z]{1,5})?)[ \t]+)?([A-Za-z_]\w{0,63})=(["']?)\$\{([A-Za-z_]\w{0,63}):?[-=]([A-Za-z0-9][A-Za-z0-9.-]{0,252})\}\2[ \t]*(?:;|$)/;
/** A URL in a line: its scheme, then what runs to a space or a quote. */
const URL_WORD = /\b[a-z][a-z0-9+.-]{1,31}:\/\/[^\s"'`]{1,500}/gi;
/** A variable's reference: `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:=default}`, `$NAME`. */
const REFERENCE = /\$\{([A-Za-z_]\w{0,63})(?::?[-=]([^}]{0,253}))?\}|\$([A-Za-z_]\w{0,63})/g;

/**
 * The URLs a script writes whose host is known: literal, or a variable's default when the environment (`environment`:
 * the variables the component's deployment or build sets) does not set it.
 */
export function scriptAddresses(text: string, environment: ReadonlySet<string>): WrittenAddress[] {
  const lines: { line: string; start: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.length <= MAX_LINE && !/^[ \t]*#/.test(line)) lines.push({ line, start: offset });
    offset += line.length + 1;
  }
  // The script's variables standing for another's value or a default; one assigned two ways stands for neither.
  const assigned = new Map<string, { variable: string; fallback: string } | null>();
  for (const { line } of lines) {
    const match = ASSIGNMENT.exec(line);
    if (!match) continue;
    const known = assigned.get(match[1]);
    assigned.set(match[1], known === undefined || (known && known.variable === match[3] && known.fallback === match[4]) ? { variable: match[3], fallback: match[4] } : null);
  }
  const resolve = (name: string, fallback: string | undefined): string | undefined => {
    const own = assigned.get(name);
    if (own) return environment.has(own.variable) ? undefined : own.fallback;
    if (own === null || fallback === undefined || environment.has(name)) return undefined;
    return fallback;
  };
  const found: WrittenAddress[] = [];
  for (const { line, start } of lines) {
    for (const match of line.matchAll(URL_WORD)) {
      const word = match[0];
      // The authority (to the first `/` after `://`): its variables resolved, the rest of the word as written.
      const pathAt = word.indexOf('/', word.indexOf('://') + 3);
      const authority = pathAt === -1 ? word : word.slice(0, pathAt);
      let clear = true;
      const resolved = authority.replace(REFERENCE, (whole, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
        const value = resolve(braced ?? bare ?? '', fallback);
        if (value === undefined) clear = false;
        return value ?? whole;
      });
      if (!clear) continue;
      const [address] = addressesIn(resolved);
      if (!address || address.start !== 0) continue;
      const at = start + (match.index ?? 0);
      found.push({ host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), ...(address.scheme ? { scheme: address.scheme } : {}), text: word, start: at, end: at + word.length });
    }
  }
  return found;
}

/** The words of a Compose `entrypoint` or `command`, or of an `ENTRYPOINT` or `CMD` (a string, or a list whose items may be shell lines: `sh -c "/run.sh && …"`). */
function words(value: unknown): string[] {
  const parts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((word): word is string => typeof word === 'string') : [];
  return parts.flatMap((part) => part.slice(0, MAX_LINE).split(/[\s;&|()]+/)).map((word) => word.replace(/^["']|["']$/g, '')).filter((word) => word !== '');
}

/** The paths a script sources (`source "${BASH_SOURCE[0]%/*}"/lib.sh`, `. ./lib.sh`): their file names. */
function sourcedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.length > MAX_LINE) continue;
    const match = /^[ \t]*(?:source|\.)[ \t]+(\S{1,300})/.exec(line);
    const name = match ? baseName(match[1].replace(/["']/g, '')) : '';
    if (name.endsWith('.sh')) names.add(name);
  }
  return names;
}

/** The scripts each component runs: their workspace URIs, with the component (`text`: a script's text, to follow what it sources). */
export function runScripts(
  builder: SystemBuilder, builds: ReadonlyMap<SystemNode, ReadonlySet<string>>, text: (uri: string) => string | undefined,
): { node: SystemNode; uri: string }[] {
  // Each component's scripts put in its container (workspace URI by container path), and the words of what it runs.
  // `overrides`: the image's instructions a Compose service replaces (its `entrypoint` the ENTRYPOINT, its `command` the CMD).
  const placed = new Map<SystemNode, { scripts: Map<string, string>; runs: string[]; overrides: Set<string> }>();
  const entry = (node: SystemNode) => placed.get(node) ?? placed.set(node, { scripts: new Map(), runs: [], overrides: new Set() }).get(node)!;
  for (const file of builder.index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const { folder, base } = composeProjectOf(builder.index, file.uri);
    for (const [name, service] of Object.entries(servicesOf(composeDocumentOf(file, undefined, builder.index)))) {
      const node = builder.get(`compose:${folder}:${name}`);
      if (!node || !componentKinds.has(node.kind) || !isRecord(service)) continue;
      const own = entry(node);
      for (const mount of composeMounts(service, base, () => file.text)) if (mount.source.endsWith('.sh')) own.scripts.set(mount.target, mount.source);
      own.runs.push(...words(service.entrypoint), ...words(service.command));
      if (service.entrypoint !== undefined) own.overrides.add('ENTRYPOINT');
      if (service.command !== undefined) own.overrides.add('CMD');
    }
  }
  for (const [node, dockerfiles] of builds) {
    for (const dockerfile of dockerfiles) {
      const file = builder.index.get(dockerfile);
      if (!file || file.skipped || file.text.length > 256 * 1024) continue;
      const own = entry(node);
      for (const { name, rest } of textInstructions(file.text)) if ((name === 'ENTRYPOINT' || name === 'CMD') && !own.overrides.has(name)) own.runs.push(...words(instructionArguments(rest)));
      for (const copy of textCopies(file.text)) {
        for (const source of copy.sources) {
          const uri = source.endsWith('.sh') && !/[*?[\]$]/.test(source) ? sideUri(source, `${folderOf(dockerfile)}/`) : undefined;
          if (uri === undefined) continue;
          const target = copy.destination.endsWith('/') ? `${copy.destination}${baseName(source)}` : copy.destination;
          if (!own.scripts.has(target)) own.scripts.set(target, uri);
        }
      }
    }
  }
  const found: { node: SystemNode; uri: string }[] = [];
  for (const [node, { scripts, runs }] of placed) {
    // Run: named by what the container runs (its path, or its name after a relative path: `./entrypoint.sh` in the working folder).
    const run = [...scripts].filter(([target]) => runs.some((word) => word === target || (word.includes('/') && !word.startsWith('/') && baseName(word) === baseName(target))));
    const names = new Set<string>();
    for (const [, uri] of run) for (const sourced of sourcedNames(text(uri) ?? '')) names.add(sourced);
    const sourced = [...scripts].filter(([target]) => names.has(baseName(target)) && !run.some(([other]) => other === target));
    for (const [, uri] of [...run, ...sourced]) if (found.length < MAX_SCRIPTS) found.push({ node, uri });
  }
  return found;
}
