// Precompiles JSON schemas into ajv "standalone" CommonJS modules: compiling validators at run
// time costs 300+ ms on the first Kubernetes diagnostics, and ~35 ms of every `archipel blur`
// start for archipel.yaml; loading them precompiled costs a fraction of that.
// - dist/server/k8s-validators/: the Kubernetes and Argo bundles in eight modules: every kind whose
//   pods are described by PodSpec (Pod, Deployment, Job, CronJob…) in `workloads`, so the big pod
//   validators exist once; `core`; `argoproj.io`; the API groups an application declares
//   (`application`: apps, autoscaling, networking, policy, rbac, storage, discovery, scheduling); the
//   cluster's own (`cluster`); and, for the first and the last two, the versions an API serves no
//   more (an alpha or beta, the `extensions` group) apart in `<module>-legacy`: a workspace loads
//   the modules of its kinds only (the bench's 500 documents of today's kinds: 1.18 of 1.65 MB
//   before the split, #68). `index.json` maps each kind key to its module. Descriptions are dropped
//   (they matter to hover, which reads the JSON bundles, not to validation).
// - dist/server/archipel-validators.js: schemas/archipel.json (archipel.yaml's sections).
// - dist/server/ansible-validators.js: schemas/ansible/playbook.schema.json (playbooks, task and
//   handler files): compiled at run time, it was 165 ms of CPU of the first Ansible diagnostics.
// - dist/server/compose-validators.js: schemas/compose/compose-spec.json: compiled at run time, it
//   was ~100 ms of CPU of every `archipel check` of a Compose file (a pre-commit hook's whole run).
// - dist/server/pipeline-validators.js: schemas/pipeline/dvc.schema.json (dvc.yaml): ~30 ms of every
//   check of a pipeline file. (The governance schemas keep the run-time compile: AMDEC's dates are
//   checked by ajv-formats, which these modules are built without.)
// Run by esbuild.mjs; each output is skipped when it is newer than its schemas.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.join(root, 'schemas', 'kubernetes');
/** The bundles compiled whole into one module each (schema → module of dist/server), descriptions kept: they are a few lines, and validation ignores them. */
const singleSchemas = [
  [path.join(root, 'schemas', 'archipel.json'), 'archipel-validators.js'],
  [path.join(root, 'schemas', 'ansible', 'playbook.schema.json'), 'ansible-validators.js'],
  [path.join(root, 'schemas', 'compose', 'compose-spec.json'), 'compose-validators.js'],
  [path.join(root, 'schemas', 'pipeline', 'dvc.schema.json'), 'pipeline-validators.js'],
];
/** The single-bundle modules' names in dist/server (scripts/package.mjs bundles each with its ajv helpers). */
export const singleValidatorModules = singleSchemas.map(([, name]) => name);

/** Where the validators go in a build folder (dist, or the packaging's own: esbuild.mjs --outdir). */
function outputsIn(dist) {
  const validatorsDir = path.join(dist, 'server', 'k8s-validators');
  return { dist, validatorsDir, indexFile: path.join(validatorsDir, 'index.json'), singleBundles: singleSchemas.map(([schema, name]) => ({ schema, file: path.join(dist, 'server', name) })) };
}
/** Kinds reaching this definition share the `workloads` module. */
const podSpec = 'io.k8s.api.core.v1.PodSpec';

/** Drops description keywords; `properties` and `definitions` keys are names, never keywords. */
function strip(value, namesOnly = false) {
  if (Array.isArray(value)) return value.map((v) => strip(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => namesOnly || (k !== 'description' && k !== 'markdownDescription'))
        .map(([k, v]) => [k, strip(v, !namesOnly && (k === 'properties' || k === 'patternProperties' || k === 'definitions'))]),
    );
  }
  return value;
}

