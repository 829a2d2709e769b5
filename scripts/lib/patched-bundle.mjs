// Bundling a package that finds some of its own files relative to its own folder, which a bundle
// no longer is: while esbuild bundles it, the exact code doing so is replaced by a lookup in the
// installed package (the package stays a runtime dependency for those files). Each replaced text
// (an anchor) must occur exactly once, and the build fails if the package's code changed or the
// patched file was not bundled at all: review the new code, then the anchors. Used by
// jsdom-bundle.mjs; its anchors are checked by unit tests (docs/upgrading-pinned-dependencies.md).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** @typedef {{ file: string, anchor: string, replacement: string }} Patch */

const require = createRequire(import.meta.url);

/** Where a package file is installed (resolved from the project's folder). @param {string} file */
export function installedPath(file) {
  return require.resolve(file, { paths: [process.cwd()] });
}

/** Applies one patch to a file's text; throws unless its anchor occurs exactly once. @param {Patch} patch @param {string} source */
export function patchSource(patch, source) {
  const at = source.indexOf(patch.anchor);
  if (at < 0 || source.indexOf(patch.anchor, at + 1) >= 0) {
    throw new Error(`${patch.file}: the installed code is not what scripts/lib/patched-bundle.mjs was told to patch (${patch.anchor}); review the patch for this version of the package`);
  }
  return source.slice(0, at) + patch.replacement + source.slice(at + patch.anchor.length);
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An esbuild plugin applying `patches` while bundling, and failing the build unless every one was
 * applied. `setup` adds anything else the package needs (a resolution, say).
 * @param {string} name @param {readonly Patch[]} patches @param {(build: import('esbuild').PluginBuild) => void} [setup]
 * @returns {import('esbuild').Plugin}
 */
export function patchingPlugin(name, patches, setup) {
  return {
    name,
    setup(build) {
      setup?.(build);
      const targets = new Map(patches.map((patch) => [installedPath(patch.file), patch]));
      const applied = new Set();
      // Only files with a patched file's name reach the callback: esbuild calls it for each match.
      const filter = new RegExp(`[\\\\/](?:${[...new Set(patches.map((p) => escape(path.basename(p.file))))].join('|')})$`);
      build.onLoad({ filter }, (args) => {
        const patch = targets.get(args.path);
        if (!patch) return undefined;
        applied.add(args.path);
        return { contents: patchSource(patch, readFileSync(args.path, 'utf8')), loader: 'js' };
      });
      build.onEnd((result) => {
        const missing = [...targets.keys()].filter((file) => !applied.has(file));
        if (result.errors.length === 0 && missing.length > 0) {
          return { errors: [{ text: `${name}: the bundle did not load ${missing.join(', ')} to patch` }] };
        }
        return undefined;
      });
    },
  };
}
