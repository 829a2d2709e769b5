// The system map reads the position of every manifest's addresses without keeping a tree per document
// (issue #84: 10,000 services, 20,000 trees held at once, 412 MB peak in `check`), and a whole-folder
// check parses past its budget without spans, reading them when a file's findings are placed.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** A manifest of `count` Deployments + Services, each Deployment's env naming the next Service. */
function services(first: number, count: number): string {
  let text = '';
  for (let n = first; n < first + count; n++) {
    text += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: svc-${n}, namespace: ns}\nspec:\n  selector: {matchLabels: {app: svc-${n}}}\n  template:\n    metadata: {labels: {app: svc-${n}}}\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/svc-${n}:1.0\n        env:\n        - {name: NEXT_URL, value: "http://svc-${n + 1}:8080"}\n`;
    text += `---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-${n}, namespace: ns}\nspec:\n  selector: {app: svc-${n}}\n  ports: [{port: 8080}]\n`;
  }
  return text;
}

/** Chunks of the index's files that hold their spans (a block-read chunk holding them is what `blockRead` gives). */
function chunksWithSpans(index: WorkspaceIndex): number {
  let held = 0;
  for (const file of index.files()) for (const { chunk } of file.yaml?.chunks ?? []) if (chunk.blockRead) held++;
  return held;
}

describe('the system map and the spans of a large folder (issue #84)', () => {
  const uri = (n: number): string => `file:///ws/k/f${n}.yaml`;

  it('the map places every address with its line and leaves no document holding its tree', async () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (let f = 0; f < 4; f++) index.update(uri(f), services(f * 25, 25), { context: true });
    const contributors = systemContributors(families);
    await prepareContributors(contributors, index);
    const model = buildSystemModel(index, contributors);
    const calls = model.edges.filter((e) => e.kind === 'calls');
    assert.equal(calls.length, 99);
    const first = calls.find((e) => e.from.endsWith('svc-0'));
    // svc-0's NEXT_URL, on line 14 of f0.yaml (1-based), its value's line.
    assert.deepEqual([first?.sources[0].uri, first?.sources[0].range.start.line], [uri(0), 13]);
    assert.equal(chunksWithSpans(index), 0);
  });

  it('a checked file past spansWithValueChars is parsed without its spans; the ones before keep them until released', () => {
    const text = services(0, 10);
    const index = new WorkspaceIndex({ ...indexOptions(defaultSettings), spansWithValueChars: text.length + 1 });
    const kept = index.update(uri(0), text);
    const lazy = index.update(uri(1), text);
    for (const file of [kept, lazy]) for (const { chunk } of file.yaml?.chunks ?? []) void chunk.value;
    const held = (file: typeof kept): number => (file.yaml?.chunks ?? []).filter(({ chunk }) => chunk.blockRead).length;
    assert.deepEqual([held(kept), held(lazy)], [20, 0]);
    kept.releaseSpans();
    assert.equal(held(kept), 0);
    // Read again when asked (a finding placed after the release): the same spans.
    assert.ok(kept.yaml?.chunks[0].chunk.tree);
  });
});
