// The Security view's layout (issue #65): the grouped layout with parents (drawing/mapLayout.ts
// nestedLayout) — each boundary's box inside its parent's, each node inside its boundary's, the
// Internet alone on the first row, a cycle of parents drawn once at the top level, nothing overlapping
// between siblings; arrows from the Internet come down onto the top of the boxes they enter.
import assert from 'node:assert/strict';
import { arrange } from '../../../src/drawing/mapArrange';
import { textWidth } from '../../../src/drawing/textWidth';

const inside = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('Security view layout: nested boundaries', () => {
  const groups = [
    { id: 'internet', label: 'Internet', alone: true },
    { id: 'compose', label: 'Compose shop' },
    { id: 'cluster', label: 'cluster prod' },
    { id: 'ns-a', label: 'namespace a', parent: 'cluster' },
    { id: 'ns-b', label: 'namespace b', parent: 'cluster' },
    { id: 'vpc', label: 'vpc' },
    { id: 'subnet', label: 'subnet', parent: 'vpc' },
    { id: 'sg', label: 'security group', parent: 'subnet' },
  ];
  const nodes = [
    { id: 'internet', lines: ['Internet'], group: 'internet' },
    { id: 'web', lines: ['web', 'nginx'], group: 'compose' },
    { id: 'db', lines: ['db', 'confidential'], group: 'compose' },
    { id: 'api', lines: ['api'], group: 'ns-a' },
    { id: 'worker', lines: ['worker'], group: 'ns-b' },
    { id: 'rds', lines: ['orders', 'confidential'], group: 'sg' },
    { id: 'loose', lines: ['Container platform'] },
  ];
  const edges = [{ from: 'internet', to: 'web' }, { from: 'internet', to: 'rds' }, { from: 'web', to: 'db' }];

  it('draws each boundary inside its parent, each node inside its boundary, the Internet on its own row', () => {
    const layout = arrange({ nodes, edges, groups, grouped: true, downward: true }, { width: 1200, height: 800 }, textWidth);
    const box = new Map(layout.groups.map((g) => [g.id, g]));
    assert.deepEqual([...box.keys()].sort(), groups.map((g) => g.id).sort(), 'every boundary drawn once');
    for (const g of groups) if (g.parent) assert.ok(inside(box.get(g.id)!, box.get(g.parent)!), `${g.id} in ${g.parent}`);
    for (const n of nodes) if (n.group) assert.ok(inside(layout.nodes.get(n.id)!, box.get(n.group)!), `${n.id} in ${n.group}`);
    // Parents are listed (drawn) before their children.
    const order = layout.groups.map((g) => g.id);
    for (const g of groups) if (g.parent) assert.ok(order.indexOf(g.parent) < order.indexOf(g.id));
    // Siblings never overlap; the Internet's row is above every other box.
    const tops = layout.groups.filter((g) => !groups.find((x) => x.id === g.id)!.parent);
    for (const a of tops) for (const b of tops) if (a !== b) assert.ok(!overlap(a, b), `${a.id} × ${b.id}`);
    const internet = box.get('internet')!;
    for (const g of tops) if (g.id !== 'internet') assert.ok(g.y >= internet.y + internet.height, g.id);
    // The Internet's arrows come down onto the top of the boxes they enter.
    const web = layout.nodes.get('web')!;
    const route = layout.routes[0]!;
    assert.equal(route.axis, 'y');
    assert.equal(route.points[route.points.length - 1].y, web.y);
  });

  it('draws a cycle of parents once, at the top level, and ends', () => {
    const cyclic = [{ id: 'a', label: 'a', parent: 'b' }, { id: 'b', label: 'b', parent: 'a' }, { id: 'c', label: 'c', parent: 'c' }];
    const layout = arrange({ nodes: [{ id: 'x', lines: ['x'], group: 'a' }, { id: 'y', lines: ['y'], group: 'c' }], edges: [], groups: cyclic, grouped: true }, { width: 800, height: 600 }, textWidth);
    assert.deepEqual(layout.groups.map((g) => g.id).sort(), ['a', 'b', 'c']);
    assert.ok(inside(layout.nodes.get('y')!, layout.groups.find((g) => g.id === 'c')!));
  });
});
