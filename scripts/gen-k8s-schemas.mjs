#!/usr/bin/env node
// Generates strict JSON Schemas (draft-07) for every Kubernetes kind described by kubernetes-models,
// and for the Argo CD / Argo Workflows kinds of @kubernetes-models/argo-*, from their .d.ts files.
//
//   npm run gen:schemas -- --write         -> schemas/kubernetes/kubernetes-<major.minor>.json
//                                            schemas/kubernetes/argo.json
//                                            and each one's offsets table, <bundle>.json.offsets (lib/bundle-offsets.mjs)
//   (without --write: how each file would change, nothing written)
//
// The .d.ts files carry every field with its description, enums as string-literal unions and
// required-ness; ts-json-schema-generator turns them into JSON Schema. What the types cannot say
// is patched here, each patch with its reason: integer vs number (read back from the validators the
// same packages ship), IntOrString and Quantity, free-form values, Argo's custom (un)marshallers,
// and `null` on optional fields (the API server treats null as unset; `kubectl create --dry-run -o
// yaml` prints `creationTimestamp: null`) and on the values of maps of strings (stored as ""). Definitions are named as in the Kubernetes OpenAPI
// (io.k8s.api.apps.v1.DeploymentSpec); the run fails if any object type is left open by accident.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generatedFiles } from './lib/generated.mjs';
import { answerHelp } from './lib/help.mjs';
import { bundleOffsets } from './lib/bundle-offsets.mjs';

