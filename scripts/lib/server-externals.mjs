/**
 * What server-side bundles leave in node_modules: sharp's binaries (`@img/sharp-<platform>`,
 * which sharp requires by a name computed at run time), onnxruntime-node and DuckDB's Node API as
 * published (their loaders find their native bindings relative to their own folders). sharp's
 * JavaScript and its dependencies (semver, detect-libc, @img/colour: some 40 files) are bundled, so
 * that a process running a blur job does not find, read and compile them on every start (40–55 ms
 * of `archipel blur`'s start-up). onnxruntime-node's ~25 files saved 1–4 ms bundled, not worth a
 * patch of its code (docs/upgrading-pinned-dependencies.md). Used by esbuild.mjs and by the
 * benchmarks that bundle server code (bench/lib/bundle.mjs).
 */
export const SERVER_NATIVE_EXTERNALS = ['@img/sharp-*', 'onnxruntime-node', '@duckdb/node-api'];
