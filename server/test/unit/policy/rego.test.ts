import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateRegoWasm, regoNeedsBuild, regoPackage } from '../../../src/policy/checks/rego';
import { fixturesDir } from '../../helpers';

// A policy OPA itself compiled to WebAssembly, from a public repository (fixtures/oss/opa-wasm-browser/SOURCES.md).
const folder = path.join(fixturesDir, 'oss', 'opa-wasm-browser');

describe('policy: Rego through OPA’s WebAssembly build', () => {
  const wasm = readFileSync(path.join(folder, 'policy.wasm'));

  it('evaluates the policy OPA built, in-process, at its entrypoint', () => {
    assert.deepEqual(evaluateRegoWasm(wasm, { fragment: 'moo' }, 'test/p'), { results: [{ result: true }], entrypoints: ['test/p'] });
    assert.deepEqual(evaluateRegoWasm(wasm, { fragment: 'baa' }), { results: [], entrypoints: ['test/p'] }, 'an undefined rule: an empty result set');
    assert.deepEqual(evaluateRegoWasm(wasm, { fragment: 'moo' }, 'test/q'), { error: 'the policy has no entrypoint test/q (it has test/p)', entrypoints: ['test/p'] });
  });

  it('a file that is not OPA’s build is said so, never run', () => {
    const outcome = evaluateRegoWasm(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255]), {});
    assert.match(outcome.error ?? '', /^not a policy OPA built to WebAssembly: /);
  });

  it('a .rego without its WebAssembly build: the opa build command said, with its package as entrypoint', () => {
    const rego = readFileSync(path.join(folder, 'test.rego'), 'utf8');
    assert.equal(regoPackage(rego), 'test');
    assert.equal(regoNeedsBuild('policies/test.rego', regoPackage(rego)), 'policies/test.rego: a Rego policy is evaluated from the WebAssembly build OPA makes of it — run `opa build -t wasm -e test policies/test.rego` and keep its policy.wasm beside it; Archipel does not run opa itself');
    assert.equal(regoPackage('# no package here\nallow { true }\n'), undefined);
  });
});
