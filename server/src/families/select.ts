/**
 * What a run does with a list of families, without importing any (index.ts's list, or the families
 * `archipel check` loaded, lazy.generated.ts): their French, the run's host, their features,
 * requests and file selector. index.ts re-exports these with its list as the default.
 */
import { FileMatcher, filePath, type FilePath, type FileSelector } from '../common/fileSelector';
import type { ComputeFamily } from '../engines/core/requests';
import type { Feature, FeatureContext } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { addCatalogue } from '../l10n/t';
import type { ArchipelSettings } from '../settings';
import type { Family, FamilyHost } from './descriptor';

/** What a selector with its user globs needs of a family: a full descriptor or a light entry (lazy.generated.ts). */
export interface SelectingFamily {
  readonly files?: FileSelector;
  readonly settings?: { readonly section: string };
}

/** What a family brings to every process that loads the list: its French. (Its settings section is declared by its own module.) */
export function installFamilies(list: readonly Family[]): void {
  for (const family of list) if (family.french) addCatalogue('fr', family.french);
}

/** A run's host: the package root, the clock and the run's families. */
export function hostOf(now: () => Date, root: string, list: readonly Family[]): FamilyHost {
  return { root, now, families: list };
}

/**
 * Every family's features, in the list's order, each taking the files its family's selector takes
 * (with the user's globs of the file's settings; a sniffed candidate by its first bytes), unless it
 * declares what it reads itself.
 */
export function featuresOf(host: FamilyHost, list: readonly Family[]): Feature[] {
  return list.flatMap((family) => {
    const features = family.features?.(host) ?? [];
    if (!family.files) return features;
    const takes = familyTakes(family);
    // A family's features may be shared objects (a module's singleton, used by tests and other
    // runs in the same process): the selector goes on a view of each, never on the feature itself.
    return features.map((feature) => (feature.takes ? feature : (Object.create(feature, { takes: { value: takes, enumerable: true } }) as Feature)));
  });
}

/** Each file's URI as the selectors match it, made once for every family's (a file's `uri` never changes). */
const pathOf = new WeakMap<IndexedFile, FilePath>();

/** Whether a file is one of `family`'s: its selector and user globs under the file's settings, decided once per file version. */
function familyTakes(family: Family): (file: IndexedFile, context: FeatureContext) => boolean {
  const matchers = new WeakMap<ArchipelSettings, FileMatcher>();
  return (file, { settings }) => {
    let matcher = matchers.get(settings);
    if (!matcher) matchers.set(settings, (matcher = filesOf(settings, [family])));
    const selector = matcher;
    return file.model(selector, () => {
      let path = pathOf.get(file);
      if (!path) pathOf.set(file, (path = filePath(file.uri)));
      const selection = selector.match(path);
      // A summary keeps no text: it was indexed because a selector took it.
      return selection === 'yes' || (selection === 'sniff' && (file.skipped === 'summary' || selector.claims(path, file.text)));
    });
  };
}

/** Every family's requests, bound to the run's host. */
export function requestsOf(host: FamilyHost, list: readonly Family[]): ComputeFamily[] {
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
function userGlobs(settings: ArchipelSettings | undefined, list: readonly SelectingFamily[]): string[] {
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
export function filesOf(settings: ArchipelSettings | undefined, list: readonly SelectingFamily[]): FileMatcher {
  return new FileMatcher(
    list.flatMap((family) => (family.files ? [family.files] : [])),
    userGlobs(settings, list),
  );
}

