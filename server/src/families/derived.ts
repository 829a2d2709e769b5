/**
 * What is derived from the families' list for files outside the server's code: the worker bundles
 * (esbuild.mjs), the client's document selector and file watchers (package.json's `archipel`
 * field, read by client/src/lsp/client.ts), the settings the editor shows (package.json's
 * `contributes.configuration` and their strings in package.nls*.json), the commands, menus and panels of the
 * editor (package.json's `contributes.commands`/`menus`, the panels' activation events, the titles in
 * package.nls*.json, client/src/families.generated.ts) and docs/rules.md's table. scripts/gen-families.mjs
 * writes them; a unit test fails while a written one is stale.
 */
import { selectorGlobs } from '../common/fileSelector';
import type { RuleInfo } from '../rules/registry';
import { coreSettingsManifest, type SettingsManifest } from '../settings';
import type { ClientCommand, Family, Texts, WorkerBundle } from './descriptor';
import type { coreWalkthrough } from './core';

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
  /** Globs of the files the families read beside theirs (Family.sideFiles): watched for changes, never sent as documents. */
  sideFiles: string[];
}

export function clientFiles(list: readonly Family[]): ClientFiles {
  const languages = [...new Set(list.flatMap((family) => family.languages ?? []))];
  const patterns = selectorGlobs(list.flatMap((family) => (family.files ? [family.files] : [])));
  const userGlobSettings = list.flatMap((family) => (family.files?.userGlobs && family.settings ? [`archipel.${family.settings.section}.${family.files.userGlobs}`] : []));
  const sideFiles = selectorGlobs(list.flatMap((family) => (family.sideFiles ? [family.sideFiles] : []))).filter((glob) => !patterns.includes(glob));
  return { languages, patterns, userGlobSettings, sideFiles };
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

/** What package.json declares of the editor's commands and panels, from the core's commands and each family's `client`. */
export interface ClientManifest {
  /** `contributes.commands`, in the list's order (the core's first). */
  readonly commands: readonly Record<string, string>[];
  /** `contributes.menus`: menu id → its entries. */
  readonly menus: Readonly<Record<string, readonly Record<string, string>[]>>;
  /** The panels' activation events (`onWebviewPanel:<viewType>`). */
  readonly activationEvents: readonly string[];
  /** The commands' titles (`command.<name>`), for package.nls.json and package.nls.fr.json. */
  readonly strings: Readonly<Record<string, Texts>>;
  /** The client modules (client/src/commands/<module>.ts) in the list's order, each with the families it serves. */
  readonly modules: readonly { readonly module: string; readonly families: readonly string[] }[];
}

/** The nls key of a command's title: `command.<name>` for `archipel.<name>`. */
function commandTitleKey(id: string): string {
  return `command.${id.replace(/^archipel\./, '')}`;
}

export function clientManifest(list: readonly Family[], core: readonly ClientCommand[]): ClientManifest {
  const commands: Record<string, string>[] = [];
  const menus: Record<string, Record<string, string>[]> = {};
  const strings: Record<string, Texts> = {};
  const declare = (command: ClientCommand) => {
    if (strings[commandTitleKey(command.id)]) throw new Error(`command ${command.id} declared twice`);
    strings[commandTitleKey(command.id)] = command.title;
    commands.push({
      command: command.id,
      title: `%${commandTitleKey(command.id)}%`,
      category: '%category%',
      ...(command.enablement !== undefined && { enablement: command.enablement }),
      ...(command.icon !== undefined && { icon: command.icon }),
    });
    for (const [menu, entries] of Object.entries(command.menus ?? {})) {
      for (const entry of entries) (menus[menu] ??= []).push({ command: command.id, ...(entry.when !== undefined && { when: entry.when }), ...(entry.group !== undefined && { group: entry.group }) });
    }
  };
  core.forEach(declare);
  const activationEvents: string[] = [];
  const modules: { module: string; families: string[] }[] = [];
  for (const family of list) {
    if (!family.client) continue;
    family.client.commands?.forEach(declare);
    for (const panel of family.client.panels ?? []) activationEvents.push(`onWebviewPanel:${panel}`);
    const module = family.client.module;
    if (!module) continue;
    const known = modules.find((entry) => entry.module === module);
    if (known) known.families.push(family.id);
    else modules.push({ module, families: [family.id] });
  }
  return { commands, menus, activationEvents, strings, modules };
}

/** package.json's walkthrough (`contributes.walkthroughs`: one) and its strings (`walkthrough.*`, for package.nls*.json). */
export interface WalkthroughManifest {
  readonly walkthrough: Record<string, unknown>;
  readonly strings: Readonly<Record<string, Texts>>;
}

/** The walkthrough: the kernel's title, description and first step, then every family's steps in their order. */
export function walkthroughManifest(list: readonly Family[], core: typeof coreWalkthrough): WalkthroughManifest {
  const steps = [...core.steps, ...list.flatMap((family) => family.client?.walkthrough ?? [])].sort((a, b) => a.order - b.order);
  const strings: Record<string, Texts> = { 'walkthrough.title': core.title, 'walkthrough.description': core.description };
  const seen = new Set<string>();
  const declared = steps.map((step) => {
    if (seen.has(step.id)) throw new Error(`walkthrough step ${step.id} declared twice`);
    seen.add(step.id);
    const key = `walkthrough.${step.id}`;
    strings[`${key}.title`] = step.title;
    strings[`${key}.description`] = step.description;
    let media: Record<string, string>;
    if ('markdown' in step.media) media = { markdown: step.media.markdown };
    else {
      strings[`${key}.altText`] = step.media.altText;
      media = { image: step.media.image, altText: `%${key}.altText%` };
    }
    return { id: step.id, title: `%${key}.title%`, description: `%${key}.description%`, media, completionEvents: [...step.completionEvents] };
  });
  return { walkthrough: { id: core.id, title: '%walkthrough.title%', description: '%walkthrough.description%', steps: declared }, strings };
}

/**
 * `next` in the places `current` gives it: an entry of `current` that `owned` says is generated is
 * replaced by the entry of `next` with its key, or goes when `next` has none; the others stay; an
 * entry of `next` not yet placed goes after the last generated one (at the end if there is none).
 * So a regenerated package.json is byte-identical where nothing changed, and a new command or panel
 * is added without reordering what users and reviewers know.
 */
export function inPlace<T>(current: readonly T[], next: readonly T[], key: (entry: T) => string, owned: (entry: T) => boolean): T[] {
  const byKey = new Map(next.map((entry) => [key(entry), entry]));
  const placed = new Set<string>();
  const result: T[] = [];
  let after = -1;
  for (const entry of current) {
    if (!owned(entry)) {
      result.push(entry);
      continue;
    }
    const replacement = byKey.get(key(entry));
    if (replacement === undefined || placed.has(key(entry))) continue;
    placed.add(key(entry));
    result.push(replacement);
    after = result.length;
  }
  const added = next.filter((entry) => !placed.has(key(entry)));
  result.splice(after < 0 ? result.length : after, 0, ...added);
  return result;
}

/** A menu's entries keyed by their command and its occurrence (a command may show twice in one menu). */
function menuKeys(entries: readonly Record<string, string>[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const count = seen.get(entry.command) ?? 0;
    seen.set(entry.command, count + 1);
    return `${entry.command}#${count}`;
  });
}

