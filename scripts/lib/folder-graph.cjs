// The folder graph of server/src/ (issue #63), the fourth pass of scripts/layering.mjs: dependency-cruiser's
// graph (every import, types included) grouped by folder (layers.cjs: folderOf) and ordered by the layers
// of layers.cjs (LAYERS, top to bottom). Three kinds of violation, each named with the imports behind it:
//   folder-back-up  a folder importing one of a layer above its own;
//   folder-mutual   two folders importing each other;
//   folder-cycle    folders importing each other through others (a strongly connected set of two or more).
// server/test/unit/core/layering.test.ts plants each in a copy of the tree and sees it named.

/**
 * The folder graph of a cruise result (dependency-cruiser's JSON): `from → to` → the import lines
 * (`file → file`) behind that edge, for the modules of server/src/ only.
 */
function folderEdges(result, layers) {
  const edges = new Map();
  for (const module of result.modules) {
    const from = layers.folderOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = layers.folderOf(dependency.resolved);
      if (!to || to === from) continue;
      const key = `${from}\t${to}`;
      if (!edges.has(key)) edges.set(key, []);
      edges.get(key).push(`${module.source} → ${dependency.resolved}`);
    }
  }
  return edges;
}

/** The strongly connected sets of two folders or more (Tarjan's algorithm, iterative). */
function cyclesOf(edges) {
  const next = new Map();
  for (const key of edges.keys()) {
    const [from, to] = key.split('\t');
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from).push(to);
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const sets = [];
  let counter = 0;
  for (const root of [...next.keys()].sort()) {
    if (index.has(root)) continue;
    const work = [{ node: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const children = next.get(frame.node);
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node), index.get(child)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const set = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          set.push(member);
        } while (member !== frame.node);
        if (set.length > 1) sets.push(set.sort());
      }
    }
  }
  return sets;
}

/** What is wrong with the folder graph: one line each (`folder-back-up: a → b (file → file, …)`), none when it is clean. */
function folderViolations(result, layers) {
  const edges = folderEdges(result, layers);
  const lines = (key) => {
    const imports = edges.get(key);
    return imports.slice(0, 3).join(', ') + (imports.length > 3 ? `, and ${imports.length - 3} more` : '');
  };
  const violations = [];
  for (const key of [...edges.keys()].sort()) {
    const [from, to] = key.split('\t');
    if (layers.layerOf(from) > layers.layerOf(to)) violations.push(`folder-back-up: ${from} → ${to}, a layer above it (${lines(key)})`);
    if (from < to && edges.has(`${to}\t${from}`)) violations.push(`folder-mutual: ${from} ↔ ${to} (${lines(key)}; ${lines(`${to}\t${from}`)})`);
  }
  for (const set of cyclesOf(edges)) violations.push(`folder-cycle: ${set.join(', ')} import each other`);
  return violations;
}

module.exports = { folderEdges, folderViolations, cyclesOf };
