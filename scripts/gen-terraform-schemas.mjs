// `node scripts/gen-terraform-schemas.mjs [provider…] [--write]`: the Terraform provider schemas Archipel ships
// (schemas/terraform/<provider>.json and <provider>.docs.json; without --write, how each would change, nothing written), reduced from the prebuilt CDK provider
// packages' type information (`.jsii`), which describes every resource, data source and ephemeral
// resource of a provider version: its arguments with their types, which are required, its nested
// blocks, and — as the resource class's getters — every attribute it exports, the computed ones too.
//
// The packages are fetched with `npm pack` into a temporary folder (ARCHIPEL_TF_PACKS to keep them
// elsewhere) and only their `.jsii` is read; nothing of them is committed. Each output keeps the
// provider's source and version (from the registry links the package documents), the package it
// was read from and the package's licence.
// google's package stops at google 6.50: after `google --write`, run scripts/gen-terraform-google7.mjs
// again (it lays the 7.x resources read from the provider's Go source over google.json).
//
// Output (format 2; server/src/terraform/model/providerSchemas.ts reads it):
//   { format: 2, provider, source, version, package, license, provider_config: B,
//     resources: { type: B }, data: { type: B }, ephemeral: { type: B } }
//   B, a block:            { a?: { name: A }, b?: { name: N } }   (empty members left out)
//   A, an attribute:       [flags, type]   flags: 1 required, 2 optional, 4 computed, 8 sensitive,
//                                          16 deprecated, 32 write-only
//                          type: cty's JSON form ("string", "number", "bool", "dynamic",
//                          ["list", T], ["set", T], ["map", T], ["object", { name: T }])
//   N, a nested block:     [min_items, max_items (0: no bound), B or null (not described: too deep), nesting?]
//                          nesting left out for "list"; else "set", "map", "single" or "group"
// What a `.jsii` cannot tell: a set from a list (both are arrays: written "list"), an optional
// argument's computed flag, sensitivity; write-only arguments are those the package marks so (their
// getter is deprecated as "Write-only") or named `*_wo` as the providers name them.
//
// <provider>.docs.json holds the arguments' descriptions, read only by hover:
//   { strings: [text…], resources: { type: { path: index } }, data: …, ephemeral: …, provider_config: { path: index } }
//   where a path is the argument's name under its nested blocks (`root_block_device.volume_size`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generatedFiles } from './lib/generated.mjs';
import { answerHelp } from './lib/help.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The providers shipped: npm package and version of its prebuilt CDK bindings. */
export const PROVIDERS = [
  { name: 'aws', package: '@cdktn/provider-aws', version: '25.7.0' },
  { name: 'azurerm', package: '@cdktn/provider-azurerm', version: '16.1.0' },
  { name: 'google', package: '@cdktf/provider-google', version: '16.12.1' },
  { name: 'kubernetes', package: '@cdktf/provider-kubernetes', version: '12.1.1' },
  { name: 'helm', package: '@cdktf/provider-helm', version: '12.1.2' },
  // The previous major a module's required_providers may ask for (`~> 2.0`): helm 2.x, whose `kubernetes` is a block (#94).
  { name: 'helm@2', package: '@cdktf/provider-helm', version: '10.5.0' },
  // google 6.x and aws 5.x, written as what differs from google.json and aws.json (`over`): most types are alike.
  { name: 'google@6', package: '@cdktf/provider-google', version: '16.12.1', over: 'google' },
  { name: 'aws@5', package: '@cdktf/provider-aws', version: '19.65.1', over: 'aws' },
  { name: 'random', package: '@cdktf/provider-random', version: '12.0.1' },
  { name: 'null', package: '@cdktf/provider-null', version: '11.0.1' },
];

export const FLAGS = { required: 1, optional: 2, computed: 4, sensitive: 8, deprecated: 16, writeOnly: 32 };

