import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { loadComposeSchema } from '../../src/families/compose';
import { SchemaEngine, type SchemaBundle } from '../../src/schema/engine';
import { repoRoot } from '../helpers';

/** Every Compose file of the corpus (server/test/fixtures/oss/compose: real projects, README.md there). */
function corpusFiles(): string[] {
  const folder = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'compose');
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((f) => /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(folder, f));
}

/** Each error whole: where, which keyword and schema path, its parameters and message, in order. */
function whole(errors: ErrorObject[] | undefined): string[] {
  return (errors ?? []).map((e) => JSON.stringify([e.instancePath, e.schemaPath, e.keyword, e.params, e.message]));
}

/** A deterministic variant of a document with errors of several kinds (wrong types, unknown keys, bad enum values). */
function broken(document: Record<string, unknown>, seed: number): Record<string, unknown> {
  const copy = structuredClone(document);
  const services = (copy.services ?? {}) as Record<string, Record<string, unknown>>;
  const names = Object.keys(services);
  const service = names.length > 0 ? services[names[seed % names.length]] : undefined;
  if (service && typeof service === 'object') {
    service[['imagee', 'restart', 'ports', 'depends_on', 'healthcheck', 'deploy'][seed % 6]] = [
      'typo',
      'sometimes',
      [{ target: 'eighty' }],
      { db: { condition: 'service_ready' } },
      { interval: 30, retries: 'three' },
      { replicas: -1, resources: { limits: { cpus: [] } } },
    ][seed % 6];
  }
  copy[seed % 2 === 0 ? 'volume' : 'networks'] = seed % 2 === 0 ? {} : 'none';
  return copy;
}

describe('the Compose schema precompiled at build time', () => {
  it('reports, on every corpus file and a broken variant of each, exactly what the run-time compile reports', () => {
    // Built by `npm test` (esbuild.mjs → scripts/gen-validators.mjs, dist/server/compose-validators.js).
    const bundle = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'compose', 'compose-spec.json'), 'utf8')) as SchemaBundle;
    const slow = new SchemaEngine([bundle]);
    const loaded = loadComposeSchema(repoRoot);
    const files = corpusFiles();
    assert.ok(files.length >= 40, `${files.length} Compose files`);
    let errors = 0;
    files.forEach((file, i) => {
      const document = parse(readFileSync(file, 'utf8'), { merge: true, uniqueKeys: false }) as Record<string, unknown>;
      for (const value of [document, broken(document, i)]) {
        const expected = whole(slow.validate('compose', value));
        assert.deepEqual(whole(loaded.validate('compose', value)), expected, path.relative(repoRoot, file));
        errors += expected.length;
      }
    });
    assert.ok(errors > files.length, `${errors} errors compared`);
  });

  it('is what the family loads: the module is read on the first validation, not with the engine', () => {
    const loaded = loadComposeSchema(repoRoot);
    const precompiled = (loaded as unknown as { precompiled: Record<string, unknown> }).precompiled;
    const descriptor = Object.getOwnPropertyDescriptor(precompiled, 'compose');
    assert.ok(descriptor && !('value' in descriptor), 'an accessor: nothing loaded before the first validation');
    assert.equal(typeof precompiled.compose, 'function', 'the precompiled validator');
  });
});
