/**
 * The families a CLI run loads (every one for the family commands, only those of its files for `check`), their French,
 * their settings sections, and a check thread's families (those of the `check` that started it).
 */
import { familiesFor, type HeadReader } from './check';
import type { Family, FamilyEntry } from './descriptor';
import { keptFamiliesFor } from './keptChoice';
import { familyEntries } from './lazy.generated';
import { featuresOf, hostOf, installFamilies } from './select';
import { packageRoot } from '../disk/packageRoot';
import { addCatalogue, currentLanguage } from '../l10n/t';
import type { ThreadFeatures } from '../platform/checkThreads';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from '../settings';

/**
 * Loads families' descriptors (each module a chunk of the CLI's bundle, evaluated when loaded), with
 * their French; the families' list when `entries` is all of them.
 */
export async function loadFamilies(entries: readonly FamilyEntry[]): Promise<Family[]> {
  // In French, every family's catalogue first, in the list's order (a string one family's code says may
  // be translated in another's catalogue): the same French as a run loading them all.
  if (currentLanguage() === 'fr') for (const french of await Promise.all(familyEntries.flatMap((entry) => (entry.french ? [entry.french()] : [])))) addCatalogue('fr', french);
  const loaded = await Promise.all(entries.map((entry) => entry.load()));
  installFamilies(loaded);
  return loaded;
}

/**
 * `settings` with every family's section, those of the families not loaded (whose modules declare them) from their
 * light entries: the defaults, as the CLI runs with (a family's checks may read another's, Prometheus's Compose globs).
 */
export function everySection(settings: ArchipelSettings): ArchipelSettings {
  const record = settings as unknown as Record<string, unknown>;
  for (const entry of familyEntries) if (entry.settings && !Object.hasOwn(record, entry.settings.section)) record[entry.settings.section] = entry.settings.defaults;
  return settings;
}

/**
 * The light entries of the families a check of `checked` creates (families/check.ts familiesFor) when it indexes `files`
 * beside them, chosen once. Each file once (a sniff counts files); not the families of a summary a one-file context
 * leaves out: it is in no index, and the system map is off in a tree of summaries (issue #84).
 */
export function familiesChooser(checked: readonly string[], settings: ArchipelSettings, head: HeadReader | undefined, started: number): (files: readonly string[]) => FamilyEntry[] {
  let chosen: FamilyEntry[] | undefined;
  return (files) => {
    const candidates = [...new Set([...checked, ...files])];
    // The choice kept between runs (families/keptChoice.ts) when the heads are read.
    return (chosen ??= head ? keptFamiliesFor(candidates, settings, familyEntries, head, started) : familiesFor(candidates, settings, familyEntries));
  };
}

/** A check thread's families and settings: those of the `check` that started it (checkThreads.ts CheckThreadSetup). */
export const threadFeatures: ThreadFeatures = async (setup) => {
  const chosen = await loadFamilies(familyEntries.filter((entry) => setup.families.includes(entry.id)));
  const settings = everySection(normalizeSettings({ ...defaultSettings, rules: setup.rules, validation: setup.validation }));
  const today = setup.today;
  return { settings, features: featuresOf(hostOf(today !== undefined ? () => new Date(today) : () => new Date(), packageRoot(), chosen), chosen) };
};