answerHelp(import.meta.url);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The model packages and the converter live in their own install (scripts/gen-k8s-schemas/
// package.json, `npm run gen:schemas` installs it), not in the project's: kubernetes-models 5 and
// the Argo packages declare Node >= 22, and the project supports Node 20.
const TOOL_DIR = path.join(ROOT, 'scripts', 'gen-k8s-schemas');
const NODE_MODULES = path.join(TOOL_DIR, 'node_modules');
const OUT_DIR = path.join(ROOT, 'schemas', 'kubernetes');
const outputs = generatedFiles(process.argv, ROOT);
if (!fs.existsSync(NODE_MODULES)) fail('run `npm run gen:schemas` (it installs scripts/gen-k8s-schemas/ first)');
const require = createRequire(path.join(TOOL_DIR, 'package.json'));
const ts = require('typescript');
const tsj = require('ts-json-schema-generator');

// kubernetes-models does not record the Kubernetes version in its published files (its README
// badge is stale). 5.0.0's changelog says "Update to Kubernetes v1.36.0"; the fingerprint below
// (PodSpec.schedulingGroup, new in 1.36) is checked so that a silent package bump cannot
// mislabel the output.
const KUBERNETES_VERSION_BY_MODELS = { '5.1.0': '1.36' };
const VERSION_FINGERPRINT = { file: 'kubernetes-models/v1/PodSpec.d.ts', text: '"schedulingGroup"?:' };

const DOCUMENTS = [
  { id: 'kubernetes', packages: ['kubernetes-models'] },
  { id: 'argo', packages: ['@kubernetes-models/argo-cd', '@kubernetes-models/argo-workflows'] },
];
// Packages whose types can appear in the output (for provenance and the _schemas validators).
const MODEL_PACKAGES = [
  'kubernetes-models', '@kubernetes-models/apimachinery',
  '@kubernetes-models/argo-cd', '@kubernetes-models/argo-workflows',
];
// Go module names containing a hyphen, lost in the packages' PascalCase aliases.
const HYPHENATED = ['apiextensions-apiserver', 'kube-aggregator', 'argo-cd', 'argo-workflows', 'gitops-engine'];

// https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go (the
// pattern Kubernetes itself publishes for resource.Quantity in CRD schemas).
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const APIEXT = ['v1', 'v1beta1'].map((v) => `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${v}`);
const WF = 'com.github.argoproj.argo-workflows.v4.pkg.apis.workflow.v1alpha1';

/**
 * Definitions the TypeScript types cannot describe. Each returns the replacement schema, given the
 * generated one (for its description).
 */
const OVERRIDES = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': (d) => ({ ...desc(d), type: ['integer', 'string'] }),
  'io.k8s.apimachinery.pkg.api.resource.Quantity': (d) => ({
    description: d.description ?? 'Quantity is a fixed-point representation of a number, e.g. 500m, 1.5Gi, 2.',
    type: ['string', 'number'],
    pattern: QUANTITY_PATTERN,
  }),
  // Embedded objects of any kind (ControllerRevision.data, Argo CD helm.valuesObject).
  'io.k8s.apimachinery.pkg.runtime.RawExtension': (d) => freeObject(d),
  // managedFields[].fieldsV1: a server-written trie of field names.
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': (d) => freeObject(d),
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': (d) => freeObject(d),
  ...Object.fromEntries(APIEXT.flatMap((p) => [
    // CRD default/example/enum values and Argo ApplicationSet list elements: any JSON value.
    [`${p}.JSON`, (d) => desc(d)],
    // These three are empty interfaces in the .d.ts; upstream they are unions.
    [`${p}.JSONSchemaPropsOrBool`, (d) => ({ ...desc(d), anyOf: [ref(`${p}.JSONSchemaProps`), { type: 'boolean' }] })],
    [`${p}.JSONSchemaPropsOrArray`, (d) => ({
      ...desc(d), anyOf: [ref(`${p}.JSONSchemaProps`), { type: 'array', items: ref(`${p}.JSONSchemaProps`) }],
    })],
    [`${p}.JSONSchemaPropsOrStringArray`, (d) => ({
      ...desc(d), anyOf: [ref(`${p}.JSONSchemaProps`), { type: 'array', items: { type: 'string' } }],
    })],
  ])),
  // Argo Workflows: `steps` is a list of lists on the wire (custom unmarshaller), not {steps: [...]}.
  [`${WF}.ParallelSteps`]: () => ({
    description: 'A group of steps run in parallel; `steps` is a list of these groups.',
    type: 'array',
    items: ref(`${WF}.WorkflowStep`),
  }),
  // Argo Workflows: parameter values unmarshal from int, float and bool as well as string.
  [`${WF}.AnyString`]: (d) => ({ ...desc(d), type: ['string', 'number', 'boolean'] }),
  // Argo Workflows: a plugin template is {<plugin-name>: <its own configuration>}.
  [`${WF}.Plugin`]: (d) => ({ ...freeObject(d), minProperties: 1, maxProperties: 1 }),
};
/**
 * Argo Workflows names the container of a `container:` or `script:` template "main" itself, so
 * `name` is optional there (the canonical hello-world omits it), unlike in every other Container.
 */
function patchArgoTemplateContainers(definitions) {
  const template = definitions[`${WF}.Template`];
  if (!template) return;
  const name = `${WF}.TemplateContainer`;
  const container = structuredClone(definitions['io.k8s.api.core.v1.Container']);
  container.required = container.required.filter((r) => r !== 'name');
  if (!container.required.length) delete container.required;
  container.description = 'The container of a container template: an io.k8s.api.core.v1.Container whose name ' +
    'is optional (Argo Workflows names it "main").';
  definitions[name] = container;
  definitionSources.set(name, definitionSources.get('io.k8s.api.core.v1.Container'));
  template.properties.container.$ref = ref(name).$ref;
  const script = definitions[`${WF}.ScriptTemplate`];
  script.required = script.required.filter((r) => r !== 'name');
  if (!script.required.length) delete script.required;
}

// The deliberate holes in strictness: any properties (objects) or any value (JSON).
const FREE_FORM = new Set([
  'io.k8s.apimachinery.pkg.runtime.RawExtension', 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch', ...APIEXT.map((p) => `${p}.JSON`), `${WF}.Plugin`,
]);
// Definitions that are legitimately empty structs: `{}` is their only valid value.
const EMPTY_STRUCTS = new Set([
  ...APIEXT.map((p) => `${p}.CustomResourceSubresourceStatus`),
  `${WF}.NoneStrategy`, `${WF}.ZipStrategy`, `${WF}.SuppliedValueFrom`, `${WF}.RetryNodeAntiAffinity`,
]);

