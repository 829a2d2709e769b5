// The one build-time change Archipel makes to Mermaid (11.17.2), applied by esbuild.mjs when it
// bundles the webview pages. Tested by server/test/unit/mermaid/mermaid-patch.test.ts; documented in
// docs/diagrams.md.
//
// Why: Mermaid's `getConfig()` returns a fresh copy of its whole configuration (every diagram
// type's section and the theme's variables, ~800 properties) and its renderers call it for every
// node, edge and label. The copy is made by `assignWithDepth`, which since 11.16 defines each
// property with `Object.defineProperty` (its guard against prototype pollution through `__proto__`
// keys). On a 200-node diagram that copy was the largest single cost of drawing (~30 % of the CPU
// profile).
//
// What: `getConfig()` still returns a new copy on every call, of the same two levels, built with
// object spread instead. Spread defines properties (ECMAScript CreateDataProperty), exactly like
// `Object.defineProperty`: a `__proto__` key is copied as an own key and never reaches
// `Object.prototype` or the copy's prototype. It is stricter than the original at the third
// level, where Mermaid uses `Object.assign` (which would run the `__proto__` setter). The
// configuration being copied is the one Mermaid built with its own sanitising code (directives
// pass `sanitizeDirective`, which drops `__proto__`/`constructor`/`prototype` keys, and
// `assignWithDepth`); nothing of that changes.
//
// If a Mermaid upgrade changes the patched code, the build fails (the exact text is not found)
// and so does the unit test: review the new code, then this patch, before changing the anchor.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** The exact code replaced: Mermaid's `getConfig`, in the chunk that holds its configuration. */
export const ANCHOR = 'var getConfig = /* @__PURE__ */ __name(() => {\n  return assignWithDepth_default({}, currentConfig);\n}, "getConfig");';

/**
 * `assignWithDepth({}, config)` (depth 2) of Mermaid 11.17.2, made with spread: top level and each
 * section copied, `null` values left out, arrays copied without duplicates, deeper objects copied
 * one level (Mermaid: `Object.assign`; here spread, which never runs a `__proto__` setter).
 * Injected into Mermaid as source text: self-contained, no closure.
 */
export function copyConfig(config) {
  const level = (source, depth) => {
    if (Array.isArray(source)) return [...new Set(source)];
    const copy = { ...source };
    if (depth <= 0) return copy;
    for (const key of Object.keys(copy)) {
      const value = copy[key];
      if (value === null) delete copy[key];
      // `copy` owns `key` (spread defined it), so this assignment replaces the own property, even for `__proto__`.
      else if (typeof value === 'object') copy[key] = level(value, depth - 1);
    }
    return copy;
  };
  return level(config, 2);
}

/** The replacement: the same function, named and labelled as Mermaid's. */
export const REPLACEMENT =
  `var getConfig = /* @__PURE__ */ __name(() => {\n  return archipelCopyConfig(currentConfig);\n}, "getConfig");\n` +
  `// Archipel build patch (scripts/lib/mermaid-patch.mjs): a spread copy, same result, no defineProperty per key.\n` +
  `var archipelCopyConfig = ${copyConfig.toString().replace(/^function copyConfig/, 'function')};`;

const require = createRequire(import.meta.url);
/** Mermaid's chunk folder (the ESM build esbuild bundles). */
function chunkDir() {
  return path.join(path.dirname(require.resolve('mermaid/package.json', { paths: [process.cwd()] })), 'dist', 'chunks', 'mermaid.core');
}

/** The chunk file that holds `getConfig` (found by its exact code), or undefined if no chunk has it. */
export function configChunk() {
  const dir = chunkDir();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.mjs')) continue;
    const file = path.join(dir, name);
    if (readFileSync(file, 'utf8').includes(ANCHOR)) return file;
  }
  return undefined;
}

/** Applies the patch to the chunk's text; throws unless the anchor occurs exactly once. */
export function patchSource(source, file = 'the Mermaid chunk') {
  const at = source.indexOf(ANCHOR);
  if (at < 0 || source.indexOf(ANCHOR, at + 1) >= 0) {
    throw new Error(`${file}: Mermaid's getConfig is not the code scripts/lib/mermaid-patch.mjs replaces; review the patch for this Mermaid version`);
  }
  return source.slice(0, at) + REPLACEMENT + source.slice(at + ANCHOR.length);
}

/** The esbuild plugin: patches the chunk while bundling, and fails the build if it found none. */
export function mermaidConfigPatch() {
  return {
    name: 'archipel-mermaid-config-patch',
    setup(build) {
      const target = configChunk();
      if (!target) throw new Error('scripts/lib/mermaid-patch.mjs: no Mermaid chunk has the getConfig it patches; review the patch for this Mermaid version');
      let applied = 0;
      build.onLoad({ filter: /[\\/]mermaid[\\/]dist[\\/]chunks[\\/]mermaid\.core[\\/].*\.mjs$/ }, (args) => {
        if (path.resolve(args.path) !== path.resolve(target)) return undefined;
        applied++;
        return { contents: patchSource(readFileSync(args.path, 'utf8'), args.path), loader: 'js' };
      });
      build.onEnd((result) => {
        if (result.errors.length === 0 && applied === 0) {
          return { errors: [{ text: 'scripts/lib/mermaid-patch.mjs: the bundle has no Mermaid getConfig to patch' }] };
        }
        return undefined;
      });
    },
  };
}