function packFolder() {
  const folder = process.env.ARCHIPEL_TF_PACKS || path.join(os.tmpdir(), 'archipel-terraform-packs');
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** The package's `.jsii` and LICENSE, fetched once. */
function fetchPackage({ package: name, version }) {
  const folder = path.join(packFolder(), `${name.replace('/', '+')}@${version}`);
  if (!existsSync(path.join(folder, 'package', '.jsii'))) {
    mkdirSync(folder, { recursive: true });
    const packed = spawnSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', folder], { encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`npm pack ${name}@${version}: ${packed.stderr}`);
    const tarball = readdirSync(folder).find((f) => f.endsWith('.tgz'));
    const extracted = spawnSync('tar', ['-xzf', path.join(folder, tarball), '-C', folder, 'package/.jsii', 'package/LICENSE', 'package/package.json'], { encoding: 'utf8' });
    if (extracted.status !== 0) throw new Error(`tar: ${extracted.stderr}`);
  }
  return {
    jsii: JSON.parse(readFileSync(path.join(folder, 'package', '.jsii'), 'utf8')),
    license: JSON.parse(readFileSync(path.join(folder, 'package', 'package.json'), 'utf8')).license,
  };
}

const LINK = /#([a-z0-9_]+) [A-Za-z0-9]+#[a-z0-9_]+\}/;

/** The Terraform name a property documents (`Docs at Terraform Registry: {@link …#ami Instance#ami}`). */
function terraformName(property) {
  const match = LINK.exec(property.docs?.remarks ?? '') ?? LINK.exec(property.docs?.summary ?? '');
  if (match) return match[1];
  return snake(property.name);
}

/** cdktf's names of members that would clash with its classes' own, and what Terraform calls them. */
const RENAMED = new Map([['countAttribute', 'count'], ['providerAttribute', 'provider'], ['lifecycleAttribute', 'lifecycle'], ['nodeAttribute', 'node'], ['fqnAttribute', 'fqn'], ['stackAttribute', 'stack'], ['dependsOnAttribute', 'depends_on'], ['forEachAttribute', 'for_each']]);

function snake(name) {
  const renamed = RENAMED.get(name);
  if (renamed) return renamed;
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A property's description: its summary and remarks without the registry link, or undefined. */
function description(property) {
  const summary = property.docs?.summary ?? '';
  if (!summary || summary.startsWith('Docs at Terraform Registry') || /^[a-z0-9_]+ block\.$/.test(summary)) return undefined;
  const remarks = (property.docs?.remarks ?? '').replace(/\s*Docs at Terraform Registry:[\s\S]*$/, '').trim();
  const text = remarks ? `${summary} ${remarks}` : summary;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : text;
}

/** A description longer than this is cut (the provider's docs page has the rest). */
const MAX_DESCRIPTION = 400;

const IRESOLVABLE = /^cdkt[fn]\.IResolvable$/;

/** Whether a type is a struct (a nested block or an object attribute). */
function isStruct(fqn, types) {
  return Boolean(fqn && types[fqn]?.kind === 'interface' && types[fqn].datatype);
}

/** A property's type without cdktf's `| IResolvable`. */
function unwrap(type) {
  if (type?.union) {
    const rest = type.union.types.filter((t) => !IRESOLVABLE.test(t?.fqn ?? ''));
    if (rest.length === 1) return rest[0];
    return rest.length === 0 ? { primitive: 'any' } : rest[0];
  }
  return type;
}

/** The struct a property's type names, directly or as an array's element, and whether it is an array. */
function structOf(type, types) {
  const t = unwrap(type);
  if (isStruct(t?.fqn, types)) return { fqn: t.fqn, many: false };
  const element = t?.collection?.kind === 'array' ? unwrap(t.collection.elementtype) : undefined;
  if (isStruct(element?.fqn, types)) return { fqn: element.fqn, many: true };
  return undefined;
}

/** Nested blocks and object types deeper than this are not described; WAF's recursive rules would take megabytes. */
const MAX_DEPTH = 6;

const PRIMITIVES = { string: 'string', number: 'number', boolean: 'bool', any: 'dynamic', json: 'dynamic', date: 'string' };
/** cdktf's map classes (getters of computed maps). */
const MAP_CLASSES = { StringMap: 'string', NumberMap: 'number', BooleanMap: 'bool', AnyMap: 'dynamic' };

/** A struct's properties, its parents' included (not cdktf's own meta-arguments). */
function structProperties(fqn, types) {
  const type = types[fqn];
  if (!type) return [];
  const properties = [...(type.properties ?? [])];
  for (const parent of type.interfaces ?? []) if (types[parent]?.properties && !/^cdkt[fn]\./.test(parent)) properties.push(...types[parent].properties);
  return properties;
}

/** A config property's type in cty's JSON form. */
function ctyOf(type, types, depth) {
  const t = unwrap(type);
  if (!t) return 'dynamic';
  if (t.primitive) return PRIMITIVES[t.primitive] ?? 'dynamic';
  if (t.collection) {
    const element = ctyOf(t.collection.elementtype, types, depth);
    return [t.collection.kind === 'map' ? 'map' : 'list', element];
  }
  if (isStruct(t.fqn, types)) return objectType(t.fqn, types, depth + 1);
  return 'dynamic';
}

function objectType(fqn, types, depth) {
  if (depth > MAX_DEPTH) return 'dynamic';
  const members = {};
  for (const property of structProperties(fqn, types)) members[terraformName(property)] = ctyOf(property.type, types, depth);
  for (const [name, getter] of computedGetters(fqn, new Set(Object.keys(members)), types)) members[name] = getterType(getter.type, types, depth);
  return ['object', members];
}

/** The type of a getter (an exported attribute): a primitive, a collection, or one of cdktf's reference classes. */
function getterType(type, types, depth) {
  const t = unwrap(type);
  if (!t) return 'dynamic';
  if (t.primitive || t.collection) return ctyOf(t, types, depth);
  const fqn = t.fqn ?? '';
  const short = fqn.replace(/^cdkt[fn]\./, '');
  if (MAP_CLASSES[short]) return ['map', MAP_CLASSES[short]];
  const cls = types[fqn];
  if (!cls || cls.kind !== 'class' || depth > MAX_DEPTH) return 'dynamic';
  const base = (cls.base ?? '').replace(/^cdkt[fn]\./, '');
  const item = (suffix) => {
    const reference = types[fqn.replace(new RegExp(`${suffix}$`), 'OutputReference')];
    return reference ? referenceObject(reference, types, depth + 1) : 'dynamic';
  };
  if (base === 'ComplexList' && fqn.endsWith('List')) return ['list', item('List')];
  if (base === 'ComplexMap' && fqn.endsWith('Map')) return ['map', item('Map')];
  if (base === 'ComplexObject') return referenceObject(cls, types, depth + 1);
  return 'dynamic';
}

/** The attributes an OutputReference class reads (its getters), as an object type. */
function referenceObject(cls, types, depth) {
  const members = {};
  for (const getter of cls.properties ?? []) {
    if (!getter.immutable || getter.name.endsWith('Input') || getter.name === 'internalValue' || getter.static) continue;
    members[snake(getter.name)] = getterType(getter.type, types, depth);
  }
  return ['object', members];
}

/** The class reading a struct's values (`FooOutputReference`), whose getters are every attribute of the block, computed ones included. */
function readerOf(fqn, types) {
  return types[`${fqn}OutputReference`];
}

/** Getters of a reading class that are not config properties: computed-only attributes. */
function computedGetters(fqn, known, types, cls = readerOf(fqn, types)) {
  const out = [];
  if (!cls) return out;
  const knownCamel = new Set([...known].map((n) => n.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())));
  for (const getter of cls.properties ?? []) {
    if (!getter.immutable || getter.static || getter.name.endsWith('Input') || getter.name === 'internalValue' || getter.name === 'tfResourceType') continue;
    const name = snake(getter.name);
    if (known.has(name) || knownCamel.has(getter.name)) continue;
    out.push([name, getter]);
  }
  return out;
}

/** Write-only arguments: marked so by the package on their getter, or named as providers name them. */
function writeOnlyNames(cls) {
  const names = new Set();
  for (const getter of cls?.properties ?? []) if (/^Write-only/.test(getter.docs?.deprecated ?? '')) names.add(snake(getter.name));
  return names;
}

const META = new Set(['connection', 'count', 'depends_on', 'for_each', 'lifecycle', 'provider', 'provisioners']);

/**
 * A config struct as a block schema (nested structs recursively, bounded), the reading class's
 * computed attributes added; descriptions go to `docs` by path.
 */
function blockSchema(fqn, types, docs, cls = readerOf(fqn, types), depth = 0, prefix = '') {
  if (depth > MAX_DEPTH) return null;
  const a = {};
  const b = {};
  const writeOnly = writeOnlyNames(cls);
  for (const property of structProperties(fqn, types)) {
    const name = terraformName(property);
    if (META.has(name) && depth === 0) continue;
    const text = description(property);
    if (text) docs[prefix + name] = text;
    const struct = structOf(property.type, types);
    const summary = property.docs?.summary ?? '';
    if (struct && /^[a-z0-9_]+ block\.$/.test(summary)) {
      const nested = blockSchema(struct.fqn, types, docs, readerOf(struct.fqn, types), depth + 1, `${prefix}${name}.`);
      b[name] = [property.optional ? 0 : 1, struct.many ? 0 : 1, nested];
      continue;
    }
    let flags = property.optional ? FLAGS.optional : FLAGS.required;
    if (writeOnly.has(name) || name.endsWith('_wo')) flags |= FLAGS.writeOnly;
    a[name] = [flags, ctyOf(property.type, types, depth)];
  }
  for (const [name, getter] of computedGetters(fqn, new Set([...Object.keys(a), ...Object.keys(b)]), types, cls)) {
    if (META.has(name) && depth === 0) continue;
    a[name] = [FLAGS.computed, getterType(getter.type, types, depth)];
  }
  const schema = {};
  if (Object.keys(a).length > 0) schema.a = a;
  if (Object.keys(b).length > 0) schema.b = b;
  return schema;
}

/** A provider's resources, data sources, ephemeral resources and configuration from its `.jsii`, with their descriptions. */
export function reduce(jsii, spec) {
  const { types } = jsii;
  const out = { format: 2, provider: spec.name, source: '', version: '', package: `${spec.package}@${spec.version}`, license: '', provider_config: {}, resources: {}, data: {}, ephemeral: {} };
  const docs = { resources: {}, data: {}, ephemeral: {}, provider_config: {} };
  for (const type of Object.values(types)) {
    if (type.kind !== 'class') continue;
    const link = /\{@link https:\/\/registry\.terraform\.io\/providers\/([^/]+\/[^/]+)\/([^/]+)\/docs(?:\/(resources|data-sources|ephemeral-resources)\/[^ ]+)? ([^}]+)\}/.exec(type.docs?.summary ?? '');
    if (!link) continue;
    const [, source, version, kind, name] = link;
    const config = type.initializer?.parameters?.find((p) => p.name === 'config')?.type?.fqn;
    if (!config) continue;
    out.source ||= source;
    out.version ||= version;
    const table = !kind ? undefined : kind === 'resources' ? 'resources' : kind === 'data-sources' ? 'data' : 'ephemeral';
    const key = table === 'data' ? name.replace(/^data_/, '').replace(/^data\./, '') : name;
    const own = {};
    // The provider's configuration has no reading class: its getters are its arguments.
    const schema = blockSchema(config, types, own, table ? type : null);
    if (!table) {
      out.provider_config = schema;
      docs.provider_config = own;
    } else {
      out[table][key] = schema;
      if (Object.keys(own).length > 0) docs[table][key] = own;
    }
  }
  return { schema: out, docs: compactDocs(docs) };
}

