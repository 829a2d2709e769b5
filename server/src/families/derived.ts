/**
 * What is derived from the families' list for files outside the server's code: the worker bundles
 * (esbuild.mjs), the client's document selector and file watchers (package.json's `archipel`
 * field, read by client/src/lsp/client.ts), the settings the editor shows (package.json's
 * `contributes.configuration` and their strings in package.nls*.json) and docs/rules.md's table. scripts/gen-families.mjs
 * writes them; a unit test fails while a written one is stale.
 */
import { selectorGlobs } from '../common/fileSelector';
import type { RuleInfo } from '../rules/registry';
import { coreSettingsManifest, type SettingsManifest } from '../settings';
import type { Family, WorkerBundle } from './descriptor';

/** esbuild's entry points of the worker bundles: name → source. */
export function workerEntries(list: readonly Family[]): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const worker of list.flatMap((family): readonly WorkerBundle[] => family.workers ?? [])) {
    if (entries[worker.bundle]) throw new Error(`worker bundle ${worker.bundle} declared twice`);
    entries[worker.bundle] = worker.entry;
  }
  return entries;
}

/**
 * The commands that run from a bundle of their own (CliCommand.standalone): the bundles' entries
 * (esbuild.mjs builds them beside cliMain.js) and, for bin.ts, which bundle each command name runs.
 */
export function standaloneCommands(list: readonly Family[]): { entries: Record<string, string>; bundles: Record<string, string> } {
  const entries: Record<string, string> = {};
  const bundles: Record<string, string> = {};
  for (const command of list.flatMap((family) => family.commands ?? [])) {
    if (!command.standalone) continue;
    const { bundle, entry } = command.standalone;
    if (entries[bundle] && entries[bundle] !== entry) throw new Error(`command bundle ${bundle} declared twice`);
    entries[bundle] = entry;
    for (const name of command.names) bundles[name] = bundle;
  }
  return { entries, bundles };
}

/** package.json's `archipel` field: what the client hands the LanguageClient (documentSelector, watchers) and the settings adding globs. */
export interface ClientFiles {
  /** VS Code language ids the server gets (file and untitled documents). */
  languages: string[];
  /** Globs of the files the server gets (VS Code's syntax, case-insensitive letters). */
  patterns: string[];
  /** Settings (`archipel.<section>.<name>`) holding the user's globs. */
  userGlobSettings: string[];
}

export function clientFiles(list: readonly Family[]): ClientFiles {
  const languages = [...new Set(list.flatMap((family) => family.languages ?? []))];
  const patterns = selectorGlobs(list.flatMap((family) => (family.files ? [family.files] : [])));
  const userGlobSettings = list.flatMap((family) => (family.files?.userGlobs && family.settings ? [`archipel.${family.settings.section}.${family.files.userGlobs}`] : []));
  return { languages, patterns, userGlobSettings };
}

/**
 * The settings the editor declares: the core's, then each family's section in the list's order, as
 * `archipel.<section>.<key>`, with every string they name. A name or a string key declared twice
 * throws (two families on one section, or one string with two texts).
 */
export function settingsManifest(list: readonly Family[], core: SettingsManifest = coreSettingsManifest): SettingsManifest {
  const properties: Record<string, Readonly<Record<string, unknown>>> = { ...core.properties };
  const strings: Record<string, { readonly en: string; readonly fr: string }> = { ...core.strings };
  for (const family of list) {
    const section = family.settings;
    if (!section) continue;
    for (const [key, schema] of Object.entries(section.manifest.properties)) {
      const name = `archipel.${section.section}.${key}`;
      if (properties[name]) throw new Error(`setting ${name} declared twice`);
      properties[name] = schema;
    }
    for (const [key, text] of Object.entries(section.manifest.strings)) {
      if (strings[key] && (strings[key].en !== text.en || strings[key].fr !== text.fr)) throw new Error(`setting string ${key} declared twice`);
      strings[key] = text;
    }
  }
  for (const [name, schema] of Object.entries(properties)) {
    for (const key of JSON.stringify(schema).matchAll(/%([^%"]+)%/g)) if (!strings[key[1]]) throw new Error(`setting ${name} names %${key[1]}%, which no manifest defines`);
  }
  return { properties, strings };
}

/** The family whose rule ids include `id` (undefined: none; a test requires exactly one). */
export function familiesOfRule(id: string, list: readonly Family[]): Family[] {
  return list.filter((family) => family.rules?.ids?.includes(id) || family.rules?.prefixes?.some((prefix) => id.startsWith(prefix)));
}

const TABLE_HEADER = '| rule | default | what it checks |\n|---|---|---|\n';

/**
 * docs/rules.md with its table regenerated: one row per rule of a family; a row's "what it checks"
 * is kept from `current` (written by hand), else the rule's description.
 */
export function rulesPage(current: string, list: readonly Family[], rules: readonly RuleInfo[]): string {
  const start = current.indexOf(TABLE_HEADER);
  if (start < 0) throw new Error('docs/rules.md has no rules table');
  const bodyStart = start + TABLE_HEADER.length;
  let end = bodyStart;
  while (end < current.length && current.startsWith('|', end)) end = current.indexOf('\n', end) + 1 || current.length;
  const written = new Map<string, string>();
  for (const line of current.slice(bodyStart, end).split('\n')) {
    // A row may name several rules (`a`, `b`): each keeps the text.
    const match = /^\| (`[a-z0-9-]+`(?:, `[a-z0-9-]+`)*) \| [a-z]+ \| (.*) \|$/.exec(line);
    if (match) for (const id of match[1].matchAll(/`([a-z0-9-]+)`/g)) written.set(id[1], match[2]);
  }
  // The rows already written keep their order (rules are registered in an order that depends on
  // which modules a process loaded first); a new rule goes after the last row of its family, or at
  // the end, in the list's order then by id.
  const owner = (id: string) => familiesOfRule(id, list)[0];
  const byId = new Map(rules.filter((rule) => owner(rule.id)).map((rule) => [rule.id, rule]));
  const ids = [...written.keys()].filter((id) => byId.has(id));
  const added = [...byId.keys()].filter((id) => !written.has(id)).sort((a, b) => list.indexOf(owner(a)) - list.indexOf(owner(b)) || (a < b ? -1 : 1));
  for (const id of added) {
    let last = -1;
    ids.forEach((other, i) => (owner(other) === owner(id) ? (last = i) : undefined));
    ids.splice(last < 0 ? ids.length : last + 1, 0, id);
  }
  const rows = ids.map((id) => {
    const rule = byId.get(id)!;
    return `| \`${rule.id}\` | ${rule.defaultSeverity} | ${written.get(rule.id) ?? rule.description} |`;
  });
  return current.slice(0, bodyStart) + rows.join('\n') + '\n' + current.slice(end);
}
