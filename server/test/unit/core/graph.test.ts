import assert from 'node:assert/strict';
import { cycleEdges, cycles, reachable, stronglyConnected, topologicalOrder } from '../../../src/common/graph';

/** A graph from `a>b` edges. */
function graph(...edges: string[]): { nodes: string[]; next: (node: string) => string[] } {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = edge.split('>');
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  return { nodes: [...next.keys()], next: (node) => next.get(node) ?? [] };
}

describe('common/graph', () => {
  it('finds the cycles (self-loops too), not the acyclic parts', () => {
    const g = graph('a>b', 'b>c', 'c>a', 'c>d', 'e>e', 'f>g');
    assert.deepEqual(cycles(g.nodes, g.next).map((c) => [...c].sort()), [['a', 'b', 'c'], ['e']]);
    assert.equal(stronglyConnected(g.nodes, g.next).length, 5);
  });

  it('gives each edge that closes a cycle once, with the cycle’s path', () => {
    const g = graph('a>b', 'b>c', 'c>a', 'c>c');
    const found = cycleEdges(g.nodes, (n) => g.next(n).map((to) => ({ from: n, to })), (e) => e.to);
    assert.deepEqual(found.map((f) => `${f.edge.from}>${f.edge.to}: ${f.path.join(' → ')}`), ['c>a: a → b → c → a', 'c>c: c → c']);
  });

  it('orders every node after what it depends on, otherwise in the given order; a cycle is placed as met', () => {
    const before = graph('deploy>test', 'test>build', 'docs>build', 'x>y', 'y>x');
    assert.deepEqual(topologicalOrder(['deploy', 'docs', 'test', 'build', 'x', 'y'], before.next), ['build', 'test', 'deploy', 'docs', 'y', 'x']);
  });

  it('gives what is reachable from the starts', () => {
    const g = graph('a>b', 'b>c', 'd>a');
    assert.deepEqual([...reachable(['a'], g.next)].sort(), ['a', 'b', 'c']);
  });

  it('walks a chain of 200,000 nodes without overflowing the stack', () => {
    const n = 200_000;
    const next = (i: number) => (i + 1 < n ? [i + 1] : [0]);
    const nodes = Array.from({ length: n }, (_, i) => i);
    assert.equal(cycles(nodes, next)[0].length, n);
    assert.equal(cycleEdges(nodes, next, (to) => to).length, 1);
    assert.equal(topologicalOrder(nodes, (i) => (i + 1 < n ? [i + 1] : []))[0], n - 1);
    assert.equal(reachable([0], next).size, n);
  });
});
