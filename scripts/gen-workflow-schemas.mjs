#!/usr/bin/env node
// Copies GitHub's own workflow and action-metadata template schemas (MIT, shipped in
// @actions/workflow-parser) and the descriptions of the expression contexts (MIT, shipped in
// @actions/languageservice) into schemas/workflows/, the data Archipel's workflow checks read:
//
//   node scripts/gen-workflow-schemas.mjs [--write]   -> schemas/workflows/github-workflow.json
//                                                        schemas/workflows/github-action.json
//                                                        schemas/workflows/github-contexts.json
//   (without --write: how each file would change, nothing written)
//
// These are not JSON Schemas but GitHub's "template schema": every key with its type, whether it
// is required, its description, the allowed values (event activity types, permission levels) and,
// per key, the expression contexts and functions allowed there. Archipel interprets them over its
// own YAML model (server/src/workflows/checks/structure.ts). What GitHub keeps behind feature flags that
// are off on github.com is removed here, each with its reason, so that the checks match what the
// runner accepts today.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './lib/generated.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'schemas', 'workflows');
const outputs = generatedFiles(process.argv, path.resolve(OUT_DIR, '..', '..'));
const PACKAGE = '@actions/workflow-parser';
const packageDir = path.join(ROOT, 'node_modules', ...PACKAGE.split('/'));
const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const SERVICE_PACKAGE = '@actions/languageservice';
const serviceDir = path.join(ROOT, 'node_modules', ...SERVICE_PACKAGE.split('/'));
const serviceVersion = JSON.parse(fs.readFileSync(path.join(serviceDir, 'package.json'), 'utf8')).version;

function read(name) {
  return JSON.parse(fs.readFileSync(path.join(packageDir, 'dist', name), 'utf8'));
}

/** Background, wait, wait-all, cancel and parallel steps: flag `allowBackgroundSteps`, off by default. */
function withoutBackgroundSteps(schema) {
  const defs = schema.definitions;
  for (const name of ['wait-step', 'wait-all-step', 'cancel-step', 'parallel-step', 'parallel-steps', 'step-background', 'step-wait-target', 'step-wait-all-value', 'step-cancel-target']) {
    delete defs[name];
  }
  defs['steps-item']['one-of'] = defs['steps-item']['one-of'].filter((n) => defs[n]);
  for (const def of Object.values(defs)) {
    const properties = def.mapping?.properties;
    if (properties && 'background' in properties) delete properties.background;
  }
  return schema;
}

/** `copilot-requests` permission: flag `allowCopilotRequestsPermission`, off by default. */
function withoutFlaggedPermissions(schema) {
  delete schema.definitions['permissions-mapping'].mapping.properties['copilot-requests'];
  return schema;
}

/**
 * Forms GitHub's runner accepts that the template schema rejects, each seen in real workflows
 * (server/test/fixtures/oss/workflows): `repository_dispatch` as an event name (the schema's
 * `repository-dispatch-string` constant says "branch_protection_rule", a copy slip), its `types:`
 * given as one string, an event without activity types written `{}` (`status: {}`), and
 * `workflow_dispatch: []`.
 */
function withWhatGitHubAccepts(schema) {
  const defs = schema.definitions;
  defs['repository-dispatch-string'].string.constant = 'repository_dispatch';
  defs['repository-dispatch-mapping'].mapping.properties.types = 'event-types-names';
  defs['event-types-names'] = { 'one-of': ['non-empty-string', 'sequence-of-non-empty-string'] };
  defs['empty-mapping'] = { mapping: { properties: {} } };
  defs['empty-sequence'] = { sequence: { 'item-type': 'null' } };
  for (const prop of Object.values(defs['on-mapping-strict'].mapping.properties)) {
    const name = typeof prop === 'string' ? prop : prop.type;
    const def = defs[name];
    if (def.null && Object.keys(def).every((k) => k === 'null' || k === 'description')) {
      delete def.null;
      def['one-of'] = ['null', 'empty-mapping'];
    }
  }
  defs['workflow-dispatch']['one-of'].push('empty-sequence');
  return schema;
}

function check(schema, file) {
  // Every referenced definition must exist after the removals.
  const builtins = new Set(['null', 'boolean', 'number', 'string', 'sequence', 'mapping', 'any']);
  const defs = schema.definitions;
  const refs = [];
  for (const [name, def] of Object.entries(defs)) {
    for (const ref of def['one-of'] ?? []) refs.push([name, ref]);
    if (def.sequence) refs.push([name, def.sequence['item-type']]);
    if (def.mapping) {
      for (const prop of Object.values(def.mapping.properties ?? {})) refs.push([name, typeof prop === 'string' ? prop : prop.type]);
      if (def.mapping['loose-key-type']) refs.push([name, def.mapping['loose-key-type']]);
      if (def.mapping['loose-value-type']) refs.push([name, def.mapping['loose-value-type']]);
    }
  }
  const missing = refs.filter(([, ref]) => !builtins.has(ref) && !defs[ref]);
  if (missing.length > 0) throw new Error(`${file}: dangling references ${JSON.stringify(missing)}`);
}

function write(file, id, title, schema) {
  check(schema, file);
  const out = {
    $id: `https://archipel.dev/schemas/workflows/${file}`,
    title,
    description: `GitHub's template schema from ${PACKAGE}@${version} (MIT, https://github.com/actions/languageservices), generated by scripts/gen-workflow-schemas.mjs. Do not edit.`,
    'x-archipel-source': `${PACKAGE}@${version}`,
    'x-archipel-root': id,
    version: schema.version,
    definitions: schema.definitions,
  };
  outputs.put(path.join(OUT_DIR, file), JSON.stringify(out, null, 1) + '\n');
  console.error(`schemas/workflows/${file}: ${Object.keys(schema.definitions).length} definitions`);
}

write('github-workflow.json', 'workflow-root-strict', 'GitHub Actions workflow', withWhatGitHubAccepts(withoutFlaggedPermissions(withoutBackgroundSteps(read('workflow-v1.0.min.json')))));
write('github-action.json', 'action-root-strict', 'GitHub Actions action metadata (action.yml)', read('action-v1.0.min.json'));

// Context and property descriptions (github.ref, runner.os, …) for hover and completion.
const descriptions = JSON.parse(fs.readFileSync(path.join(serviceDir, 'dist', 'context-providers', 'descriptions.min.json'), 'utf8'));
delete descriptions.$schema;
outputs.put(
  path.join(OUT_DIR, 'github-contexts.json'),
  JSON.stringify(
    {
      $id: 'https://archipel.dev/schemas/workflows/github-contexts.json',
      title: 'Descriptions of the GitHub Actions expression contexts and functions',
      description: `From ${SERVICE_PACKAGE}@${serviceVersion} (MIT, https://github.com/actions/languageservices), generated by scripts/gen-workflow-schemas.mjs. Do not edit.`,
      'x-archipel-source': `${SERVICE_PACKAGE}@${serviceVersion}`,
      contexts: descriptions,
    },
    null,
    1,
  ) + '\n',
);
process.exitCode = outputs.finish();
