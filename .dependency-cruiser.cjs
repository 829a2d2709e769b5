// The layering of the code, checked by `npm test` (scripts/layering.mjs runs this pass, then
// .dependency-cruiser-values.cjs for what is reachable through value imports; by hand:
// `node scripts/layering.mjs`). docs/architecture.md says the same in prose, one line per folder.
// No violation is accepted: there is no known-violations file, and a test plants each kind of
// violation in a copy of the tree and sees this check fail (server/test/unit/core/layering.test.ts).
// Type-only imports count here (tsPreCompilationDeps): a type-only cycle is still two files that
// cannot be read, moved or tested apart.

const { PURE, IO, RUNTIME, ENGINES, FAMILIES, FAMILY_FOLDER, ANY_FAMILY_FOLDER, FAMILY_FACE } = require('./scripts/lib/layers.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles (type-only ones included) tie files together: break them by moving the shared part down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'family-through-api',
      severity: 'error',
      comment: "A family's folder is private to it: another family's folder imports only its face, <family>/api.ts (what other families ask of it). No list: every folder layers.cjs does not name as shared is a family's ($1, the importing family, may import itself).",
      from: { path: FAMILY_FOLDER },
      to: { path: ANY_FAMILY_FOLDER, pathNot: ['^server/src/$1/', FAMILY_FACE] },
    },
    {
      name: 'yaml-below-the-index',
      severity: 'error',
      comment: 'The workspace index holds parsed YAML (workspace/ imports yaml/): yaml/ never imports workspace/ or features/ (which names the index), or the three folders import each other in a ring.',
      from: { path: '^server/src/yaml/' },
      to: { path: '^server/src/(workspace|features)/' },
    },
    {
      name: 'pure-services-no-io',
      severity: 'error',
      comment: 'A service takes a document and what it needs injected: never fs, processes, threads or the connection (CONVENTIONS › The server).',
      from: { path: PURE },
      to: { path: IO },
    },
    {
      name: 'pure-services-no-runtime',
      severity: 'error',
      comment: 'Pure services never import the transport, the platform, start-up tuning or the CLI.',
      from: { path: PURE },
      to: { path: RUNTIME },
    },
    {
      name: 'engines-not-transport',
      severity: 'error',
      comment: 'Compute engines are usable without LSP: they never import lsp/ or cli/.',
      from: { path: '^server/src/engines/' },
      to: { path: ['^server/src/(lsp|cli)/', '^server/src/cliMain\\.ts$', '(^|/)node_modules/vscode-languageserver/'] },
    },
    {
      name: 'transport-no-family',
      severity: 'error',
      comment: 'lsp/ is the transport and the job-over-LSP adapter only: families register through the composition root (families/index.ts), start-up is the entry\'s.',
      from: { path: '^server/src/lsp/' },
      to: { path: FAMILIES },
    },
    {
      name: 'domains-not-engines',
      severity: 'error',
      comment: 'Domains and the kernel are pure and run without the engines: they never import engines/ (a type, erased at compile time, may be named).',
      from: { path: PURE },
      to: { path: ENGINES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-only-protocol',
      severity: 'error',
      comment: 'The extension talks to the server over LSP: from server/ it imports the protocol declarations only.',
      from: { path: '^client/src/' },
      to: { path: '^server/', pathNot: '^server/src/protocol/' },
    },
    {
      name: 'client-no-native',
      severity: 'error',
      comment: 'The extension host loads no native addon (sharp, onnxruntime): images and models are the server\'s work.',
      from: { path: '^client/src/' },
      to: { path: '(^|/)node_modules/(sharp|onnxruntime-node|@img/[^/]+)/' },
    },
    {
      name: 'pages-only-protocol',
      severity: 'error',
      comment: 'Webview pages see the server through the protocol types only, and the drawing they share with the CLI (drawing/).',
      from: { path: '^webviews/', pathNot: '^webviews/test/' },
      to: { path: '^server/', pathNot: '^server/src/(protocol|drawing)/' },
    },
    {
      name: 'drawing-stands-alone',
      severity: 'error',
      comment: 'drawing/ is bundled into pages: it imports its own files, protocol/ types and no package.',
      from: { path: '^server/src/drawing/' },
      to: { path: ['^server/src/(?!(drawing|protocol)/)', '(^|/)node_modules/'] },
    },
    {
      name: 'pages-no-jsonrpc',
      severity: 'error',
      comment: 'A page bundle must not carry the LSP libraries: from protocol/ a page imports types only (`import type`), values only from diagramStyle.ts, which declares no method object.',
      from: { path: '^webviews/', pathNot: '^webviews/test/' },
      to: {
        path: ['^server/src/protocol/', '(^|/)node_modules/vscode-(jsonrpc|languageserver-protocol|languageclient|languageserver)/'],
        pathNot: '^server/src/protocol/diagramStyle\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'server-not-client',
      severity: 'error',
      comment: 'The server and the CLI run without VS Code: nothing under server/ imports the extension or vscode.',
      from: { path: '^server/src/' },
      to: { path: ['^client/', '^vscode$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not followed, but its modules stay in the graph: the rules name some of them.
    exclude: { path: '(^|/)(out|dist)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
