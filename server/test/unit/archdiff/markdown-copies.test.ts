// `archipel diff --format markdown` and copies (issue #95): a worker added in a kustomize base, so in its 3 overlays,
// with its call to each overlay's db — one component and one connection in the summary, one node and one arrow drawn.
import assert from 'node:assert/strict';
import { compareMaps, type MapJson, type MapNode } from '../../../src/archdiff/compare';
import { diffMarkdown } from '../../../src/archdiff/markdown';

const sides = { base: { ref: 'main', commit: 'a'.repeat(40) }, head: { ref: 'working tree', commit: null } };
const envs = ['dev', 'prod', 'staging'];
const db = (env: string): MapNode => ({ id: `k8s:StatefulSet/${env}/db@overlays/${env}`, kind: 'datastore', name: 'db', sources: [{ file: 'base/db.yaml', line: 3 }] });
const worker = (env: string): MapNode => ({ id: `k8s:Deployment/${env}/worker@overlays/${env}`, kind: 'service', name: 'worker', sources: [{ file: 'base/worker.yaml', line: 3 }] });

describe('archdiff: --format markdown counts and draws copies once', () => {
  const base: MapJson = { nodes: envs.map(db), edges: [] };
  const head: MapJson = {
    nodes: [...envs.map(db), ...envs.map(worker)],
    edges: envs.map((env) => ({ from: worker(env).id, to: db(env).id, kind: 'calls', label: 'PostgreSQL :5432', sources: [{ file: 'base/worker.yaml', line: 12 }] })),
  };

  it('the summary: 1 component and 1 connection, each with its 3 copies; the diagram: one worker node, one arrow', () => {
    const text = diffMarkdown(compareMaps(base, head, sides));
    const lines = text.split('\n');
    assert.equal(lines.find((line) => line.startsWith('**')), '**1 component (1 added, 0 removed, 0 changed; 3 with their copies) · 1 connection (1 added, 0 removed; 3 with their copies) · 0 entry points (0 opened, 0 closed)**');
    const fence = lines.slice(lines.indexOf('```mermaid') + 1);
    const drawn = fence.slice(0, fence.indexOf('```')).filter((line) => !line.includes('classDef') && line !== 'flowchart LR');
    assert.deepEqual(drawn, [
      '  n0["worker<br/><small>service#44; 3 copies</small>"]:::added',
      '  n1["db"]',
      '  n0 -->|"calls PostgreSQL #58;5432"| n1',
      '  linkStyle 0 stroke:#2da44e',
    ]);
    // The Components table: one row, the three ids in its Id cell.
    assert.equal(lines.filter((line) => line.startsWith('| added | service |')).length, 1);
  });
});
