// The schema bundles' offsets tables (scripts/lib/bundle-offsets.mjs, written by scripts/gen-k8s-schemas.mjs beside
// each bundle): a definition is read alone where the table says (schema/lazyBundle.ts), with the same value as the
// whole bundle's; a table that is stale or wrong changes the cost, never the value (#84, perf84u).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SchemaBundle } from '../../../src/schema/engine';
import { openSchemaBundle, type BundleFile } from '../../../src/schema/lazyBundle';
import { repoRoot } from '../../helpers';

const folder = path.join(repoRoot, 'schemas', 'kubernetes');

/** A bundle file over `data` and `table` that counts its whole reads and the bytes of its partial reads. */
function countedFile(data: Buffer, table: string | undefined): BundleFile & { parts: number; wholes: number } {
  const file = {
    size: data.length,
    parts: 0,
    wholes: 0,
    read: (position: number, length: number) => {
      file.parts += Math.min(length, data.length - position);
      return data.subarray(position, position + length);
    },
    whole: () => {
      file.wholes++;
      return data;
    },
    offsets: () => table,
  };
  return file;
}

describe('schema bundles\' offsets tables', function () {
  this.timeout(60_000);

  it('are the tables of the bundles as they are (node scripts/lib/bundle-offsets.mjs finds nothing to change)', () => {
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'lib', 'bundle-offsets.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(out, 'schemas/kubernetes/argo.json.offsets: 423 definitions, unchanged\nschemas/kubernetes/kubernetes-1.36.json.offsets: 932 definitions, unchanged\n');
  });

  for (const name of ['kubernetes-1.36.json', 'argo.json']) {
    it(`${name}: every definition read alone by its span, the same as JSON.parse of the whole; the whole never read`, () => {
      const data = readFileSync(path.join(folder, name));
      const file = countedFile(data, readFileSync(path.join(folder, `${name}.offsets`), 'utf8'));
      const definitions = openSchemaBundle(file).definitions;
      const eager = (JSON.parse(data.toString('utf8')) as SchemaBundle).definitions;
      const first = Object.keys(eager)[0];
      assert.ok(first in definitions);
      assert.equal(file.parts < 40_000, true, `the head only before a definition is read: ${file.parts} bytes`);
      assert.deepEqual(definitions[first], eager[first]);
      assert.equal(definitions[first], definitions[first], 'parsed once: the same object on every access');
      assert.deepEqual(Object.keys(definitions), Object.keys(eager), 'same names, same order');
      assert.equal(definitions['no.such.Definition'], undefined);
      assert.equal('no.such.Definition' in definitions, false);
      // Compared as text: deepEqual over 1.8 MB of schemas takes seconds.
      assert.ok(JSON.stringify(definitions) === JSON.stringify(eager), 'every definition reads to the same value');
      assert.equal(file.wholes, 0, 'the whole file never read');
    });
  }

  it('a table of another file (its size), or not JSON: not used, the bundle scanned as before', () => {
    const data = readFileSync(path.join(folder, 'argo.json'));
    const table = readFileSync(path.join(folder, 'argo.json.offsets'), 'utf8');
    const first = Object.keys((JSON.parse(table) as { spans: object }).spans)[0];
    for (const wrong of [table.replace(`"size":${data.length}`, `"size":${data.length + 1}`), table.slice(0, 100), '{"archipel-offsets":2}']) {
      const file = countedFile(data, wrong);
      const definitions = openSchemaBundle(file).definitions;
      assert.equal(Object.getOwnPropertyDescriptor(definitions, first)?.get !== undefined, true, 'the scan\'s accessors');
      assert.equal(file.wholes, 1);
    }
  });

  it('a span that is not its definition\'s: that definition and the later ones from the whole bundle, the same values', () => {
    const data = readFileSync(path.join(folder, 'argo.json'));
    const table = JSON.parse(readFileSync(path.join(folder, 'argo.json.offsets'), 'utf8')) as { spans: Record<string, [number, number]> };
    const [a, b] = Object.keys(table.spans);
    const eager = (JSON.parse(data.toString('utf8')) as SchemaBundle).definitions;
    // `a` given `b`'s span: its key is not there.
    const file = countedFile(data, JSON.stringify({ ...table, spans: { ...table.spans, [a]: table.spans[b] } }));
    const definitions = openSchemaBundle(file).definitions;
    assert.deepEqual(definitions[b], eager[b]);
    assert.equal(file.wholes, 0);
    assert.deepEqual(definitions[a], eager[a]);
    assert.equal(file.wholes, 1);
  });
});