function desc(d) {
  return d.description === undefined ? {} : { description: d.description };
}
function ref(name) {
  return { $ref: `#/definitions/${name}` };
}
function freeObject(d) {
  return { ...desc(d), type: 'object' };
}

// ---------------------------------------------------------------------------------------------

const started = performance.now();
const versions = Object.fromEntries(MODEL_PACKAGES.map((p) => [p, readJson(path.join(NODE_MODULES, p, 'package.json'))]));
const kubernetesVersion = KUBERNETES_VERSION_BY_MODELS[versions['kubernetes-models'].version];
if (!kubernetesVersion) {
  fail(`kubernetes-models@${versions['kubernetes-models'].version} is not in KUBERNETES_VERSION_BY_MODELS; ` +
    'find the Kubernetes version it was generated from (its CHANGELOG) and add it.');
}
if (!fs.readFileSync(path.join(NODE_MODULES, VERSION_FINGERPRINT.file), 'utf8').includes(VERSION_FINGERPRINT.text)) {
  fail(`fingerprint for Kubernetes ${kubernetesVersion} not found in ${VERSION_FINGERPRINT.file}`);
}

// 1. Kinds: interfaces that extend TypeMeta with literal apiVersion and kind.
const kindFiles = new Map(DOCUMENTS.map((d) => [d.id, d.packages.flatMap((p) => kindCandidates(path.join(NODE_MODULES, p)))]));
const program = ts.createProgram([...kindFiles.values()].flat(), {
  module: ts.ModuleKind.Node16, // the packages are ESM with "exports" maps
  moduleResolution: ts.ModuleResolutionKind.Node16,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
});

// 2. Definition names. ts-json-schema-generator names a definition after the bare TypeScript
// name (IDeploymentSpec), which collides across API versions. Every file of these packages
// exports its type under a PascalCase form of the upstream OpenAPI name
// (IIoK8sApiAppsV1DeploymentSpec); turn that back into the dotted name.
const definitionSources = new Map(); // definition name -> { file, alias }
tsj.ExposeNodeParser.prototype.getDefinitionName = function getDefinitionName(node, context) {
  if (context.getArguments().length) fail(`unexpected generic type ${node.name?.getText()}`);
  const name = canonicalName(node);
  const source = { file: node.getSourceFile().fileName, alias: name.alias };
  const previous = definitionSources.get(name.dotted);
  if (previous && previous.file !== source.file) fail(`${name.dotted} defined in ${previous.file} and ${source.file}`);
  definitionSources.set(name.dotted, source);
  return name.dotted;
};
const generator = tsj.createGenerator({
  tsProgram: program,
  skipTypeCheck: true,
  expose: 'export',
  topRef: true,
  jsDoc: 'extended',
  markdownDescription: true, // see useVerbatimDescriptions
  encodeRefs: false,
  sortProps: true,
  additionalProperties: false,
});

