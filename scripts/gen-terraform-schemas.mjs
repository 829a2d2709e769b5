// `node scripts/gen-terraform-schemas.mjs [PROVIDER...] [--write]`: the Terraform provider schemas Archipel ships
// (schemas/terraform/<provider>.json; without --write, how each would change, nothing written), reduced from the prebuilt CDK provider packages' type
// information (`.jsii`), which describes every resource and data source of a provider version with
// its arguments, which are required, and its nested blocks.
//
// The packages are fetched with `npm pack` into a temporary folder (ARCHIPEL_TF_PACKS to keep them
// elsewhere) and only their `.jsii` is read; nothing of them is committed. Each output keeps the
// provider's source and version (from the registry links the package documents), the package it
// was read from and the package's licence.
//
// Output: { provider, source, version, package, license, provider_config: S, resources: { type: S },
// data: { type: S } } where a block schema S is { a: { name: 1 (required) | 0 }, b: { name: [required
// 0|1, S or null (not described: too deep)] } }: arguments and nested blocks (a CDK struct is a nested block or an object argument:
// both are accepted where S says b).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './lib/generated.mjs';
import { answerHelp } from './lib/help.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The providers shipped: npm package and version of its prebuilt CDK bindings. */
export const PROVIDERS = [
  { name: 'aws', package: '@cdktn/provider-aws', version: '25.7.0' },
  { name: 'google', package: '@cdktf/provider-google', version: '16.12.1' },
  { name: 'kubernetes', package: '@cdktf/provider-kubernetes', version: '12.1.1' },
  { name: 'helm', package: '@cdktf/provider-helm', version: '12.1.2' },
  { name: 'random', package: '@cdktf/provider-random', version: '12.0.1' },
  { name: 'null', package: '@cdktf/provider-null', version: '11.0.1' },
];

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

/** The Terraform name a property documents (`Docs at Terraform Registry: {@link …#ami Instance#ami}`). */
function terraformName(property) {
  const match = /#([a-z0-9_]+) [A-Za-z0-9]+#[a-z0-9_]+\}/.exec(property.docs?.remarks ?? '') ?? /#([a-z0-9_]+) [A-Za-z0-9]+#[a-z0-9_]+\}/.exec(property.docs?.summary ?? '');
  if (match) return match[1];
  return property.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The struct (nested block) a property's type names, directly or as a list/set/map's element. */
function structOf(type, types) {
  const candidates = [type, type?.collection?.elementtype, ...(type?.union?.types ?? []), ...(type?.union?.types ?? []).map((t) => t?.collection?.elementtype)];
  for (const candidate of candidates) {
    const fqn = candidate?.fqn;
    if (fqn && types[fqn]?.kind === 'interface' && types[fqn].datatype) return fqn;
  }
  return undefined;
}

const META = new Set(['connection', 'count', 'depends_on', 'for_each', 'lifecycle', 'provider', 'provisioners', 'for_each']);

/** Nested blocks deeper than this are not described (null: not checked inside); WAF's recursive rules would take megabytes. */
const MAX_DEPTH = 6;

/** A config struct as a block schema (nested structs recursively, bounded). */
function blockSchema(fqn, types, depth = 0) {
  if (depth > MAX_DEPTH) return null;
  const schema = { a: {}, b: {} };
  const type = types[fqn];
  if (!type) return schema;
  const properties = [...(type.properties ?? [])];
  for (const parent of type.interfaces ?? []) if (types[parent]?.properties && !parent.startsWith('cdktf.')) properties.push(...types[parent].properties);
  for (const property of properties) {
    const name = terraformName(property);
    if (META.has(name) && depth === 0) continue;
    const required = property.optional ? 0 : 1;
    const nested = structOf(property.type, types);
    if (nested) schema.b[name] = [required, blockSchema(nested, types, depth + 1)];
    else schema.a[name] = required;
  }
  return schema;
}

/** A provider's resources, data sources and configuration from its `.jsii`. */
export function reduce(jsii, spec) {
  const { types } = jsii;
  const out = { provider: spec.name, source: '', version: '', package: `${spec.package}@${spec.version}`, license: '', provider_config: { a: {}, b: {} }, resources: {}, data: {} };
  for (const [fqn, type] of Object.entries(types)) {
    if (type.kind !== 'class') continue;
    const link = /\{@link https:\/\/registry\.terraform\.io\/providers\/([^/]+\/[^/]+)\/([^/]+)\/docs(?:\/(resources|data-sources)\/[^ ]+)? ([^}]+)\}/.exec(type.docs?.summary ?? '');
    if (!link) continue;
    const [, source, version, kind, name] = link;
    const config = type.initializer?.parameters?.find((p) => p.name === 'config')?.type?.fqn;
    if (!config) continue;
    out.source ||= source;
    out.version ||= version;
    if (!kind) out.provider_config = blockSchema(config, types);
    else if (kind === 'resources') out.resources[name] = blockSchema(config, types);
    else out.data[name.replace(/^data_/, '').replace(/^data\./, '')] = blockSchema(config, types);
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
    const schema = reduce(jsii, spec);
    schema.license = license;
    const text = JSON.stringify(schema);
    outputs.put(path.join(target, `${spec.name}.json`), `${text}\n`);
    console.error(`${spec.name}: ${schema.source} ${schema.version}, ${Object.keys(schema.resources).length} resources, ${Object.keys(schema.data).length} data sources, ${(text.length / 1024).toFixed(0)} KB (${spec.package}@${spec.version}, ${license})`);
  }
  process.exitCode = outputs.finish();
}
