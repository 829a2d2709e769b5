// A `depends-on` beside a call between the same boxes is one arrow, the call, whose lines say both (issue #79: 57 of
// opentelemetry-demo's 67 start-order arrows ran beside a call) — in every view, in the summaries and in every export.
import assert from 'node:assert/strict';
import type { SystemEdge, SystemNode } from '../../../src/features/system/contributor';
import { systemText } from '../../../src/system/diagram';
import type { SystemModel } from '../../../src/system/model';
import { systemView, systemViews, type SystemViewGraph } from '../../../src/system/views';
import { repository } from './repositories';

/** The pairs of boxes joined by a start order and a call both. */
function doubled(graph: SystemViewGraph): string[] {
  const kinds = new Map<string, string[]>();
  for (const e of graph.edges) kinds.set(`${e.from} → ${e.to}`, [...(kinds.get(`${e.from} → ${e.to}`) ?? []), e.kind]);
  return [...kinds].filter(([, k]) => k.includes('depends-on') && (k.includes('calls') || k.includes('may-call'))).map(([pair]) => pair);
}

const place = (uri: string, line: number) => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 1 } } });

describe('System map: a start order beside a call is one arrow (issue #79)', function () {
  this.timeout(120_000);

  it("opentelemetry-demo: of the model's 67 start orders, 10 are drawn (containers and deployment views), none beside a call; the call says the depends_on's lines", async () => {
    const { model, view } = await repository('open-telemetry+opentelemetry-demo');
    assert.equal(model.edges.filter((e) => e.kind === 'depends-on').length, 67);
    const counts: Record<string, string> = {};
    for (const name of systemViews) {
      const graph = view(name);
      assert.deepEqual(doubled(graph), [], name);
      counts[name] = `${graph.edges.filter((e) => e.kind === 'depends-on').length} start orders, ${graph.edges.filter((e) => e.kind === 'calls').length} calls`;
      // Each export draws the view's arrows, no more: Mermaid's and C4-PlantUML's `Rel`s (a possible call is `..>` in PlantUML), Structurizr's `->`.
      if (graph.nodes.length <= 20) assert.equal((systemText(graph, 'mermaid').match(/^\s*Rel\(/gm) ?? []).length, graph.edges.length, `${name} Mermaid`);
      assert.equal((systemText(graph, 'plantuml').match(/^\s*(Rel\(|\S+ \.\.> )/gm) ?? []).length, graph.edges.length, `${name} PlantUML`);
    }
    // 80 calls: accounting → astronomy-db, its `DB_CONNECTION_STRING=Host=${POSTGRES_HOST};…` (compose.full.yaml), read since map79f.
    assert.deepEqual(counts, { containers: '10 start orders, 80 calls', context: '0 start orders, 2 calls', deployment: '10 start orders, 80 calls', delivery: '0 start orders, 0 calls' });
    // The call carries the start order's lines: `why` on checkout → cart says the address and the depends_on.
    const containers = view('containers');
    const checkout = containers.nodes.find((n) => n.name === 'checkout')!;
    const cart = containers.nodes.find((n) => n.name === 'cart')!;
    const arrows = containers.edges.filter((e) => e.from === checkout.id && e.to === cart.id);
    assert.deepEqual(arrows.map((e) => e.kind), ['calls']);
    const startOrder = model.edges.find((e) => e.kind === 'depends-on' && checkout.members.includes(e.from) && cart.members.includes(e.to))!;
    for (const source of startOrder.sources) assert.ok(arrows[0].sources.some((s) => s.uri === source.uri && s.range.start.line === source.range.start.line), `line ${source.range.start.line + 1} of ${source.uri}`);
  });

  it('past 1,200 components (the summary by folder made from the nodes): a start order beside a call between two folders is the call, with both lines', () => {
    const nodes: SystemNode[] = [];
    for (const folder of ['a', 'b', 'c']) {
      for (let i = 0; i < 410; i++) nodes.push({ id: `${folder}${i}`, kind: 'service', name: `${folder}-${i}`, family: 'compose', sources: [place(`file:///ws/${folder}/compose.yaml`, i)] });
    }
    const edge = (from: string, to: string, kind: string, line: number): SystemEdge => ({ from, to, kind, label: kind, family: 'compose', sources: [place('file:///ws/a/compose.yaml', line)] });
    const edges = [edge('a1', 'b1', 'calls', 1), edge('a2', 'b2', 'depends-on', 2), edge('a3', 'c3', 'depends-on', 3)];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const model: SystemModel = { nodes, edges, unresolved: [], entries: [], node: (id) => byId.get(id) };
    const summary = systemView(model, 'containers', 'ws');
    assert.match(summary.note ?? '', /^1230 components: past 300 components/);
    assert.deepEqual(summary.edges.map((e) => `${e.from} → ${e.to} ${e.kind}: ${e.sources.map((s) => s.range.start.line + 1).join(', ')}`), ['folder:a → folder:b calls: 2, 3', 'folder:a → folder:c depends-on: 4']);
  });
});