fs.mkdirSync(OUT_DIR, { recursive: true });
const summary = [];
for (const doc of DOCUMENTS) {
  const kinds = {};
  const nodes = [];
  for (const file of kindFiles.get(doc.id)) {
    const kind = kindOf(program.getSourceFile(file));
    if (!kind) continue;
    kinds[`${kind.apiVersion}/${kind.kind}`] = canonicalName(kind.node).dotted;
    nodes.push(kind.node);
  }
  const { definitions } = generator.createSchemaFromNodes(nodes);
  // Guards the getDefinitionName hook above: if a generator upgrade stops calling it, names change.
  for (const [key, name] of Object.entries(kinds)) if (!definitions[name]) fail(`${key}: no definition ${name}`);
  const stats = { integers: 0, numbers: 0 };
  await postProcess(definitions, new Set(Object.values(kinds)), stats);
  checkStrictness(definitions);

  const sortedKinds = sortKeys(kinds);
  // kubernetes-models merges the specs of older releases to keep removed API versions; its latest
  // spec has GA versions only, so every alpha/beta kind in it is one that 1.36 no longer serves.
  const legacy = doc.id === 'kubernetes' ? Object.keys(sortedKinds).filter((k) => /\/v\d+(alpha|beta)\d+\/[^/]+$/.test(k)) : [];
  const id = doc.id === 'kubernetes' ? `kubernetes-${kubernetesVersion}` : doc.id;
  const provenance = [...new Set(doc.packages.concat(usedPackages(definitions)))]
    .map((p) => `${p}@${versions[p].version} (${versions[p].license})`).join(', ');
  const output = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:archipel:schema:${id}`,
    title: doc.id === 'kubernetes' ? `Kubernetes ${kubernetesVersion} built-in kinds (strict)` : 'Argo CD and Argo Workflows kinds (strict)',
    description:
      `Generated by scripts/gen-k8s-schemas.mjs from the TypeScript declarations of ${provenance}, ` +
      `converted with ts-json-schema-generator@${readJson(path.join(NODE_MODULES, 'ts-json-schema-generator', 'package.json')).version} (MIT). ` +
      `Kubernetes ${kubernetesVersion}. Do not edit by hand. Compile a kind with ` +
      "ajv.getSchema('<$id>#/definitions/' + x-archipel-kinds['<apiVersion>/<kind>']). Unknown fields are " +
      'errors except in free-form values (RawExtension, FieldsV1, JSON, Argo plugin templates, and schemas without a type). ' +
      'Optional fields accept null.' +
      (legacy.length ? ' x-archipel-legacy-kinds lists kinds from older Kubernetes releases that kubernetes-models keeps; ' +
        `their API versions are not served by Kubernetes ${kubernetesVersion}.` : ''),
    'x-archipel-kubernetes-version': kubernetesVersion,
    'x-archipel-kinds': sortedKinds,
    ...(legacy.length ? { 'x-archipel-legacy-kinds': legacy } : {}),
    definitions: sortKeys(definitions),
  };
  const text = `${JSON.stringify(output, null, 2)}\n`;
  outputs.put(path.join(OUT_DIR, `${id}.json`), text);
  // Where each definition lies in the bundle: the server reads a message's definitions alone (schema/lazyBundle.ts).
  outputs.put(path.join(OUT_DIR, `${id}.json.offsets`), bundleOffsets(Buffer.from(text)));
  summary.push(`${id}.json ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ` +
    `${Buffer.byteLength(text)} bytes (${stats.integers}/${stats.numbers} numeric fields integer)`);
}
console.error(`gen-k8s-schemas: Kubernetes ${kubernetesVersion} (kubernetes-models@${versions['kubernetes-models'].version}) -> ` +
  `schemas/kubernetes/ ${summary.join('; ')}; ${((performance.now() - started) / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------------------------------------

function kindCandidates(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === '_schemas' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...kindCandidates(full));
    else if (entry.name.endsWith('.d.ts') && fs.readFileSync(full, 'utf8').includes('extends TypeMeta')) out.push(full);
  }
  return out;
}

function kindOf(sourceFile) {
  for (const statement of sourceFile.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const extendsTypeMeta = statement.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText(sourceFile) === 'TypeMeta'));
    if (!extendsTypeMeta) continue;
    const literal = (name) => {
      const member = statement.members.find((m) => ts.isPropertySignature(m) && m.name.getText(sourceFile).replace(/"/g, '') === name);
      const type = member?.type;
      return type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) && !member.questionToken ? type.literal.text : undefined;
    };
    const apiVersion = literal('apiVersion');
    const kind = literal('kind');
    if (apiVersion && kind) return { apiVersion, kind, node: statement };
  }
  return undefined;
}

