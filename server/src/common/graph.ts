/**
 * Directed graphs, once for every family that has one (ADR supersessions, pipeline stages, workflow
 * jobs' needs, diagrams): strongly connected components (the cycles), each edge that closes a
 * cycle with the cycle's path, a topological order, what is reachable. Every walk is iterative, with
 * its own stack: a long chain of nodes (10,000 stages) must not overflow the JavaScript stack.
 * Nodes are any values compared by identity; `next(node)` gives a node's successors, in the order
 * they are to be visited (results follow the order of `nodes`, then of `next`: deterministic).
 */

/**
 * The strongly connected components (Tarjan's algorithm), each in the order its nodes were met, in
 * the order they are completed (a component comes before the components that lead to it).
 */
export function stronglyConnected<T>(nodes: Iterable<T>, next: (node: T) => Iterable<T>): T[][] {
  const order = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const components: T[][] = [];
  let counter = 0;
  const enter = (node: T) => {
    order.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
  };
  for (const start of nodes) {
    if (order.has(start)) continue;
    enter(start);
    const work: { node: T; successors: Iterator<T> }[] = [{ node: start, successors: next(start)[Symbol.iterator]() }];
    while (work.length > 0) {
      const top = work[work.length - 1];
      const step = top.successors.next();
      if (!step.done) {
        const successor = step.value;
        if (!order.has(successor)) {
          enter(successor);
          work.push({ node: successor, successors: next(successor)[Symbol.iterator]() });
        } else if (onStack.has(successor)) low.set(top.node, Math.min(low.get(top.node)!, order.get(successor)!));
        continue;
      }
      work.pop();
      const v = top.node;
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) !== order.get(v)) continue;
      const component: T[] = [];
      let w: T;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component.reverse());
    }
  }
  return components;
}

/** The components that are cycles: more than one node, or one node that leads to itself. */
export function cycles<T>(nodes: Iterable<T>, next: (node: T) => Iterable<T>): T[][] {
  return stronglyConnected(nodes, next).filter((c) => c.length > 1 || [...next(c[0])].includes(c[0]));
}

/**
 * Every edge that closes a cycle in a depth-first walk (each such edge once), with the cycle's path
 * from the edge's target back to it (`[b, c, a, b]` for the edge a → b). `edges(node)` gives a
 * node's outgoing edges (a workflow job's `needs` entries, to report on) and `target(edge)` where
 * one leads (undefined: nowhere in the graph).
 */
export function cycleEdges<T, E>(nodes: Iterable<T>, edges: (node: T) => readonly E[], target: (edge: E) => T | undefined): { edge: E; path: T[] }[] {
  const state = new Map<T, 'visiting' | 'done'>();
  const found: { edge: E; path: T[] }[] = [];
  for (const start of nodes) {
    if (state.has(start)) continue;
    const path: T[] = [start];
    const work: { node: T; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'visiting');
    while (work.length > 0) {
      const top = work[work.length - 1];
      const out = edges(top.node);
      if (top.next >= out.length) {
        work.pop();
        path.pop();
        state.set(top.node, 'done');
        continue;
      }
      const edge = out[top.next++];
      const to = target(edge);
      if (to === undefined) continue;
      const seen = state.get(to);
      if (seen === 'visiting') found.push({ edge, path: [...path.slice(path.indexOf(to)), to] });
      else if (seen === undefined) {
        state.set(to, 'visiting');
        path.push(to);
        work.push({ node: to, next: 0 });
      }
    }
  }
  return found;
}

/**
 * Every node after the nodes it depends on (`before(node)`), otherwise in the order of `nodes`:
 * each node in turn, what it depends on placed first, depth first. A node met again while it is
 * being placed (a cycle) is placed as it is.
 */
export function topologicalOrder<T>(nodes: Iterable<T>, before: (node: T) => Iterable<T>): T[] {
  const placed = new Set<T>();
  const visiting = new Set<T>();
  const order: T[] = [];
  for (const first of nodes) {
    if (placed.has(first)) continue;
    visiting.add(first);
    const work: { node: T; successors: Iterator<T> }[] = [{ node: first, successors: before(first)[Symbol.iterator]() }];
    while (work.length > 0) {
      const top = work[work.length - 1];
      const step = top.successors.next();
      if (!step.done) {
        const node = step.value;
        if (!placed.has(node) && !visiting.has(node)) {
          visiting.add(node);
          work.push({ node, successors: before(node)[Symbol.iterator]() });
        }
        continue;
      }
      work.pop();
      visiting.delete(top.node);
      placed.add(top.node);
      order.push(top.node);
    }
  }
  return order;
}

/** The nodes reachable from `starts` (the starts included). */
export function reachable<T>(starts: Iterable<T>, next: (node: T) => Iterable<T>): Set<T> {
  const seen = new Set<T>();
  const queue = [...starts];
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const successor of next(node)) if (!seen.has(successor)) queue.push(successor);
  }
  return seen;
}
