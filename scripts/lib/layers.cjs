// The folders of the layering, named once for both passes of the check (.dependency-cruiser.cjs:
// every import, types included; .dependency-cruiser-values.cjs: what runs). docs/architecture.md
// says the same in prose, one line per folder.
//
// Pure by default: the runtime folders are listed, and every other folder under server/src/ is pure
// (a new family's folder, a new kernel folder) without being named anywhere
// (server/test/unit/core/layering.test.ts plants an `fs` import in one the test creates).

/** The folders that own I/O, the process and the transport, the composition root, and disk/ (the helpers under all of them). */
const RUNTIME_FOLDERS = ['lsp', 'platform', 'startup', 'cli', 'families', 'disk'];
/** The compute engines (engines/core is the job layer; the others are families): I/O allowed, never the transport. */
const ENGINES_FOLDER = 'engines';
/**
 * Runtime files in folders otherwise pure: a family's host file (`<family>/host.ts`: what the family
 * reads from the disk, its caches and confinement, which its descriptor families/<family>.ts hands
 * to its features), the prediction service's HTTP transport (fastify, prom-client), and the entries.
 */
const RUNTIME_FILES = ['[^/]+/host\\.ts', 'serve/(http|metrics)\\.ts', '(serverMain|serverBin|bin|cliMain)\\.ts'];

/** Pure services and the kernel: text and the index in, LSP types out. No I/O, no process, no transport. */
const PURE = [`^server/src/(?!(${[...RUNTIME_FOLDERS, ENGINES_FOLDER].join('|')})/)(?!(${RUNTIME_FILES.join('|')})$)`];
/** Node's I/O, process and thread modules, and the LSP connection. */
const IO = ['^(node:)?(fs|fs/promises|child_process|worker_threads|net|http|https|cluster)$', '(^|/)node_modules/vscode-languageserver/'];
/** What a pure service never imports. */
const RUNTIME = [`^server/src/(${RUNTIME_FOLDERS.join('|')})/`, `^server/src/(${RUNTIME_FILES.join('|')})$`];
/** The compute engines. */
const ENGINES = `^server/src/${ENGINES_FOLDER}/`;
/**
 * The kernel the transport (lsp/) stands on: the only folders (and root files) lsp/ may import. No
 * list of families: every other folder under server/src/ — a family's pure folder, an engines/<family>,
 * the composition root, start-up, the CLI, a folder added tomorrow — is out of its reach by default
 * (server/test/unit/core/layering.test.ts plants an lsp/ import of a folder the test creates).
 */
const TRANSPORT_KERNEL = ['lsp', 'features', 'protocol', 'workspace', 'common', 'disk', 'l10n', 'platform', 'engines/core'];
const TRANSPORT_KERNEL_FILES = ['service\\.ts', 'settings\\.ts'];
/** What the transport (lsp/) must not import: families register themselves through the composition root. */
const FAMILIES = [`^server/src/(?!(${TRANSPORT_KERNEL.join('|')})/)(?!(${TRANSPORT_KERNEL_FILES.join('|')})$)`];

/**
 * The folders every family stands on, besides the runtime folders and the engines: the contracts
 * (features/), the wire types, the index, the kernel's helpers, and the languages families embed
 * (YAML, Markdown, Go templates, PromQL) with the schema engine. Every other folder under server/src/
 * is a family's — named nowhere: a folder added tomorrow is one.
 */
const SHARED_FOLDERS = ['features', 'protocol', 'workspace', 'common', 'l10n', 'rules', 'schema', 'yaml', 'markdown', 'gotemplate', 'promql', 'drawing'];
const NOT_FAMILY = [...RUNTIME_FOLDERS, ENGINES_FOLDER, ...SHARED_FOLDERS].join('|');
/**
 * A family's folder: `$1` is its name (rule family-through-api of .dependency-cruiser.cjs: a family
 * folder imports another family's only through that family's face, `<family>/api.ts`).
 */