function canonicalName(node) {
  const sourceFile = node.getSourceFile();
  const local = node.name.text;
  // The base of every kind (@kubernetes-models/base); its fields are merged into each kind.
  if (local === 'TypeMeta' && sourceFile.fileName.includes('/@kubernetes-models/base/')) {
    return { dotted: 'io.k8s.apimachinery.pkg.apis.meta.v1.TypeMeta', alias: undefined };
  }
  let alias;
  for (const statement of sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause) continue;
    for (const element of statement.exportClause.elements) {
      if ((element.propertyName ?? element.name).text === local) alias = element.name.text;
    }
  }
  const typeName = local.slice(1);
  if (!alias || !local.startsWith('I') || !alias.startsWith('I') || !alias.endsWith(typeName)) {
    fail(`cannot name ${local} in ${sourceFile.fileName}: no I<OpenAPI name> alias export`);
  }
  const pascalPackage = alias.slice(1, alias.length - typeName.length);
  const words = pascalPackage.match(/[A-Z][a-z0-9]*/g) ?? [];
  if (words.join('') !== pascalPackage) fail(`cannot split package of ${alias}`);
  let dotted = words.join('.').toLowerCase();
  for (const h of HYPHENATED) dotted = dotted.replace(new RegExp(`(^|\\.)${h.replace('-', '\\.')}(?=\\.|$)`), `$1${h}`);
  return { dotted: `${dotted}.${typeName}`, alias: alias.slice(1) };
}

async function postProcess(definitions, kindNames, stats) {
  Object.values(definitions).forEach(useVerbatimDescriptions);
  for (const [name, override] of Object.entries(OVERRIDES)) {
    if (definitions[name]) definitions[name] = override(definitions[name]);
  }
  patchArgoTemplateContainers(definitions);
  for (const [name, def] of Object.entries(definitions)) {
    // The generator's `deprecated: true` (from @deprecated) is a 2019-09 annotation; it is kept
    // because editors render it and ajv's draft-07 vocabulary accepts it.
    await markIntegers(name, def, stats);
    if (kindNames.has(name)) {
      // `type` next to `const` would only double the error for a wrong apiVersion/kind.
      for (const key of ['apiVersion', 'kind']) {
        const { description, const: value } = def.properties[key];
        def.properties[key] = { description, const: value };
      }
    } else {
      allowNull(def); // referenced from optional fields, so null is a valid value
    }
    visitObjects(def, (object) => {
      const required = new Set(object.required ?? []);
      for (const [key, prop] of Object.entries(object.properties ?? {})) if (!required.has(key)) allowNull(prop);
    });
    allowNullStringValues(def);
  }
}

/**
 * A map of strings (labels, annotations, a ConfigMap's data, a nodeSelector) takes null values: Go's
 * decoder stores the string's zero value for a null map element, so the API server (and `kubectl
 * create`/`replace`/`apply --server-side`) keeps `app: null` as `app: ""` (kubernetes/kubernetes#129176,
 * and #129257 making client-side apply coerce them the same way). A chart's label that renders empty
 * is that.
 */
function allowNullStringValues(schema) {
  const values = schema.additionalProperties;
  if (values && typeof values === 'object' && values.type === 'string') allowNull(values);
  forEachSubschema(schema, allowNullStringValues);
}

/**
 * The generator's `description` joins single line breaks, which flattens the upstream
 * "Possible enum values:\n - ..." lists; its `markdownDescription` is the comment verbatim
 * (the upstream text), so that becomes the one description.
 */
function useVerbatimDescriptions(schema) {
  if (typeof schema.markdownDescription === 'string') {
    schema.description = schema.markdownDescription;
    delete schema.markdownDescription;
  }
  forEachSubschema(schema, useVerbatimDescriptions);
}