/** What package.json holds of the editor's commands, menus and activation. */
export interface ClientContributions {
  activationEvents: string[];
  contributes: { commands: Record<string, string>[]; menus?: Record<string, Record<string, string>[]> };
}

/**
 * `manifest`'s commands, menus and panels' activation events replaced by `client`'s, each entry in
 * its place (inPlace): every command and menu entry is generated; of the activation events, the
 * panels' (`onWebviewPanel:`).
 */
export function placeClient<T extends ClientContributions>(manifest: T, client: ClientManifest): T {
  const commands = inPlace(manifest.contributes.commands, client.commands, (entry) => entry.command, () => true);
  const menus: Record<string, Record<string, string>[]> = {};
  for (const menu of new Set([...Object.keys(manifest.contributes.menus ?? {}), ...Object.keys(client.menus)])) {
    const current = manifest.contributes.menus?.[menu] ?? [];
    const next = client.menus[menu] ?? [];
    const keys = new Map([...menuKeys(current).map((key, i) => [current[i], key] as const), ...menuKeys(next).map((key, i) => [next[i], key] as const)]);
    const placed = inPlace(current, next, (entry) => keys.get(entry)!, () => true);
    if (placed.length > 0) menus[menu] = placed;
  }
  const activationEvents = inPlace(manifest.activationEvents, client.activationEvents, (event) => event, (event) => event.startsWith('onWebviewPanel:'));
  return { ...manifest, activationEvents, contributes: { ...manifest.contributes, commands, menus } };
}

/** client/src/families.generated.ts: each family's client module, which client/src/extension.ts registers. */
export function clientModulesSource(manifest: ClientManifest): string {
  const name = (module: string) => `${module.replace(/[^A-Za-z0-9]/g, '_')}Module`;
  return [
    '// Generated by scripts/gen-families.mjs from the families\' descriptors (server/src/families/, `client`): do not edit.',
    '// client/src/extension.ts registers each module; a family with a command or a panel adds its line here by the generator.',
    "import type * as vscode from 'vscode';",
    "import type { ArchipelLanguageClient } from './lsp/client';",
    ...manifest.modules.map((entry) => `import * as ${name(entry.module)} from './commands/${entry.module}';`),
    '',
    '/** What a family\'s client module registers with: the extension\'s context and the language client. */',
    'export type RegisterFamily = (context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }) => void;',
    '',
    '/** Each client module of the families, in the families\' order, with the families it serves. */',
    'export const familyClients: readonly { readonly families: readonly string[]; readonly register: RegisterFamily }[] = [',
    ...manifest.modules.map((entry) => `  { families: ${JSON.stringify(entry.families).replace(/"/g, "'").replace(/,/g, ', ')}, register: ${name(entry.module)}.register },`),
    '];',
    '',
  ].join('\n');
}

