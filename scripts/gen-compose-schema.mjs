#!/usr/bin/env node
// Regenerates schemas/compose/compose-spec.json from compose-go's copy of the compose-spec schema
// (the one `docker compose` validates with): `node scripts/gen-compose-schema.mjs <compose-go checkout> [commit] [--write]`
// (without --write: how the files would change, nothing written).
// The schema is draft 2020-12 with `$defs`; Archipel's engine (ajv, draft-07) reads the same
// keywords (the schema uses none that differ between the drafts), so the only rewrite is `$defs` →
// `definitions` and the root moved to `definitions.Compose`, dispatched by the kind key `compose`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './lib/generated.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [checkout, commit = 'unknown'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!checkout) {
  console.error('usage: node scripts/gen-compose-schema.mjs <compose-go checkout> [commit] [--write]');
  process.exit(2);
}
const source = JSON.parse(readFileSync(path.join(checkout, 'schema', 'compose-spec.json'), 'utf8'));

const unsupported = ['prefixItems', 'unevaluatedProperties', 'unevaluatedItems', '$dynamicRef', 'dependentSchemas', 'format'];
function rewrite(node, keyIsName = false) {
  if (Array.isArray(node)) return node.map((item) => rewrite(item));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keyIsName && unsupported.includes(key)) throw new Error(`keyword ${key} is not read by Archipel's engine: update this script`);
    if (!keyIsName && key === '$ref') {
      if (!String(value).startsWith('#/$defs/')) throw new Error(`unexpected $ref ${value}`);
      out.$ref = `#/definitions/${String(value).slice('#/$defs/'.length)}`;
      continue;
    }
    const names = !keyIsName && (key === 'properties' || key === 'patternProperties');
    out[key] = rewrite(value, names);
  }
  return out;
}

const { $defs, $schema: _schema, $id: _id, title, description, ...rootSchema } = source;
const bundle = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:archipel:schema:compose',
  title,
  description,
  'x-archipel-source': `compose-spec/compose-go@${commit} schema/compose-spec.json (Apache-2.0)`,
  'x-archipel-kinds': { compose: 'Compose' },
  definitions: { Compose: rewrite(rootSchema), ...rewrite($defs, true) },
};
const out = generatedFiles(process.argv, root);
out.put(path.join(root, 'schemas', 'compose', 'compose-spec.json'), JSON.stringify(bundle, null, 2) + '\n');
out.put(path.join(root, 'schemas', 'compose', 'LICENSE'), readFileSync(path.join(checkout, 'LICENSE'), 'utf8'));
console.error(`schemas/compose/compose-spec.json: ${Object.keys(bundle.definitions).length} definitions`);
process.exitCode = out.finish();
