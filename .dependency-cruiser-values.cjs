// The second pass of the layering check (scripts/layering.mjs; the first is .dependency-cruiser.cjs):
// what a module reaches through value imports, transitively, i.e. what runs when it is loaded.
// Type-only imports are left out of this graph (they are erased at compile time).
const { PURE, IO, RUNTIME } = require('./scripts/lib/layers.cjs');

module.exports = {
  forbidden: [
    {
      name: 'pure-reaches-no-io',
      severity: 'error',
      comment: 'A pure service must not reach the disk, processes, threads or the connection through any chain of value imports (settings.ts → an engine → platform/ → fs did).',
      from: { path: PURE },
      to: { path: [...IO, ...RUNTIME], reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(out|dist)/' },
    tsPreCompilationDeps: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