/** Descriptions with each text once (the Kubernetes provider repeats its pod spec's in every workload). */
function compactDocs(docs) {
  const strings = [];
  const indexOf = new Map();
  const table = (entries) => Object.fromEntries(Object.entries(entries).map(([p, text]) => {
    let index = indexOf.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      indexOf.set(text, index);
    }
    return [p, index];
  }));
  const out = { strings, provider_config: table(docs.provider_config), resources: {}, data: {}, ephemeral: {} };
  for (const kind of ['resources', 'data', 'ephemeral']) for (const [type, entries] of Object.entries(docs[kind])) out[kind][type] = table(entries);
  return out;
}

/** A value with its objects' keys sorted: two generators' outputs compared by content, not by key order. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  return value;
}
const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** What a block changes of the latest's, by top-level argument and nested block: `a`/`b` its own where they differ, `x` the latest's it lacks. */
function patchOf(block, base) {
  const patch = {};
  for (const member of ['a', 'b']) {
    const mine = block[member] ?? {};
    const theirs = base[member] ?? {};
    const changed = Object.fromEntries(Object.entries(mine).filter(([name, value]) => !same(value, theirs[name])));
    if (Object.keys(changed).length > 0) patch[member] = changed;
    const gone = Object.keys(theirs).filter((name) => !(name in mine));
    if (gone.length > 0) patch.x = [...(patch.x ?? []), ...gone].sort();
  }
  return patch;
}

