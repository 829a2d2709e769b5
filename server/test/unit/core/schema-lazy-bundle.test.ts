import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SchemaEngine, type SchemaBundle } from '../../../src/schema/engine';
import { openSchemaBundle, readSchemaBundle, type BundleFile } from '../../../src/schema/lazyBundle';

const root = path.resolve(__dirname, '../../../../..');

/** A bundle file over `data` that counts the bytes each kind of read took. */
function countedFile(data: Buffer): BundleFile & { parts: number; wholes: number } {
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
  };
  return file;
}

describe('schema bundles read lazily', () => {
  for (const file of ['kubernetes-1.36.json', 'argo.json']) {
    it(`${file}: the same bundle as JSON.parse, definitions parsed on first access`, () => {
      const data = readFileSync(path.join(root, 'schemas', 'kubernetes', file));
      const lazy = readSchemaBundle(data);
      const eager = JSON.parse(data.toString('utf8')) as SchemaBundle;
      const names = Object.keys(eager.definitions);
      assert.ok(names.length > 50, `${names.length} definitions`);
      const descriptor = Object.getOwnPropertyDescriptor(lazy.definitions, names[0]);
      assert.ok(descriptor?.get !== undefined, 'not parsed before first access');
      assert.deepEqual(Object.keys(lazy.definitions), names, 'same names, same order');
      assert.deepEqual(lazy['x-archipel-kinds'], eager['x-archipel-kinds']);
      assert.equal(lazy.$id, eager.$id);
      // Compared as text: deepEqual over 1.8 MB of schemas takes seconds.
      assert.ok(JSON.stringify(lazy) === JSON.stringify(eager), 'every definition parses to the same value');
      assert.equal(lazy.definitions[names[0]], lazy.definitions[names[0]], 'parsed once: the same object on every access');
    });
  }

  it('keys with an escape or beyond ASCII, in the generators\' layout: read as JSON reads them, still lazily', () => {
    // JSON.stringify writes the quote, the tab and the backslash escaped, é and Ω as UTF-8.
    const bundle = { $id: 'urn:keys', definitions: { plain: { type: 'string' }, 'quo"te': { type: 'number' }, 'tab\tback\\slash': { type: 'object' }, 'café-Ω': { type: 'boolean' } } };
    const read = readSchemaBundle(Buffer.from(JSON.stringify(bundle, null, 2)));
    const descriptor = Object.getOwnPropertyDescriptor(read.definitions, 'plain');
    assert.ok(descriptor && !('value' in descriptor), 'lazily read: an accessor');
    assert.deepEqual(Object.keys(read.definitions), Object.keys(bundle.definitions));
    assert.deepEqual(JSON.parse(JSON.stringify(read)), bundle);
  });

  it('falls back to one JSON.parse for any other layout, with the same result', () => {
    const bundle = { $id: 'urn:test', definitions: { A: { type: 'object', properties: { b: { $ref: '#/definitions/B' } } }, B: { type: 'string' } } };
    for (const text of [JSON.stringify(bundle), JSON.stringify(bundle, null, 4), JSON.stringify(bundle, null, '\t')]) {
      const read = readSchemaBundle(Buffer.from(text));
      assert.ok(!Object.getOwnPropertyDescriptor(read.definitions, 'A')?.get, 'parsed eagerly');
      assert.deepEqual(read, bundle);
    }
    // Keys at the definitions' indentation inside a definition: not the generators' layout.
    const odd = '{\n  "$id": "urn:odd",\n  "definitions": {\n    "A": {"x": {},\n    "y": {}},\n    "B": {}\n  }\n}\n';
    assert.deepEqual(JSON.parse(JSON.stringify(readSchemaBundle(Buffer.from(odd)))), JSON.parse(odd));
    assert.throws(() => readSchemaBundle(Buffer.from('{"definitions": ')), SyntaxError, 'a broken file still says so');
  });

  it('the run-time compiler (a run from sources, without the build) works on a lazily read bundle', function () {
    this.timeout(120_000);
    const data = readFileSync(path.join(root, 'schemas', 'kubernetes', 'kubernetes-1.36.json'));
    const lazy = new SchemaEngine([readSchemaBundle(data)]);
    const eager = new SchemaEngine([JSON.parse(data.toString('utf8')) as SchemaBundle]);
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 'two', selector: {}, template: { spec: { containers: [{ nam: 'web' }] } } } };
    const simplify = (errors: unknown[] | undefined) => (errors ?? []).map((e) => JSON.stringify(e)).sort();
    const expected = simplify(eager.validate('apps/v1/Deployment', broken));
    assert.ok(expected.length >= 2, expected.join('\n'));
    assert.deepEqual(simplify(lazy.validate('apps/v1/Deployment', broken)), expected);
  });

  it('type names and paths resolve through lazily parsed definitions', () => {
    const engine = new SchemaEngine([readSchemaBundle(readFileSync(path.join(root, 'schemas', 'kubernetes', 'kubernetes-1.36.json')))]);
    const spec = engine.schemaAtPath('apps/v1/Deployment', ['spec', 'template', 'spec']);
    assert.equal(engine.typeName(spec), 'PodSpec');
    assert.ok(spec?.properties?.containers, 'PodSpec has containers');
    assert.equal(engine.typeName(engine.resolve(engine.schemaFor('apps/v1/Deployment'))), 'Deployment');
  });

  it("a kind's schema at a path reads its own bundle's definitions only: a Kubernetes message never reads Argo's, nor an Argo one Kubernetes'", () => {
    // The server opens the folder's bundles in name order, argo.json first; both define the 115 io.k8s.* shared by Argo's kinds.
    const open = () => {
      const files = { argo: countedFile(readFileSync(path.join(root, 'schemas', 'kubernetes', 'argo.json'))), k8s: countedFile(readFileSync(path.join(root, 'schemas', 'kubernetes', 'kubernetes-1.36.json'))) };
      return { files, engine: new SchemaEngine([openSchemaBundle(files.argo), openSchemaBundle(files.k8s)]) };
    };
    const kubernetes = open();
    const container = kubernetes.engine.schemaAtPath('apps/v1/Deployment', ['spec', 'template', 'spec', 'containers', '0']);
    assert.equal(kubernetes.engine.typeName(container), 'Container');
    const eager = JSON.parse(readFileSync(path.join(root, 'schemas', 'kubernetes', 'kubernetes-1.36.json'), 'utf8')) as SchemaBundle;
    assert.ok(JSON.stringify(container) === JSON.stringify(eager.definitions['io.k8s.api.core.v1.Container']), "the Kubernetes bundle's Container");
    assert.deepEqual([kubernetes.files.argo.wholes, kubernetes.files.k8s.wholes], [0, 1]);
    const argo = open();
    const source = argo.engine.schemaAtPath('argoproj.io/v1alpha1/Application', ['spec', 'source']);
    assert.equal(argo.engine.typeName(source), 'ApplicationSource');
    const meta = argo.engine.schemaAtPath('argoproj.io/v1alpha1/Application', ['metadata']);
    assert.equal(argo.engine.typeName(meta), 'ObjectMeta');
    assert.deepEqual([argo.files.argo.wholes, argo.files.k8s.wholes], [1, 0]);
  });

  for (const file of ['kubernetes-1.36.json', 'argo.json']) {
    it(`${file} opened: its kinds from the head of the file, its definitions read on the first access, the same bundle as JSON.parse`, () => {
      const data = readFileSync(path.join(root, 'schemas', 'kubernetes', file));
      const eager = JSON.parse(data.toString('utf8')) as SchemaBundle;
      assert.equal(Object.keys(eager).at(-1), 'definitions', 'the generators write the definitions last');
      const counted = countedFile(data);
      const opened = openSchemaBundle(counted);
      assert.deepEqual(opened['x-archipel-kinds'], eager['x-archipel-kinds']);
      assert.equal(opened.$id, eager.$id);
      assert.deepEqual(Object.keys(opened), Object.keys(eager), 'same fields, same order');
      assert.equal(counted.wholes, 0, 'the definitions not read yet');
      assert.ok(counted.parts < 128 * 1024 && counted.parts < data.length / 4, `${counted.parts} bytes read of ${data.length}`);
      const names = Object.keys(opened.definitions);
      assert.equal(counted.wholes, 1, 'the definitions read on the first access');
      assert.deepEqual(names, Object.keys(eager.definitions));
      assert.ok(Object.getOwnPropertyDescriptor(opened.definitions, names[0])?.get !== undefined, 'each definition still parsed on its first access');
      assert.ok(JSON.stringify(opened) === JSON.stringify(eager), 'every field and definition the same');
      assert.equal(opened.definitions, opened.definitions, 'read once');
      assert.equal(counted.wholes, 1, 'read once');
    });
  }

  it('opened in any other layout: read whole at once, the same bundle as JSON.parse; with a field after the definitions: their first read throws', () => {
    const bundle = { $id: 'urn:test', 'x-archipel-kinds': { 'v1/A': 'A' }, definitions: { A: { type: 'object', properties: { b: { $ref: '#/definitions/B' } } }, B: { type: 'string' } } };
    const last = { $id: 'urn:test', definitions: bundle.definitions, 'x-archipel-kinds': bundle['x-archipel-kinds'] };
    const texts = [JSON.stringify(bundle), JSON.stringify(bundle, null, 4), JSON.stringify(bundle, null, '\t'), JSON.stringify(bundle, null, 2).trimEnd() + ' ', JSON.stringify(bundle, null, 2).replace('"definitions": {', '"definitions":{')];
    for (const text of texts) {
      const counted = countedFile(Buffer.from(text));
      const opened = openSchemaBundle(counted);
      assert.equal(counted.wholes, 1, text);
      assert.deepEqual(opened, JSON.parse(text));
    }
    // The generators' layout, with and without the final line feed, a head longer than the first read: opened by parts.
    const long = { $id: 'urn:long', description: 'x'.repeat(200_000), 'x-archipel-kinds': { 'v1/A': 'A' }, definitions: bundle.definitions };
    for (const text of [JSON.stringify(long, null, 2), `${JSON.stringify(long, null, 2)}\n`]) {
      const counted = countedFile(Buffer.from(text));
      const opened = openSchemaBundle(counted);
      assert.equal(counted.wholes, 0);
      assert.deepEqual(JSON.parse(JSON.stringify(opened)), long);
    }
    assert.throws(() => openSchemaBundle(countedFile(Buffer.from('{"definitions": '))), SyntaxError, 'a broken file still says so');
    // The generators' layout but a field after the definitions: the head cannot tell, the definitions' first read says so.
    const after = openSchemaBundle(countedFile(Buffer.from(JSON.stringify(last, null, 2))));
    assert.throws(() => after.definitions, /"definitions" is not its last field/);
  });
});
