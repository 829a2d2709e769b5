#!/usr/bin/env node
// Generates what the Ansible family knows of Ansible offline, from ansible-core's own definitions
// (Debian's ansible-core: `apt-get install -y ansible-core`), so that a clone needs no Ansible:
//
//   node scripts/gen-ansible-data.mjs [--newer <ansible checkout>/lib/ansible] [--write]
//        -> schemas/ansible/ansible-core.json   (modules, redirects, keywords, ansible.cfg keys, doc fragments)
//           schemas/ansible/playbook.schema.json (plays, blocks, tasks)
// Without --write it writes nothing: it prints how each file would change, and says when it would
// know fewer modules than the committed data (made with --newer: see below; typed without it, the
// generator would drop the newer ansible-core's modules).
//
// --newer: a newer ansible-core's source tree (a checkout of github.com/ansible/ansible), read statically
// (ast and YAML: nothing of it runs) and united with Debian's: a module or an option either version has is
// known, a value either accepts is a valid choice (or converts to the option's type: of str/path/raw and a
// stricter type, the former), an action plugin either has reads the arguments, an option is required and a constraint holds only when
// both say so — so a playbook written for Debian's ansible-core or for the newer one gets no false error.
// The committed data: Debian 12's ansible-core 2.14.18 with ansible-core 2.19.0.dev0 (github.com/ansible/ansible
// at c9ac477e53a, 2024-10-24).
//
// scripts/lib/ansible-docs.py reads the keywords of Play, Block, Task, Handler, role entries,
// import_playbook and loop_control from their classes, each ansible.builtin module's options from its
// DOCUMENTATION (doc fragments merged, as ansible-doc does) and the constraints of its AnsibleModule(...)
// call (Python's ast, literal values only: nothing of a module runs), and the short names ansible-core
// redirects to collections (config/ansible_builtin_runtime.yml). Only interface facts are kept, no
// documentation prose (docs/ansible.md, "Licences").
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './lib/generated.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'schemas', 'ansible');
const python = '/usr/bin/python3';

const run = spawnSync(python, [path.join(ROOT, 'scripts', 'lib', 'ansible-docs.py')], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'false' } });
if (run.status !== 0) {
  console.error(run.stderr || run.error?.message);
  console.error('gen-ansible-data: needs Debian\'s ansible-core (apt-get install -y ansible-core) and /usr/bin/python3');
  process.exit(1);
}
const newerAt = process.argv.indexOf('--newer');
const newerTree = newerAt > 0 ? process.argv[newerAt + 1] : undefined;

/** @type {{ ansibleCore: string, keywords: Record<string, Record<string, string>>, modules: Record<string, Record<string, unknown>>, redirects: Record<string, string>, config: Record<string, string[]>, fragments: Record<string, Record<string, unknown>> }} */
const data = JSON.parse(run.stdout);