/**
 * Another major as what differs from the bundled latest (`over`, its file name): the types the latest lacks (whole, in
 * `resources`…), the changes of the types both have (`patched`), the latest's types this major lacks (`removed`), its
 * provider configuration when it differs. aws 6 added `region` to every type: a patch says so in a word per type.
 */
function overOf(schema, base, over) {
  const out = { format: schema.format, provider: schema.provider, source: schema.source, version: schema.version, package: schema.package, license: schema.license, over, resources: {}, data: {}, ephemeral: {}, patched: { resources: {}, data: {}, ephemeral: {} }, removed: { resources: [], data: [], ephemeral: [] } };
  if (!same(schema.provider_config, base.provider_config)) out.provider_config = schema.provider_config;
  for (const kind of ['resources', 'data', 'ephemeral']) {
    const mine = schema[kind] ?? {};
    const theirs = base[kind] ?? {};
    for (const [type, block] of Object.entries(mine)) {
      if (!(type in theirs)) out[kind][type] = block;
      else if (!same(block, theirs[type])) out.patched[kind][type] = patchOf(block, theirs[type]);
    }
    out.removed[kind] = Object.keys(theirs).filter((type) => !(type in mine)).sort();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  answerHelp(import.meta.url);
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const target = path.join(root, 'schemas', 'terraform');
  const outputs = generatedFiles(process.argv, root);
  for (const spec of PROVIDERS) {
    if (only.length > 0 && !only.includes(spec.name)) continue;
    const { jsii, license } = fetchPackage(spec);
    const { schema, docs } = reduce(jsii, spec);
    schema.license = license;
    if (Object.keys(schema.ephemeral).length === 0) delete schema.ephemeral;
    const text = JSON.stringify(spec.over ? overOf(schema, JSON.parse(readFileSync(path.join(target, `${spec.over}.json`), 'utf8')), spec.over) : schema);
    const docsText = JSON.stringify(docs);
    outputs.put(path.join(target, `${spec.name}.json`), `${text}\n`);
    // Another major's descriptions: the latest's are shown (hover), none kept twice.
    if (!spec.over) outputs.put(path.join(target, `${spec.name}.docs.json`), `${docsText}\n`);
    const kb = (s) => `${(s.length / 1024).toFixed(0)} KB (${(gzipSync(s).length / 1024).toFixed(0)} KB gzip)`;
    console.error(`${spec.name}: ${schema.source} ${schema.version}, ${Object.keys(schema.resources).length} resources, ${Object.keys(schema.data).length} data sources, ${Object.keys(schema.ephemeral ?? {}).length} ephemeral; schema ${kb(text)}, descriptions ${kb(docsText)} (${spec.package}@${spec.version}, ${license})`);
  }
  process.exitCode = outputs.finish();
}