/** Adds null to the accepted values of a schema (no-op for $ref/anyOf: their target decides). */
function allowNull(schema) {
  if (schema.type === undefined) return;
  const types = [schema.type].flat();
  if (!types.includes('null')) schema.type = [...types, 'null'];
  if (schema.enum && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
}

/**
 * The .d.ts files say `number` for int32/int64 and float fields alike. The packages also ship
 * precompiled validators (`_schemas/<Name>.js`) that know which is which: feed each numeric
 * field 0.5 and see whether the validator reports `type: integer` at that path.
 */
async function markIntegers(name, def, stats) {
  const leaves = [];
  collectNumberLeaves(def, [], leaves);
  if (!leaves.length) return;
  const validate = await loadValidator(name);
  for (const { schema, segments } of leaves) {
    stats.numbers++;
    if (!validate) continue;
    const instance = segments.reduceRight((value, s) => (s.type === 'item' ? [value] : { [s.key]: value }), 0.5);
    validate(instance);
    const pointer = segments.map((s) => (s.type === 'item' ? '/0' : `/${s.key}`)).join('');
    const isInteger = (validate.errors ?? []).some((e) => e.instancePath === pointer && e.keyword === 'type' && e.params.type === 'integer');
    if (isInteger) {
      schema.type = [schema.type].flat().map((t) => (t === 'number' ? 'integer' : t));
      if (schema.type.length === 1) schema.type = schema.type[0];
      stats.integers++;
    }
  }
}

function collectNumberLeaves(schema, segments, out) {
  if ([schema.type].flat().includes('number')) out.push({ schema, segments });
  for (const [key, prop] of Object.entries(schema.properties ?? {})) collectNumberLeaves(prop, [...segments, { type: 'prop', key }], out);
  if (schema.items && !Array.isArray(schema.items)) collectNumberLeaves(schema.items, [...segments, { type: 'item' }], out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    collectNumberLeaves(schema.additionalProperties, [...segments, { type: 'prop', key: 'k' }], out);
  }
}

async function loadValidator(name) {
  const { file, alias } = definitionSources.get(name);
  if (!alias) return undefined;
  const pkg = MODEL_PACKAGES.find((p) => file.startsWith(path.join(NODE_MODULES, p) + path.sep));
  const validator = path.join(NODE_MODULES, pkg, '_schemas', `${alias}.js`);
  if (!fs.existsSync(validator)) return undefined;
  return (await import(pathToFileURL(validator).href)).validate;
}

function visitObjects(schema, visit) {
  if (schema.properties) visit(schema);
  forEachSubschema(schema, (sub) => visitObjects(sub, visit));
}

/** Calls `fn` on the direct subschemas of `schema` (the keywords the generator emits). */
function forEachSubschema(schema, fn) {
  for (const sub of Object.values(schema.properties ?? {})) fn(sub);
  if (schema.items && typeof schema.items === 'object') fn(schema.items);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') fn(schema.additionalProperties);
  for (const sub of schema.anyOf ?? []) fn(sub);
}

/** Fails the build on any object schema that would silently accept unknown fields. */
function checkStrictness(definitions) {
  const problems = [];
  const check = (schema, where) => {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
    if (Object.keys(schema).length === 0) problems.push(`${where}: empty schema`);
    if ([schema.type].flat().includes('object') && !FREE_FORM.has(where)) {
      if (schema.additionalProperties === undefined) problems.push(`${where}: no additionalProperties`);
      const isEmpty = !schema.properties || Object.keys(schema.properties).length === 0;
      if (isEmpty && schema.additionalProperties === false && !EMPTY_STRUCTS.has(where)) problems.push(`${where}: empty strict object`);
    }
    for (const [key, value] of Object.entries(schema.properties ?? {})) check(value, `${where}.${key}`);
    if (schema.items) check(schema.items, `${where}[]`);
    if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, `${where}{}`);
    for (const branch of schema.anyOf ?? []) check(branch, `${where}|`);
  };
  for (const [name, def] of Object.entries(definitions)) check(def, name);
  if (problems.length) fail(`not strict:\n  ${problems.join('\n  ')}`);
}

function usedPackages(definitions) {
  return Object.keys(definitions).map((name) => {
    const { file } = definitionSources.get(name);
    return MODEL_PACKAGES.find((p) => file.startsWith(path.join(NODE_MODULES, p) + path.sep));
  }).filter(Boolean);
}

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function fail(message) {
  console.error(`gen-k8s-schemas: ${message}`);
  process.exit(1);
}
process.exitCode = outputs.finish();
