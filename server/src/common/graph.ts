/**
 * Directed graphs, once for every family that has one (ADR supersessions, pipeline stages, workflow
 * jobs' needs, diagrams): strongly connected components (the cycles), each edge that closes a
 * cycle with the cycle's path, a topological order, what is reachable. Every walk is iterative, with
 * its own stack: a long chain of nodes (10,000 stages) must not overflow the JavaScript stack.
 * Nodes are any values compared by identity; `next(node)` gives a node's successors, in the order
 * they are to be visited (results follow the order of `nodes`, then of `next`: deterministic).
 */

/**
 * A depth-first walk from `start` with its own stack: `descend(from, to)` is asked for each edge in
 * order and says whether to walk into `to`; `leave(node, parent)` is called once a node's edges are
 * all done (post-order).
 */
function walk<T>(start: T, next: (node: T) => Iterable<T>, descend: (from: T, to: T) => boolean, leave: (node: T, parent: T | undefined) => void): void {
  const work: { node: T; successors: Iterator<T> }[] = [{ node: start, successors: next(start)[Symbol.iterator]() }];
  while (work.length > 0) {
    const top = work[work.length - 1];
    const step = top.successors.next();
    if (!step.done) {
      if (descend(top.node, step.value)) work.push({ node: step.value, successors: next(step.value)[Symbol.iterator]() });
      continue;
    }
    work.pop();
    leave(top.node, work.length > 0 ? work[work.length - 1].node : undefined);
  }
}

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
  const descend = (from: T, to: T): boolean => {
    if (!order.has(to)) {
      enter(to);
      return true;
    }
    if (onStack.has(to)) low.set(from, Math.min(low.get(from)!, order.get(to)!));
    return false;
  };
  const leave = (v: T, parent: T | undefined) => {
    if (parent !== undefined) low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
    if (low.get(v) !== order.get(v)) return;
    const component: T[] = [];
    let w: T;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    components.push(component.reverse());
  };
  for (const start of nodes) {
    if (order.has(start)) continue;
    enter(start);
    walk(start, next, descend, leave);
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
  const descend = (_from: T, node: T): boolean => {
    if (placed.has(node) || visiting.has(node)) return false;
    visiting.add(node);
    return true;
  };
  const leave = (node: T) => {
    visiting.delete(node);
    placed.add(node);
    order.push(node);
  };
  for (const first of nodes) {
    if (placed.has(first)) continue;
    visiting.add(first);
    walk(first, before, descend, leave);
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