/** The definitions a definition reaches through $ref, itself included. */
function reachable(definitions, name, seen = new Set()) {
  if (seen.has(name) || !definitions[name]) return seen;
  seen.add(name);
  const walk = (value) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string' && child.includes('#/definitions/')) {
          reachable(definitions, child.slice(child.indexOf('#/definitions/') + 14).replace(/~1/g, '/').replace(/~0/g, '~'), seen);
        } else {
          walk(child);
        }
      }
    }
  };
  walk(definitions[name]);
  return seen;
}

/** The module of a kind: `workloads`, or its API group (`core` for the legacy group). */
function groupOf(key, definitions, definition) {
  // The versions an API serves no more (an alpha or beta, the `extensions` group) apart: a file of today's manifests loads none of their code.
  const legacy = isLegacy(key) ? '-legacy' : '';
  if (reachable(definitions, definition).has(podSpec)) return `workloads${legacy}`;
  const group = key.split('/').slice(0, -2).join('/') || 'core';
  if (group === 'core' || group === 'argoproj.io') return group;
  // The other API groups in two modules, not one each (#69: 23 modules made the VSIX's JavaScript
  // files pass vsce's 100): those an application's repository declares, and the cluster's own.
  return `${APPLICATION_GROUPS.has(group) ? 'application' : 'cluster'}${legacy}`;
}

/** A kind key (`group/version/Kind`, `version/Kind` for the core group) of a version in alpha or beta, or of the `extensions` group. */
function isLegacy(key) {
  const parts = key.split('/');
  const version = parts[parts.length - 2] ?? '';
  return /^v\d+(alpha|beta)\d*$/.test(version) || parts[0] === 'extensions';
}

/** API groups an application's manifests use (HPA, Ingress, NetworkPolicy, PDB, Roles, storage, priorities): one module, loaded together. */
const APPLICATION_GROUPS = new Set(['apps', 'autoscaling', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'discovery.k8s.io', 'scheduling.k8s.io']);

/** A compiler with the same options as the run-time engine (server/src/schema/engine.ts), minus verbose. */
function compiler(bundles) {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, logger: false, inlineRefs: false, code: { source: true } });
  for (const bundle of bundles) ajv.addSchema(bundle);
  return ajv;
}

/** The name of the one function that records an error, in a module `compactErrors` rewrote. */
const ERROR_HELPER = '__archipelError';
/** An error ajv records with allErrors: its object (of the five fields, in ajv's order) made, then added to the list, then counted. */
const RECORDED_ERROR = /const (err\d+) = \{instancePath(?::([^,{}]+))?,schemaPath:("[^"\\]*"),keyword:("[^"\\]*"),params:(\{[^{}]*\}),message:((?:"[^"\\]*"\+)*"[^"\\]*")\};if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g;

/**
 * ajv's standalone code with each recorded error (the object literal and the push written out, some 120 bytes
 * each, 1,300 of them in the Kubernetes workloads module) made by one helper call instead: the same object, the
 * same fields in the same order, added to the same list. The module a Kubernetes check reads and compiles is
 * ~20 % smaller (#68). An error of another shape (a `propertyName`, a path or message the pattern does not take
 * whole) is left as written.
 */
export function compactErrors(code) {
  if (code.includes(ERROR_HELPER)) throw new Error(`ajv's code already holds ${ERROR_HELPER}`);
  const compact = code.replace(RECORDED_ERROR, (_, _err, path, schemaPath, keyword, params, message) => `vErrors = ${ERROR_HELPER}(vErrors,${path ?? 'instancePath'},${schemaPath},${keyword},${params},${message});errors++;`);
  if (compact === code) return code;
  const helper = `function ${ERROR_HELPER}(errors,instancePath,schemaPath,keyword,params,message){const error = {instancePath,schemaPath,keyword,params,message};if(errors === null)return [error];errors.push(error);return errors;}`;
  const strict = '"use strict";';
  if (!compact.startsWith(strict)) throw new Error('ajv\'s standalone code no longer starts with "use strict"');
  return `${strict}${helper}${compact.slice(strict.length)}`;
}

/** A minified standalone module exporting the given validators (kind key → schema reference); `compact`: errors made by one helper (compactErrors). */
function writeStandalone(ajv, exported, file, from, compact = false) {
  const code = compact ? compactErrors(standaloneCode(ajv, exported)) : standaloneCode(ajv, exported);
  const { code: minified } = esbuild.transformSync(code, { minify: true, format: 'cjs', target: 'node20', legalComments: 'none' });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `// Generated by scripts/gen-validators.mjs from ${from}. Do not edit.\n${minified}`);
}

