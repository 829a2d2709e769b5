// The folders of the layering, named once for both passes of the check (.dependency-cruiser.cjs:
// every import, types included; .dependency-cruiser-values.cjs: what runs). docs/architecture.md
// says the same in prose, one line per folder.

/** Pure services and the kernel: text and the index in, LSP types out. No I/O, no process, no transport. */
const PURE = [
  // A family's family.ts (families/descriptor.ts) is its composition: it loads the family's data and engines, like families/.
  '^server/src/(adr|amdec|raci|kubernetes|workflows|yaml|schema|diagrams|rules|common|workspace|features|protocol|blur|pipeline|predict|snippets|l10n)/(?!family\\.ts$)',
  // Mermaid's sources and rules are pure; worker.ts/workerBin.ts are the parser's thread.
  '^server/src/mermaid/(?!(worker(Bin)?|family)\\.ts$)',
  '^server/src/(service|settings)\\.ts$',
  // The prediction service's request handling; http.ts (fastify) and metrics.ts (prom-client) are its transport.
  '^server/src/serve/(?!(http|metrics|family)\\.ts$)',
];
/** Node's I/O, process and thread modules, and the LSP connection. */
const IO = ['^(node:)?(fs|fs/promises|child_process|worker_threads|net|http|https|cluster)$', '(^|/)node_modules/vscode-languageserver/'];
/** The folders that own I/O and the process, and the composition root: a pure service never imports them. */
const RUNTIME = ['^server/src/(lsp|platform|startup|cli|families)/', '^server/src/(serverMain|serverBin|bin|cli)\\.ts$', '^server/src/[^/]+/family\\.ts$'];
/** The compute engines (engines/core is the job layer; the others are families). */
const ENGINES = '^server/src/engines/';
/** What the transport (lsp/) must not import: families register themselves through the composition root. */
const FAMILIES = [
  '^server/src/(families|startup|cli|adr|amdec|raci|kubernetes|workflows|yaml|diagrams|mermaid|rules|snippets|blur|predict|pipeline|serve)/',
  '^server/src/engines/(?!core/)',
];

module.exports = { PURE, IO, RUNTIME, ENGINES, FAMILIES };