const FAMILY_FOLDER = `^server/src/(?!(?:${NOT_FAMILY})/)([^/]+)/`;
/** Any family's folder (no group). */
const ANY_FAMILY_FOLDER = `^server/src/(?!(?:${NOT_FAMILY})/)[^/]+/`;
/** A family's face: what other families may ask of it. */
const FAMILY_FACE = '^server/src/[^/]+/api\\.ts$';

/**
 * The layers of server/src/, top to bottom (docs/layout.md, "The folder graph"): grouped by folder
 * (an engines/<family> is a folder of its own, and so is a runtime file of a pure folder, such as a
 * family's host.ts), a folder imports its own layer and the layers below it, never one above;
 * scripts/lib/folder-graph.cjs checks it on dependency-cruiser's graph, with no cycle and no two
 * folders importing each other. Each entry matches a folder's key whole; a folder no entry matches is
 * a family's (`FAMILY_LAYER`).
 */
const LAYERS = [
  ['(serverBin|bin)\\.ts'],
  ['(serverMain|cliMain)\\.ts'],
  ['families'],
  ['cli'],
  RUNTIME_FILES.filter((file) => file.includes('/')),
  ['lsp'],
  ['platform'],
  [`${ENGINES_FOLDER}/(?!(core|onnx)$)[^/]+`],
  [`${ENGINES_FOLDER}/onnx`],
  [`${ENGINES_FOLDER}/core`],
  [], // FAMILY_LAYER: every family's folder
  ['features', 'service\\.ts'],
  ['markdown', 'gotemplate', 'promql', 'schema', 'drawing'],
  ['workspace'],
  ['yaml'],
  ['rules'],
  ['settings\\.ts'],
  ['startup'],
  ['disk'],
  ['common'],
  ['l10n', 'protocol'],
];
const FAMILY_LAYER = LAYERS.findIndex((layer) => layer.length === 0);

/** The folder a file of server/src/ belongs to in the folder graph (undefined outside server/src/). */
function folderOf(file) {
  const match = /^server\/src\/(.+)$/.exec(file);
  if (!match) return undefined;
  const relative = match[1];
  if (relative.includes('/') && RUNTIME_FILES.some((pattern) => new RegExp(`^${pattern}$`).test(relative))) return relative;
  const parts = relative.split('/');
  if (parts.length === 1) return relative;
  return parts[0] === ENGINES_FOLDER && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** A folder's layer: its index in LAYERS (0 is the top). */
function layerOf(folder) {
  const index = LAYERS.findIndex((layer) => layer.some((pattern) => new RegExp(`^(${pattern})$`).test(folder)));
  return index < 0 ? FAMILY_LAYER : index;
}

/**
 * Where files are read only through disk/ (issue #50: one bounded way to read a workspace file, regular
 * files by fstat of the opened descriptor, a bound per kind): the composition root, the engines and
 * the CLI (the pure folders import no fs at all). The whole-file reads of node:fs (readFile,
 * readFileSync, createReadStream) and open/openSync for reading are named there only by disk/ (a
 * descriptor read from comes from disk/openRegularFile; one opened to write may be read back); the runtime kernel (platform/: the index, its caches and the package's data; lsp/, startup/)
 * reads the checked files through disk/readText.ts and its own caches itself. scripts/layering.mjs
 * runs this pass (rule fs-reads-through-disk).
 */
const FS_READ_SCOPE = ['^server/src/(families|engines|cli)/', '^server/src/cliMain\\.ts$'];

module.exports = { PURE, IO, RUNTIME, ENGINES, FAMILIES, RUNTIME_FOLDERS, ENGINES_FOLDER, TRANSPORT_KERNEL, FS_READ_SCOPE, SHARED_FOLDERS, FAMILY_FOLDER, ANY_FAMILY_FOLDER, FAMILY_FACE, LAYERS, FAMILY_LAYER, folderOf, layerOf };