if (newerTree) {
  const newer = spawnSync(python, [path.join(ROOT, 'scripts', 'lib', 'ansible-docs.py'), '--static', newerTree], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (newer.status !== 0) {
    console.error(newer.stderr || newer.error?.message);
    process.exit(1);
  }
  unite(data, JSON.parse(newer.stdout));
}

/** Debian's data united with a newer ansible-core's (see --newer above). */
function unite(base, other) {
  base.ansibleCore = `${base.ansibleCore}+${other.ansibleCore}`;
  for (const [name, module] of Object.entries(other.modules)) {
    const mine = base.modules[name];
    base.modules[name] = mine ? uniteModule(mine, module) : module;
  }
  for (const [name, module] of Object.entries(base.modules)) if (!other.modules[name]) base.modules[name] = module;
  base.redirects = { ...base.redirects, ...other.redirects };
  for (const [name, options] of Object.entries(other.fragments)) base.fragments[name] = { ...(base.fragments[name] ?? {}), ...options };
}

function uniteModule(a, b) {
  const options = {};
  for (const name of new Set([...Object.keys(a.options), ...Object.keys(b.options)])) {
    const [x, y] = [a.options[name], b.options[name]];
    if (!x || !y) {
      const { required: _required, ...optional } = x ?? y;
      options[name] = optional;
      continue;
    }
    const option = { ...x };
    const aliases = [...new Set([...(x.aliases ?? []), ...(y.aliases ?? [])])];
    if (aliases.length) option.aliases = aliases;
    if (x.choices && y.choices) option.choices = [...new Map([...x.choices, ...y.choices].map((c) => [JSON.stringify(c), c])).values()];
    else delete option.choices;
    if (!(x.required && y.required)) delete option.required;
    // A value either version converts is valid: of two types, the one taking any value (str, path, raw) wins.
    if (x.type !== y.type && !['str', 'path', 'raw'].includes(x.type) && ['str', 'path', 'raw'].includes(y.type)) option.type = y.type;
    options[name] = option;
  }
  // An action plugin in either version (2.19's dnf) may read the arguments before the module does.
  const action = a.action === 'only' || b.action === 'only' ? 'only' : (a.action ?? b.action);
  const out = { ...a, ...(action ? { action } : {}), options: Object.fromEntries(Object.entries(options).sort(([m], [n]) => (m < n ? -1 : 1))) };
  for (const key of ['mutually_exclusive', 'required_one_of', 'required_together', 'required_if']) {
    const theirs = new Set((b[key] ?? []).map((group) => JSON.stringify(group)));
    const both = (a[key] ?? []).filter((group) => theirs.has(JSON.stringify(group)));
    if (both.length) out[key] = both;
    else delete out[key];
  }
  if (a.required_by && b.required_by) {
    const both = Object.fromEntries(Object.entries(a.required_by).filter(([k, v]) => JSON.stringify(b.required_by[k]) === JSON.stringify(v)));
    if (Object.keys(both).length) out.required_by = both;
    else delete out.required_by;
  } else delete out.required_by;
  return out;
}

// Internal attributes of the classes that are not written in a playbook: `loop_with` (set from a
// `with_<lookup>` key) and `async_val` (written `async`), `vars_val` (written `vars`).
const internal = new Set(['loop_with', 'async_val', 'vars_val']);
const keywords = Object.fromEntries(Object.entries(data.keywords).map(([kind, list]) => [kind, Object.fromEntries(Object.entries(list).filter(([name]) => !internal.has(name)))]));
keywords.task.async = 'int';
keywords.handler.async = 'int';

// One module per line: a new ansible-core shows as a readable diff.
const lines = Object.entries(data.modules).map(([name, module]) => `    ${JSON.stringify(name)}: ${JSON.stringify(module)}`);
const core = [
  '{',
  `  "ansibleCore": ${JSON.stringify(data.ansibleCore)},`,
  `  "keywords": ${JSON.stringify(keywords)},`,
  `  "redirects": ${JSON.stringify(groupRedirects(data.redirects))},`,
  `  "config": ${JSON.stringify(data.config)},`,
  `  "fragments": ${JSON.stringify(data.fragments)},`,
  '  "modules": {',
  lines.join(',\n'),
  '  }',
  '}',
  '',
].join('\n');
const out = generatedFiles(process.argv, ROOT);
// What the committed data knows that this run would not (a run without the --newer it was made with).
const committed = (() => {
  try {
    return JSON.parse(fs.readFileSync(path.join(OUT, 'ansible-core.json'), 'utf8'));
  } catch {
    return undefined;
  }
})();
const lost = committed ? Object.keys(committed.modules ?? {}).filter((name) => !(name in data.modules)) : [];
out.put(path.join(OUT, 'ansible-core.json'), core);
out.put(path.join(OUT, 'playbook.schema.json'), `${JSON.stringify(playbookSchema(keywords, data.ansibleCore), null, 2)}\n`);
console.error(`schemas/ansible: ansible-core ${data.ansibleCore}, ${Object.keys(data.modules).length} modules, ${Object.keys(data.redirects).length} redirects`);
if (lost.length > 0) console.error(`${out.write ? 'dropped' : 'would drop'} ${lost.length} module(s) the committed data knows (${committed.ansibleCore}: made with --newer?): ${lost.slice(0, 8).join(', ')}${lost.length > 8 ? ', …' : ''}`);
process.exitCode = out.finish();

/**
 * The short names ansible-core routes to collections, by collection (`community.general`: the names it
 * keeps), and those renamed on the way (`name` → its FQCN): 3,700 names in a sixth of their flat size.
 */
function groupRedirects(redirects) {
  const byCollection = {};
  const renamed = {};
  for (const [name, target] of Object.entries(redirects)) {
    const dot = target.lastIndexOf('.');
    if (target.slice(dot + 1) === name) (byCollection[target.slice(0, dot)] ??= []).push(name);
    else renamed[name] = target;
  }
  return { byCollection: Object.fromEntries(Object.entries(byCollection).map(([collection, names]) => [collection, names.join(' ')])), renamed };
}

/**
 * A keyword's schema from its class attribute's type. Every keyword may be a Jinja template (a string)
 * and may be left empty (null: the keyword's default), as Ansible reads it; what is refused is a
 * mapping or a sequence where a scalar belongs, and the reverse.
 */
function keywordSchema(name, isa) {
  const scalar = ['string', 'number', 'boolean', 'null'];
  if (['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always'].includes(name)) return { anyOf: [{ $ref: '#/definitions/TaskList' }, { type: 'null' }] };
  if (name === 'roles') return { type: ['array', 'null'], items: { $ref: '#/definitions/RoleEntry' } };
  if (name === 'loop_control') return { anyOf: [{ $ref: '#/definitions/LoopControl' }, { type: 'string' }] };
  if (name === 'vars') return { type: ['object', 'array', 'null'] };
  if (name === 'args') return { type: ['object', 'string', 'null'] };
  switch (isa) {
    case 'bool':
      return { type: ['boolean', 'string', 'null'] };
    case 'int':
    case 'float':
    case 'percent':
      return { type: ['number', 'string', 'null'] };
    case 'string':
    case 'str':
      return { type: scalar };
    case 'dict':
      return { type: ['object', 'string', 'null'] };
    default:
      return {};
  }
}

function properties(list) {
  return Object.fromEntries(Object.entries(list).map(([name, isa]) => [name, keywordSchema(name, isa)]));
}

function playbookSchema(kw, version) {
  const importKeys = ['import_playbook', 'ansible.builtin.import_playbook', 'ansible.legacy.import_playbook'];
  const importProps = properties(kw.import_playbook);
  for (const key of importKeys) importProps[key] = { type: 'string' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'urn:archipel:schema:ansible-playbook',
    title: 'Ansible playbooks and task files',
    description: `Plays, imported playbooks, blocks, tasks and handlers, with the keywords ansible-core ${version} defines (generated by scripts/gen-ansible-data.mjs from its Play, Block, Task, Handler, role and loop_control classes). A task's module and its arguments are checked from the modules' data (schemas/ansible/ansible-core.json), not here.`,
    'x-archipel-kinds': { playbook: 'Playbook', tasks: 'TaskList', handlers: 'HandlerList' },
    definitions: {
      Playbook: { type: 'array', items: { $ref: '#/definitions/PlayOrImport' } },
      PlayOrImport: {
        if: { type: 'object', anyOf: importKeys.map((key) => ({ required: [key] })) },
        then: { $ref: '#/definitions/ImportPlaybook' },
        else: { $ref: '#/definitions/Play' },
      },
      Play: { type: 'object', properties: properties(kw.play), required: ['hosts'], additionalProperties: false },
      ImportPlaybook: { type: 'object', properties: importProps, additionalProperties: false },
      TaskList: { type: 'array', items: { $ref: '#/definitions/TaskOrBlock' } },
      HandlerList: { type: 'array', items: { $ref: '#/definitions/HandlerOrBlock' } },
      TaskOrBlock: { if: { type: 'object', required: ['block'] }, then: { $ref: '#/definitions/Block' }, else: { $ref: '#/definitions/Task' } },
      HandlerOrBlock: { if: { type: 'object', required: ['block'] }, then: { $ref: '#/definitions/Block' }, else: { $ref: '#/definitions/Handler' } },
      Block: { type: 'object', properties: properties(kw.block), additionalProperties: false },
      // The module's key (any name) and `with_<lookup>` loops are the task's other keys: checked in code.
      Task: { type: 'object', properties: properties(kw.task) },
      Handler: { type: 'object', properties: properties(kw.handler) },
      // A role's parameters are its other keys (they become its variables).
      RoleEntry: { anyOf: [{ type: 'string' }, { type: 'object', properties: properties(kw.role), anyOf: [{ required: ['role'] }, { required: ['name'] }] }] },
      LoopControl: { type: 'object', properties: properties(kw.loop_control), additionalProperties: false },
    },
  };
}
