#!/usr/bin/env node
// Writes what is derived from the families' list (server/src/families/index.ts) into files that
// are not code: package.json's `archipel` field (the client's document selector and file watchers),
// its `contributes.configuration` with their strings in package.nls.json and package.nls.fr.json
// (every family's settings section, settings.ts's core), the editor's commands, menus and panels (package.json's
// `contributes.commands`/`menus` and `onWebviewPanel:` activation events, the titles `command.*` in package.nls*.json,
// client/src/families.generated.ts: each family's client module), the walkthrough's steps (`contributes.walkthroughs`,
// `walkthrough.*` in package.nls*.json) and docs/rules.md's table.
//   node scripts/gen-families.mjs --write   writes them
//   node scripts/gen-families.mjs           prints how each would change, writes nothing
//   node scripts/gen-families.mjs --check   exits 1, naming the stale files (server/test/unit/core/families.test.ts fails while they are)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFamilies, repository } from './lib/families.mjs';
import { generatedFiles } from './lib/generated.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);
const out = generatedFiles(process.argv, repository);
const { families, coreCommands, coreWalkthrough, clientFiles, rulesPage, settingsManifest, allRules, clientManifest, clientModulesSource, placeClient, walkthroughManifest, lazyFamiliesSource } = await loadFamilies();

const update = (file, next) => out.put(path.join(repository, file), next);

const manifestText = readFileSync(path.join(repository, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText);
manifest.archipel = clientFiles(families);
const settings = settingsManifest(families);
manifest.contributes.configuration.properties = settings.properties;
// The commands, menus and panels: every entry is generated, each keeps its place (derived.ts: placeClient).
const client = clientManifest(families, coreCommands);
const placed = placeClient(manifest, client);
// The walkthrough: the kernel's first step, then the families' steps in their order.
const walkthrough = walkthroughManifest(families, coreWalkthrough);
placed.contributes.walkthroughs = [walkthrough.walkthrough];
update('package.json', JSON.stringify(placed, null, 2) + '\n');
update('client/src/families.generated.ts', clientModulesSource(client));
// The settings' strings and the commands' titles: each keeps its place in the file, a new one goes
// at the end, and a setting string (`config.*`) or a title (`command.*`) no declaration names any more goes.
for (const [file, language] of [['package.nls.json', 'en'], ['package.nls.fr.json', 'fr']]) {
  const current = JSON.parse(readFileSync(path.join(repository, file), 'utf8'));
  const next = {};
  const strings = { ...settings.strings, ...client.strings, ...walkthrough.strings };
  const generated = (key) => key.startsWith('config.') || key.startsWith('command.') || key.startsWith('walkthrough.');
  for (const [key, text] of Object.entries(current)) if (!generated(key) || strings[key]) next[key] = strings[key]?.[language] ?? text;
  for (const [key, texts] of Object.entries(strings)) next[key] = texts[language];
  update(file, JSON.stringify(next, null, 2) + '\n');
}
// The families' light entries, each descriptor loaded on demand (families/lazy.generated.ts): where each
// family's descriptor is, from the modules of server/src/families that export one (`export const xFamily: Family = { id: 'x'`).
const familiesFolder = path.join(repository, 'server', 'src', 'families');
const modules = new Map();
for (const file of readdirSync(familiesFolder).filter((name) => name.endsWith('.ts') && !name.endsWith('.generated.ts'))) {
  const text = readFileSync(path.join(familiesFolder, file), 'utf8');
  // Its French catalogue: the module `french: frX` is imported from (`import { frX } from '../x/fr'`).
  const french = /^\s+french: (\w+),$/m.exec(text)?.[1];
  const from = french ? new RegExp(`^import \\{ ${french} \\} from '([./\\w-]+)';$`, 'm').exec(text)?.[1] : undefined;
  // Its `own` (which files it says something of): the module `own: xOwn` is imported from (`import { xOwn } from '../x/files'`).
  const own = /^\s+own: (\w+),$/m.exec(text)?.[1];
  const ownFrom = own ? new RegExp(`^import \\{ ${own} \\} from '([./\\w-]+)';$`, 'm').exec(text)?.[1] : undefined;
  for (const match of text.matchAll(/^export const (\w+): Family = \{\n\s+id: '([\w-]+)'/gm)) modules.set(match[2], { module: file.replace(/\.ts$/, ''), name: match[1], ...(french && from ? { french: { name: french, from } } : {}), ...(own && ownFrom ? { own: { name: own, from: ownFrom } } : {}) });
}
// A sniff is copied when its source runs apart from its module (it names nothing but its argument): tried on a few heads.
const TRIAL_HEADS = ['', 'groups:\n', '- hosts: all\n  tasks:\n', '{"panels": []}', 'apiVersion: v1\nkind: List\n'];
const selfContained = (claims) => {
  try {
    // The build's own code (a family's selector), never a workspace value.
    const alone = new Function(`return (${claims.toString()});`)();
    for (const head of TRIAL_HEADS) alone(head);
    return true;
  } catch {
    return false;
  }
};
update('server/src/families/lazy.generated.ts', lazyFamiliesSource(families, modules, selfContained, allRules().map((rule) => rule.id)));
update('docs/rules.md', rulesPage(readFileSync(path.join(repository, 'docs', 'rules.md'), 'utf8'), families, allRules()));

process.exitCode = out.finish();