/** Where a family's descriptor is: its module under server/src/families (`dockerfile`) and its export (`dockerfileFamily`). */
export interface FamilyModule {
  readonly module: string;
  readonly name: string;
  /** The module its French catalogue is imported from (`../adr/fr`) and its name there (`frAdr`). */
  readonly french?: { readonly name: string; readonly from: string };
  /** The module its `own` (which files it says something of) is imported from (`../raci/files`) and its name there (`raciOwn`). */
  readonly own?: { readonly name: string; readonly from: string };
}

/**
 * families/lazy.generated.ts: the families' list as light entries (descriptor.ts FamilyEntry), in the list's
 * order: each selector written out as data (its sniff's `claims` as its source: a selector's functions must
 * use nothing but their arguments, `selfContained` tells: one that does not takes every candidate, the family loaded to decide),
 * whether it has features and a system contribution, its settings section and command names, and an `import()` of its module.
 */
export function lazyFamiliesSource(list: readonly Family[], modules: ReadonlyMap<string, FamilyModule>, selfContained: (claims: (head: string) => boolean) => boolean, ruleIds: readonly string[] = []): string {
  const value = (data: unknown, where: string): string => {
    if (typeof data === 'function') {
      if (!where.endsWith('.sniff.claims')) throw new Error(`${where}: a selector holds a function other than sniff.claims`);
      // Its source, when it uses nothing but its argument; else every candidate counts as claimed (the family is loaded to decide).
      return selfContained(data as (head: string) => boolean) ? data.toString() : '() => true';
    }
    if (Array.isArray(data)) return `[${data.map((item, i) => value(item, `${where}[${i}]`)).join(', ')}]`;
    if (data && typeof data === 'object') return `{ ${Object.entries(data).map(([name, item]) => `${key(name)}: ${value(item, `${where}.${name}`)}`).join(', ')} }`;
    return typeof data === 'string' ? quoted(data) : JSON.stringify(data);
  };
  const quoted = (text: string) => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const key = (name: string) => (/^[a-z]\w*$/i.test(name) ? name : quoted(name));
  const imports: string[] = [];
  const lines = list.map((family) => {
    const where = modules.get(family.id);
    if (!where) throw new Error(`family ${family.id}: no module server/src/families/<name>.ts exports its descriptor`);
    const fields = [`id: ${quoted(family.id)}`];
    if (family.files) fields.push(`files: ${value(family.files, `${family.id}.files`)}`);
    // Its `own`: imported from its `files.ts` (its test is code that names helpers), or written out when it is data alone.
    if (family.own) {
      if (where.own) {
        imports.push(`import { ${where.own.name} } from '${where.own.from}';\n`);
        fields.push(`own: ${where.own.name}`);
      } else if (family.own.test) throw new Error(`family ${family.id}: its own.test is not imported by name from a module (import { xOwn } from '../x/files')`);
      else fields.push(`own: ${value(family.own, `${family.id}.own`)}`);
    }
    // Its section's settings as the CLI has them (normalized defaults): a family's checks may read another's section.
    if (family.settings) fields.push(`settings: { section: ${quoted(family.settings.section)}, defaults: ${value(family.settings.normalize(family.settings.defaults), `${family.id}.settings`)} }`);
    fields.push(`features: ${family.features !== undefined}`, `system: ${family.system !== undefined}`);
    fields.push(`commands: ${value((family.commands ?? []).flatMap((command) => command.names), family.id)}`);
    if (family.french) {
      if (!where.french) throw new Error(`family ${family.id}: its French catalogue is not imported by name from a module (import { frX } from '../x/fr')`);
      fields.push(`french: async () => (await import('${where.french.from}.js')).${where.french.name}`);
    }
    fields.push(`load: async () => (await import('./${where.module}.js')).${where.name}`);
    return `  { ${fields.join(', ')} },\n`;
  });
  return `// Generated by scripts/gen-families.mjs from families/index.ts's list: do not edit.
import type { FamilyEntry } from './descriptor';
${imports.join('')}
/** Every family, light: what selecting its files needs, its descriptor loaded on demand (descriptor.ts FamilyEntry). */
export const familyEntries: readonly FamilyEntry[] = [
${lines.join('')}];

/** Every rule's id, sorted (rules/registry.ts allRules with every family loaded): \`archipel check --rule\` knows them without loading a family. */
export const ruleIds: readonly string[] = [
${[...ruleIds].sort().map((id) => `  ${quoted(id)},\n`).join('')}];
`;
}
