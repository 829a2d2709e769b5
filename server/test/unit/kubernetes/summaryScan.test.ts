import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { scanSummarised } from '../../../src/kubernetes/model/summaryScan';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { readObjects } from '../../../src/kubernetes/model/objects';
import { isTemplatedYaml } from '../../../src/service';
import { IndexedFile } from '../../../src/workspace/index';
import { repoRoot } from '../../helpers';

/**
 * kubernetes/model/summaryScan.ts: a manifest's objects read from its lines, for a one-file check's context
 * (platform/oneFile.ts). Its answer, when it gives one, is the summarizer's: the file is summarised, with those kinds
 * and namespaces (issue #84).
 */
const MAX = 1024 * 1024;
const uri = 'file:///repo/apps/a/x.yaml';

function scan(text: string, at = uri) {
  return scanSummarised(at, text, MAX, isTemplatedYaml);
}

/** What the summarizer makes of the text: undefined when it keeps it whole, else each object's kind and namespace. */
function summarised(text: string, at = uri) {
  const file = new IndexedFile(at, text, undefined, undefined, true);
  if (!kubernetesSummarizer.summarize(file)) return undefined;
  return readObjects(file).map((o) => (o.namespace === undefined ? { kind: o.kind } : { kind: o.kind, namespace: o.namespace }));
}

const deployment = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
${namespace}  labels:
    app: api
spec:
  template:
    metadata:
      namespace: not-this-one
    spec:
      containers:
        - name: api
          image: "example/api:1"
          args: ["--port", '8080']
`;

describe('a manifest read from its lines (summaryScan)', function () {
  this.timeout(120000);

  it('reads kinds and namespaces as the summarizer does', () => {
    const text = `# leading comment\n---\n${deployment('  namespace: shop # where\n')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: "quoted"\ndata:\n  a: b\n...\n`;
    const expected = [{ kind: 'Deployment', namespace: 'shop' }, { kind: 'Namespace' }, { kind: 'ConfigMap', namespace: 'quoted' }];
    assert.deepEqual(scan(text), expected);
    assert.deepEqual(summarised(text), expected);
    // No namespace: none, as the model has it (the scope `ns:*`).
    assert.deepEqual(scan(deployment('')), [{ kind: 'Deployment' }]);
    assert.deepEqual(summarised(deployment('')), [{ kind: 'Deployment' }]);
    assert.deepEqual(scan(deployment('  namespace: shop\n').replace(/\n/g, '\r\n')), [{ kind: 'Deployment', namespace: 'shop' }]);
  });

  // Each a shape whose objects only a parse knows: the scan gives no answer (the file is parsed).
  for (const [title, text] of [
    ['a kind continued on the next line', 'apiVersion: v1\nkind: Service\n  Account\nmetadata:\n  name: a\n'],
    ['a namespace continued on the next line', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: a\n    b\n'],
    ['an escape in a double-quoted namespace', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: "sho\\x70"\n'],
    ['a namespace over two quoted lines', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: "a\n  b"\n'],
    ['an alias for the namespace', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: *ns\n'],
    ['a merge key in metadata', 'apiVersion: v1\nkind: Service\nmetadata:\n  <<: *base\n  name: a\n'],
    ['a flow metadata', 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: b}\n'],
    ['metadata over a flow sequence', 'apiVersion: v1\nkind: Service\nmetadata:\n  labels: [\n  namespace: x\n  ]\n'],
    ['a quoted key', 'apiVersion: v1\nkind: Service\nmetadata:\n  "namespace": b\n'],
    ['a duplicate top-level key', 'apiVersion: v1\nkind: Service\nkind: Pod\nmetadata:\n  name: a\n'],
    ['a duplicate namespace', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: a\n  namespace: b\n'],
    ['a number for a namespace', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: 123\n'],
    ['a kind not summarised', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n'],
    ['a document without an object', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n# nothing\n'],
    ['a document after its end marker', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n...\nkind: x\n'],
    ['an indented document', '  apiVersion: v1\n  kind: Service\n'],
    ['a directive', '%YAML 1.2\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n'],
    ['a marker with content', '--- !tag\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n'],
    ['a lone carriage return', 'apiVersion: v1\rkind: Pod\nkind: Service\nmetadata:\n  name: a\n'],
    ['a template', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n'],
    ['a null metadata', 'apiVersion: v1\nkind: Service\nmetadata:\n'],
  ] as const) {
    it(`no answer: ${title}`, () => {
      assert.equal(scan(text), undefined);
    });
  }

  it('names kept whole by the summarizer are not scanned', () => {
    const text = deployment('  namespace: shop\n');
    assert.equal(scan(text, 'file:///repo/k/kustomization.yaml'), undefined);
    assert.equal(scan(text, 'file:///repo/.github/workflows/x.yaml'), undefined);
    assert.equal(scan(text, 'file:///repo/k/x.json'), undefined);
  });

  it('agrees with the summarizer on every YAML file of the fixtures', () => {
    const root = path.join(repoRoot, 'server', 'test', 'fixtures');
    let answered = 0;
    let files = 0;
    const folders = [root];
    while (folders.length > 0) {
      const folder = folders.pop() as string;
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) folders.push(file);
        else if (/\.ya?ml$/i.test(entry.name)) {
          const text = readFileSync(file, 'utf8');
          const at = pathToFileURL(file).href;
          const objects = scan(text, at);
          const expected = summarised(text, at);
          if (expected) files++;
          if (!objects) continue;
          answered++;
          assert.deepEqual(objects, expected, file);
        }
      }
    }
    // Every answer is the summarizer's; most summarised manifests are answered (190 of 218 on 2026-11-27: the others
    // have quotes over lines, anchors or escapes). A bound, not a count: other sessions add fixtures.
    assert.ok(answered >= 190 && answered >= files * 0.8, `${answered} answered of ${files} summarised`);
  });
});
