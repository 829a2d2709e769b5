import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { loadComposeSchema } from '../../../src/compose/host';
import { loadPipelineSchema } from '../../../src/platform/sharedData';
import { SchemaEngine, type SchemaBundle } from '../../../src/schema/engine';
import { repoRoot } from '../../helpers';

/** The files under `folders` (of the repository) whose path matches `name`. */
function filesNamed(name: RegExp, ...folders: string[]): string[] {
  return folders.flatMap((folder) => {
    const absolute = path.join(repoRoot, folder);
    return readdirSync(absolute, { recursive: true })
      .map(String)
      .filter((f) => name.test(f))
      .sort()
      .map((f) => path.join(absolute, f));
  });
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

describe('schemas precompiled at build time', () => {
  it('Compose: reports, on every corpus file and a broken variant of each, exactly what the run-time compile reports', () => {
    // Built by `npm test` (esbuild.mjs → scripts/gen-validators.mjs, dist/server/compose-validators.js).
    const bundle = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'compose', 'compose-spec.json'), 'utf8')) as SchemaBundle;
    const slow = new SchemaEngine([bundle]);
    const loaded = loadComposeSchema(repoRoot);
    // Every Compose file of the corpus (real projects: README.md there).
    const files = filesNamed(/(^|\/)(docker-)?compose[^/]*\.ya?ml$/, 'server/test/fixtures/oss/compose');
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

  it('Compose: the family\'s engine reads the module on the first validation, not when it is made', () => {
    const loaded = loadComposeSchema(repoRoot);
    const precompiled = (loaded as unknown as { precompiled: Record<string, unknown> }).precompiled;
    const descriptor = Object.getOwnPropertyDescriptor(precompiled, 'compose');
    assert.ok(descriptor && !('value' in descriptor), 'an accessor: nothing loaded before the first validation');
    assert.equal(typeof precompiled.compose, 'function', 'the precompiled validator');
  });

  it('dvc.yaml: reports, on every pipeline file of the repository and broken variants, exactly what the run-time compile reports', () => {
    const bundle = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'pipeline', 'dvc.schema.json'), 'utf8')) as SchemaBundle;
    const slow = new SchemaEngine([bundle]);
    const loaded = loadPipelineSchema(repoRoot);
    const files = filesNamed(/(^|\/)dvc\.yaml$/, 'server/test/fixtures', 'examples');
    assert.ok(files.length >= 5, `${files.length} pipeline files`);
    let errors = 0;
    for (const file of files) {
      const document = parse(readFileSync(file, 'utf8')) as { stages?: Record<string, Record<string, unknown>> };
      const variants: unknown[] = [document, { ...document, stage: {} }];
      for (const [name, stage] of Object.entries(document.stages ?? {})) {
        variants.push({ ...document, stages: { ...document.stages, [name]: { ...stage, cmd: 3, deps: 'data', outs: [{ x: { cache: 'no' } }], frozen: 'yes' } } });
      }
      for (const value of variants) {
        const expected = whole(slow.validate('pipeline', value));
        assert.deepEqual(whole(loaded.validate('pipeline', value)), expected, path.relative(repoRoot, file));
        errors += expected.length;
      }
    }
    assert.ok(errors > files.length * 3, `${errors} errors compared`);
    const precompiled = (loaded as unknown as { precompiled: Record<string, unknown> }).precompiled;
    assert.equal(typeof precompiled.pipeline, 'function', 'the engine validates with the precompiled module');
  });
});
