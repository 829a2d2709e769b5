/**
 * The composition root: every family Archipel has, language and compute, in one list. A family is
 * its own folder(s) and a `Family` (descriptor.ts) in `families/<family>.ts`, listed here once; what was
 * a hand-kept list elsewhere is derived from this one: the features (in this order: the order
 * diagnostics are listed in), the requests, the CLI's commands and help, the worker bundles
 * (esbuild.mjs), the French catalogues, the settings sections, the client's document selector and
 * file watchers (package.json, scripts/gen-families.mjs) and docs/rules.md's table. The transport
 * (lsp/server.ts) imports none of them: the entry (serverMain.ts) hands it `serverRuntime(...)`.
 */
import { adrFamily } from './adr';
import { amdecFamily } from './amdec';
import { ansibleFamily } from './ansible';
import { blurFamily } from './blur';
import { FileMatcher } from '../common/fileSelector';
import { composeFamily } from './compose';
import { diagramsFamily } from './diagrams';
import { dockerfileFamily } from './dockerfile';
import { experimentsFamily } from './experiments';
import { grafanaFamily } from './grafana';
import { helmFamily } from './helm';
import type { ComputeFamily } from '../engines/core/requests';
import type { Feature, FeatureContext } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { kubernetesFamily } from './kubernetes';
import { addCatalogue } from '../l10n/t';
import type { Checkpoint, ServerRuntime } from '../lsp/server';
import { mermaidFamily } from './mermaid';
import { pipelineFamily } from './pipeline';
import { packageRoot } from '../disk/packageRoot';
import { predictFamily } from './predict';
import { privacyFamily } from './privacy';
import { prometheusFamily } from './prometheus';
import { raciFamily } from './raci';
import { serveFamily } from './serve';
import type { ArchipelSettings } from '../settings';
import { snippetsFamily } from './snippets';
import { systemFamily } from './system';
import { terraformFamily } from './terraform';
import { threatsFamily } from './threats';
import { validateFamily } from './validate';
import { workflowsFamily } from './workflows';
import { yamlFamily } from './yaml';
import type { Family, FamilyHost } from './descriptor';

/** Every family: the one place to add one. */
export const families: readonly Family[] = [
  yamlFamily,
  kubernetesFamily,
  raciFamily,
  amdecFamily,
  adrFamily,
  diagramsFamily,
  workflowsFamily,
  blurFamily,
  predictFamily,
  serveFamily,
  mermaidFamily,
  snippetsFamily,
  pipelineFamily,
  validateFamily,
  composeFamily,
  dockerfileFamily,
  experimentsFamily,
  prometheusFamily,
  ansibleFamily,
  grafanaFamily,
  terraformFamily,
  helmFamily,
  systemFamily,
  privacyFamily,
  threatsFamily,
];

/** What a family brings to every process that loads the list: its French. (Its settings section is declared by its own module.) */
export function installFamilies(list: readonly Family[]): void {
  for (const family of list) if (family.french) addCatalogue('fr', family.french);
}
installFamilies(families);

/** A run's host: the package root, the clock and the run's families. */
export function familyHost(now: () => Date = () => new Date(), root: string = packageRoot(), list: readonly Family[] = families): FamilyHost {
  return { root, now, families: list };
}

/**
 * Every family's features, in the list's order, each taking the files its family's selector takes
 * (with the user's globs of the file's settings; a sniffed candidate by its first bytes), unless it
 * declares what it reads itself.
 */
export function createFeatures(host: FamilyHost, list: readonly Family[] = families): Feature[] {
  return list.flatMap((family) => {
    const features = family.features?.(host) ?? [];
    if (!family.files) return features;
    const takes = familyTakes(family);
    // A family's features may be shared objects (a module's singleton, used by tests and other
    // runs in the same process): the selector goes on a view of each, never on the feature itself.
    return features.map((feature) => (feature.takes ? feature : (Object.create(feature, { takes: { value: takes, enumerable: true } }) as Feature)));
  });
}

/** Whether a file is one of `family`'s: its selector and user globs under the file's settings, decided once per file version. */
function familyTakes(family: Family): (file: IndexedFile, context: FeatureContext) => boolean {
  const matchers = new WeakMap<ArchipelSettings, FileMatcher>();
  return (file, { settings }) => {
    let matcher = matchers.get(settings);
    if (!matcher) matchers.set(settings, (matcher = familyFiles(settings, [family])));
    const selector = matcher;
    return file.model(selector, () => {
      const selection = selector.match(file.uri);
      // A summary keeps no text: it was indexed because a selector took it.
      return selection === 'yes' || (selection === 'sniff' && (file.skipped === 'summary' || selector.claims(file.uri, file.text)));
    });
  };
}

/** Every family's requests, bound to the run's host. */
export function familyRequests(host: FamilyHost, list: readonly Family[] = families): ComputeFamily[] {
  return list.flatMap((family) => {
    const requests = family.requests;
    if (!requests) return [];
    // Named after the family: the server's start-up log times each registration by name.
    const register: ComputeFamily = (registry) => requests(registry, host);
    Object.defineProperty(register, 'name', { value: family.id });
    return [register];
  });
}

/** The user's globs (each family's `files.userGlobs` setting of its section). */
function userGlobs(settings: ArchipelSettings | undefined, list: readonly Family[]): string[] {
  if (!settings) return [];
  const globs: string[] = [];
  for (const family of list) {
    const key = family.files?.userGlobs;
    const section = family.settings?.section;
    if (!key || !section) continue;
    const value = (settings as unknown as Record<string, Record<string, unknown> | undefined>)[section]?.[key];
    if (Array.isArray(value)) globs.push(...value.filter((g): g is string => typeof g === 'string' && g.trim() !== ''));
  }
  return globs;
}

/** The one file selector: every family's, with the user's globs of `settings`. */
export function familyFiles(settings?: ArchipelSettings, list: readonly Family[] = families): FileMatcher {
  return new FileMatcher(
    list.flatMap((family) => (family.files ? [family.files] : [])),
    userGlobs(settings, list),
  );
}

/** Everything the language server is made of besides its connection: the features, every family. */
export function serverRuntime(bundleDir: string, checkpoint?: (moment: Checkpoint) => void, list: readonly Family[] = families): ServerRuntime {
  const host = familyHost(undefined, undefined, list);
  return {
    createFeatures: () => createFeatures(host, list),
    files: (settings) => familyFiles(settings, list),
    families: familyRequests(host, list),
    bundleDir,
    ...(checkpoint ? { checkpoint } : {}),
  };
}
