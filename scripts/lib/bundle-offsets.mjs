// The offsets table of a generated schema bundle (scripts/gen-k8s-schemas.mjs writes it beside each bundle,
// `<bundle>.offsets`): where each definition's value lies in the bundle's bytes, so that the server reads the few
// definitions a message, a completion or a hover needs without reading and scanning the whole 1.8 MB file
// (server/src/schema/lazyBundle.ts reads it, and checks each span it reads against the bundle).
//
//   node scripts/lib/bundle-offsets.mjs [--write]   the tables of schemas/kubernetes/*.json, from the bundles as they are
//
// Format: JSON, `{"archipel-offsets": 1, "size": <the bundle's bytes>, "spans": {"<name>": [<start>, <end>], …}}`, the
// definitions in the bundle's order (`start`: the value's `{`, `end`: after its `}`); one JSON.parse reads it (a table of
// lines parsed in JavaScript cost more than the scan it saves).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The table of a bundle written as the generators write it (`JSON.stringify(bundle, null, 2)`). @param {Buffer} data */
export function bundleOffsets(data) {
  const { definitions } = JSON.parse(data.toString('utf8'));
  const spans = {};
  let at = data.indexOf('\n  "definitions": {');
  if (at === -1) throw new Error('bundle-offsets: no "definitions" at two spaces');
  for (const [name, value] of Object.entries(definitions)) {
    const key = Buffer.from(`\n    ${JSON.stringify(name)}: `);
    const found = data.indexOf(key, at);
    if (found === -1) throw new Error(`bundle-offsets: ${name} not found in the generators' layout`);
    const start = found + key.length;
    const end = start + Buffer.byteLength(JSON.stringify(value, null, 2).replace(/\n/g, '\n    '));
    if (data[start] !== 0x7b || data[end - 1] !== 0x7d) throw new Error(`bundle-offsets: ${name}'s value is not where its text says`);
    spans[name] = [start, end];
    at = end;
  }
  return `${JSON.stringify({ 'archipel-offsets': 1, size: data.length, spans })}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'kubernetes');
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    const table = bundleOffsets(readFileSync(path.join(folder, file)));
    const target = path.join(folder, `${file}.offsets`);
    let old = '';
    try {
      old = readFileSync(target, 'utf8');
    } catch {
      // not written yet
    }
    if (process.argv.includes('--write')) writeFileSync(target, table);
    console.log(`${path.relative(process.cwd(), target)}: ${Object.keys(JSON.parse(table).spans).length} definitions, ${old === table ? 'unchanged' : process.argv.includes('--write') ? 'written' : 'would change'}`);
  }
}