/** Every `x-archipel-kinds` key of the bundles → its schema reference. */
function kindsOf(bundles) {
  const kinds = {};
  for (const bundle of bundles) for (const [key, definition] of Object.entries(bundle['x-archipel-kinds'] ?? {})) kinds[key] = { bundle, definition, ref: `${bundle.$id}#/definitions/${definition}` };
  return kinds;
}

function stale(file, sources) {
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  return !existsSync(file) || statSync(file).mtimeMs <= newest;
}

function writeKubernetes(files, { dist, validatorsDir, indexFile }) {
  const bundles = files.map((f) => strip(JSON.parse(readFileSync(f, 'utf8'))));
  const ajv = compiler(bundles);
  const groups = new Map();
  for (const [key, { bundle, definition, ref }] of Object.entries(kindsOf(bundles))) {
    const group = groupOf(key, bundle.definitions, definition);
    if (!groups.has(group)) groups.set(group, {});
    groups.get(group)[key] = ref;
  }
  rmSync(validatorsDir, { recursive: true, force: true });
  const kinds = {};
  for (const [group, exported] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const module = `${group.replace(/[^A-Za-z0-9.-]/g, '_')}.js`;
    writeStandalone(ajv, exported, path.join(validatorsDir, module), 'schemas/kubernetes/*.json', true);
    for (const key of Object.keys(exported)) kinds[key] = module;
  }
  // Written last: its date says the modules are complete.
  writeFileSync(indexFile, `${JSON.stringify({ kinds }, null, 1)}\n`);
  // The single module of earlier builds.
  rmSync(path.join(dist, 'server', 'k8s-validators.js'), { force: true });
}

/** Writes the outputs whose schemas changed (all with `force`); true when any was written. */
export function generateValidators({ force = false, dist = path.join(root, 'dist') } = {}) {
  const outputs = outputsIn(path.resolve(root, dist));
  const { indexFile, singleBundles } = outputs;
  const files = readdirSync(schemaDir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(schemaDir, f));
  let wrote = false;
  if (force || stale(indexFile, files)) {
    writeKubernetes(files, outputs);
    wrote = true;
  }
  for (const { schema, file } of singleBundles) {
    if (!force && !stale(file, [schema])) continue;
    const bundle = JSON.parse(readFileSync(schema, 'utf8'));
    writeStandalone(compiler([bundle]), Object.fromEntries(Object.entries(kindsOf([bundle])).map(([key, { ref }]) => [key, ref])), file, path.relative(root, schema).split(path.sep).join('/'));
    wrote = true;
  }
  return wrote;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  generateValidators({ force: true });
  const { validatorsDir, singleBundles } = outputsIn(path.join(root, 'dist'));
  const modules = readdirSync(validatorsDir).filter((f) => f.endsWith('.js'));
  const size = modules.reduce((sum, f) => sum + statSync(path.join(validatorsDir, f)).size, 0);
  console.log(`wrote ${modules.length} modules in ${path.relative(root, validatorsDir)} (${Math.round(size / 1024)} KB)`);
  for (const { file } of singleBundles) console.log(`wrote ${path.relative(root, file)} (${Math.round(statSync(file).size / 1024)} KB)`);
  console.log(`in ${Date.now() - started} ms`);
}
