// The Mermaid worker as the build ships it (dist/server/mermaidWorker.js → mermaidWorkerMain.js,
// jsdom bundled in, loaded through a V8 code cache): it answers exactly as the unbundled worker
// (tsc's out/) on every diagram type, and its code cache is made by the first worker and used by
// the next. Built by `npm test`. Its jsdom patches: patched-bundles.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { WorkerMermaidParser } from '../../../src/engines/mermaid/parser';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const bundled = path.join(repoRoot, 'dist', 'server', 'mermaidWorker.js');

/** One sample per diagram type Mermaid knows, and a few errors. */
const samples = [
  'graph TD\n  A-->B\n',
  'graph TD\n  A-->\n',
  'flowchart LR\n  A["<b>x</b>"] --> B{{y}}\n  click A "https://example.com" "t"\n',
  'sequenceDiagram\n  Alice->>Bob: Hi\n  Bob-->>Alice: ok\n',
  'sequenceDiagram\n  Alice->>: Hi\n',
  'classDiagram\n  class A {\n    +int x\n  }\n  A <|-- B\n',
  'erDiagram\n  A ||--o{ B : has\n',
  'gantt\n  title T\n  section S\n  a :a1, 2024-01-01, 3d\n',
  'pie title P\n  "a" : 1\n  "b" : 2\n',
  'stateDiagram-v2\n  [*] --> A\n  A --> [*]\n',
  'journey\n  title J\n  section S\n    a: 5: me\n',
  'gitGraph\n  commit\n  branch x\n  commit\n',
  'mindmap\n  root\n    a\n    b\n',
  'timeline\n  title T\n  2020 : a\n',
  'quadrantChart\n  x-axis a --> b\n',
  'xychart-beta\n  x-axis [a, b]\n  bar [1, 2]\n',
  'block-beta\n  a b c\n',
  'architecture-beta\n  service a(server)[A]\n',
  'sankey-beta\n  a,b,1\n',
  'requirementDiagram\n  requirement r {\n    id: 1\n    text: t\n  }\n',
  'C4Context\n  Person(a, "A")\n',
  'packet-beta\n  0-15: "x"\n',
  'kanban\n  todo\n    a\n',
  'nonsense here\n',
];

describe('Mermaid worker bundle (jsdom bundled, code cache)', function () {
  this.timeout(120_000);

  it('answers exactly as the unbundled worker, on every diagram type and on errors', async () => {
    assert.ok(existsSync(bundled), 'dist/server/mermaidWorker.js is missing: run the build (npm test builds first)');
    const answers = async (parser: WorkerMermaidParser) => {
      try {
        const list: string[] = [];
        for (const text of samples) list.push(JSON.stringify(await parser.parse(text)));
        return list;
      } finally {
        parser.dispose();
      }
    };
    const fromSources = await answers(new WorkerMermaidParser());
    const fromBundle = await answers(new WorkerMermaidParser(() => bundled));
    assert.deepEqual(fromBundle, fromSources);
    assert.equal(fromBundle.filter((a) => a.startsWith('{"ok":false')).length, 3, 'the three broken samples fail, the others parse');
  });

  it('saves its code cache before its first answer and uses it in the next worker', async () => {
    const tree = makeTree({});
    const previous = process.env.ARCHIPEL_CACHE_DIR;
    // A worker thread starts with a copy of this process's environment.
    process.env.ARCHIPEL_CACHE_DIR = path.join(tree.root, 'cache');
    const caches = () => {
      const folder = path.join(tree.root, 'cache', 'v8');
      return existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith('mermaidWorkerMain-')).map((name) => path.join(folder, name)) : [];
    };
    let firstSaved: number | undefined;
    try {
      for (let run = 0; run < 2; run++) {
        const parser = new WorkerMermaidParser(() => bundled);
        try {
          assert.deepEqual(await parser.parse('graph TD\n  A-->B\n'), { ok: true, diagramType: 'flowchart-v2' });
        } finally {
          parser.dispose();
        }
        const [cache] = caches();
        assert.ok(cache, 'the first worker saved a cache');
        if (run === 0) firstSaved = statSync(cache).mtimeMs;
        else assert.equal(statSync(cache).mtimeMs, firstSaved, 'the second worker used it as it was');
      }
      assert.equal(caches().length, 1);
    } finally {
      if (previous === undefined) delete process.env.ARCHIPEL_CACHE_DIR;
      else process.env.ARCHIPEL_CACHE_DIR = previous;
      tree.remove();
    }
  });
});
