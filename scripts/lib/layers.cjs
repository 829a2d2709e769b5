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
 * Runtime files in folders otherwise pure: a family's composition if it is kept in its folder
 * (`<family>/family.ts`; its place is families/<family>.ts), Mermaid's parser thread, the prediction service's HTTP transport
 * (fastify, prom-client), and the entries.
 */
const RUNTIME_FILES = ['[^/]+/family\\.ts', 'mermaid/worker(Bin)?\\.ts', 'serve/(http|metrics)\\.ts', '(serverMain|serverBin|bin|cliMain)\\.ts'];

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
 * Where files are read only through disk/ (issue #50: one bounded way to read a workspace file, regular
 * files by fstat of the opened descriptor, a bound per kind): the composition root, the engines and
 * the CLI (the pure folders import no fs at all). The whole-file reads of node:fs (readFile,
 * readFileSync, createReadStream) and open/openSync for reading are named there only by disk/ (a
 * descriptor read from comes from disk/openRegularFile; one opened to write may be read back); the runtime kernel (platform/: the index, its caches and the package's data; lsp/, startup/)
 * reads the checked files through disk/readText.ts and its own caches itself. scripts/layering.mjs
 * runs this pass (rule fs-reads-through-disk).
 */
const FS_READ_SCOPE = ['^server/src/(families|engines|cli)/', '^server/src/cliMain\\.ts$'];

module.exports = { PURE, IO, RUNTIME, ENGINES, FAMILIES, RUNTIME_FOLDERS, ENGINES_FOLDER, TRANSPORT_KERNEL, FS_READ_SCOPE };
