import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SchemaEngine, type SchemaBundle } from '../../../src/schema/engine';
import { readSchemaBundle } from '../../../src/schema/lazyBundle';

const root = path.resolve(__dirname, '../../../../..');

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
});
