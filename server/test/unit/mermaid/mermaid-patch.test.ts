// The build-time patch of Mermaid's getConfig (scripts/lib/mermaid-patch.mjs): it still finds the
// exact code it replaces in the installed Mermaid (a Mermaid upgrade that changes it fails here),
// its copy gives what Mermaid's own copy gives, and no `__proto__`/`constructor` key reaches a
// prototype through it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../helpers';

type Config = Record<string, unknown>;
interface PatchModule {
  ANCHOR: string;
  REPLACEMENT: string;
  copyConfig(config: Config): Config;
  configChunk(): string | undefined;
  patchSource(source: string, file?: string): string;
}
interface MermaidConfigChunk {
  assignWithDepth_default(dst: unknown, src: unknown, options?: { depth?: number }): Config;
  defaultConfig: Config;
  themes_default: Record<string, { getThemeVariables(overrides?: Config): Config }>;
}

const importFile = <T>(file: string) => import(pathToFileURL(file).href) as Promise<T>;

describe('Mermaid getConfig build patch', () => {
  let patch: PatchModule;
  let chunkFile: string;
  let mermaid: MermaidConfigChunk;

  before(async () => {
    patch = await importFile<PatchModule>(path.join(repoRoot, 'scripts', 'lib', 'mermaid-patch.mjs'));
    const found = patch.configChunk();
    assert.ok(found, 'no chunk of the installed Mermaid has the getConfig the patch replaces: review scripts/lib/mermaid-patch.mjs');
    chunkFile = found;
    mermaid = await importFile<MermaidConfigChunk>(chunkFile);
  });

  it('is written for the installed Mermaid: 11.17.2, whose getConfig is the anchor, once', () => {
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'mermaid', 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(version, '11.17.2', 'Mermaid changed version: review scripts/lib/mermaid-patch.mjs against its getConfig and assignWithDepth, then update this test');
    const source = readFileSync(chunkFile, 'utf8');
    assert.equal(source.split(patch.ANCHOR).length, 2);
    // assignWithDepth, whose result the patch reproduces, is still the code it was written against.
    assert.match(source, /var assignWithDepth = \/\* @__PURE__ \*\/ __name\(\(dst, src, \{ depth = 2 \} = \{\}\) => \{/);
    assert.match(source, /if \(dst === void 0 \|\| dst === null \|\| depth <= 0\) \{\n\s+if \(dst !== void 0 && dst !== null && typeof dst === "object" && typeof src === "object"\) \{\n\s+return Object\.assign\(dst, src\);/);
    const patched = patch.patchSource(source);
    assert.ok(!patched.includes(patch.ANCHOR));
    assert.ok(patched.includes('return archipelCopyConfig(currentConfig);'));
  });

  it('refuses a source without the anchor, or with it twice', () => {
    assert.throws(() => patch.patchSource('var getConfig = () => ({});'), /not the code scripts\/lib\/mermaid-patch\.mjs replaces/);
    assert.throws(() => patch.patchSource(`${patch.ANCHOR}\n${patch.ANCHOR}`), /not the code/);
  });

  it('copies like Mermaid: the default configuration, a theme, arrays, nulls, undefined and functions', () => {
    const themed = mermaid.assignWithDepth_default({}, mermaid.defaultConfig);
    themed.themeVariables = mermaid.themes_default.dark.getThemeVariables({ primaryColor: '#123456' });
    const marker = () => 'fn';
    const odd: Config = {
      list: ['a', 'b', 'a'],
      nested: { list: [1, 2, 2, 3], deeper: { x: 1, list: ['k', 'k'] }, none: null, missing: undefined, fn: marker },
      none: null,
      missing: undefined,
      fn: marker,
      text: 'x',
    };
    for (const config of [mermaid.defaultConfig, themed, odd]) {
      const expected = mermaid.assignWithDepth_default({}, config);
      const actual = patch.copyConfig(config);
      assert.deepStrictEqual(actual, expected);
      // A copy: the levels Mermaid copies are new objects, as in Mermaid.
      for (const [key, value] of Object.entries(actual)) {
        if (value && typeof value === 'object') assert.notEqual(value, config[key], key);
      }
    }
    const copied = patch.copyConfig(odd) as { nested: { deeper: unknown } };
    assert.equal(copied.nested.deeper === (odd.nested as { deeper: unknown }).deeper, false);
  });

  it('never reaches a prototype through __proto__, constructor or prototype keys, at any level', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": "top"}, "constructor": {"prototype": {"polluted": "ctor"}}, ' +
        '"flowchart": {"__proto__": {"polluted": "second"}, "constructor": {"prototype": {"polluted": "ctor2"}}, ' +
        '"deep": {"__proto__": {"polluted": "third"}}}}',
    ) as Config;
    const copy = patch.copyConfig(hostile) as Config & { flowchart: Config & { deep: Config } };
    assert.equal(({} as Config).polluted, undefined);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(Object.getPrototypeOf(copy.flowchart), Object.prototype);
    assert.equal(Object.getPrototypeOf(copy.flowchart.deep), Object.prototype);
    assert.equal((copy as { polluted?: string }).polluted, undefined);
    assert.equal((copy.flowchart as { polluted?: string }).polluted, undefined);
    assert.equal((copy.flowchart.deep as { polluted?: string }).polluted, undefined);
    // The keys are kept as plain own data, as Mermaid's own copy keeps them at the levels it guards.
    assert.ok(Object.hasOwn(copy, '__proto__'));
    assert.ok(Object.hasOwn(copy.flowchart, '__proto__'));
    assert.ok(Object.hasOwn(copy.flowchart.deep, '__proto__'));
    assert.deepStrictEqual(Object.keys(copy), Object.keys(mermaid.assignWithDepth_default({}, hostile)));
    assert.equal(({} as Config).polluted, undefined);
    assert.equal((Object.prototype as Config).polluted, undefined);
  });
});
