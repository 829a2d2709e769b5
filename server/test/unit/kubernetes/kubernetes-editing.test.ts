import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Location, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from '../../../src/features/feature';
import { isDns1123Subdomain } from '../../../src/kubernetes/editor/codeActions';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { cleanWorkspace } from '../../fixtures/manifests-clean';
import { allFeatures, cursor, diagnoseWorkspace } from '../../helpers';

const kubernetes = () => allFeatures().find((f) => f.id === 'kubernetes')!;

/** The clean workspace plus `files`, with the `|` cursor in `target`. */
function workspace(files: Record<string, string>, target: string): { context: FeatureContext; uri: string; offset: number } {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  let offset = -1;
  for (const [path, marked] of Object.entries({ ...cleanWorkspace, ...files })) {
    const hasCursor = path === target && marked.includes('|');
    const { text, offset: at } = hasCursor ? cursor(marked) : { text: marked, offset: -1 };
    if (path === target) offset = at;
    index.update(`file:///ws/${path}`, text);
  }
  return { context: { index, settings: defaultSettings, isCancelled: () => false }, uri: `file:///ws/${target}`, offset };
}

function complete(files: Record<string, string>, target: string): string[] {
  const { context, uri, offset } = workspace(files, target);
  return kubernetes().completion!(context.index.get(uri)!, offset, context).map((i) => i.label);
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits);
}

describe('Kubernetes editing help', () => {
  describe('completion from the workspace', () => {
    it('offers ConfigMap names, then the keys of the one named', () => {
      const deployment = cleanWorkspace['k8s/deployment.yaml'];
      assert.deepEqual(complete({ 'k8s/deployment.yaml': deployment.replace('name: api-config', 'name: |') }, 'k8s/deployment.yaml'), ['api-config']);
      assert.deepEqual(complete({ 'k8s/deployment.yaml': deployment.replace('key: LOG_LEVEL', 'key: |') }, 'k8s/deployment.yaml'), ['LOG_LEVEL']);
      assert.deepEqual(complete({ 'k8s/deployment.yaml': deployment.replace('name: api-secret', 'name: |') }, 'k8s/deployment.yaml'), ['api-secret']);
    });

    it('offers pod labels for a Service selector', () => {
      const service = cleanWorkspace['k8s/service.yaml'].replace('    app: api\n', '    |\n');
      assert.deepEqual(complete({ 'k8s/service.yaml': service }, 'k8s/service.yaml'), ['app: api']);
    });

    it('offers Services and their ports for Ingress backends', () => {
      const ingress = cleanWorkspace['k8s/ingress.yaml'];
      assert.deepEqual(complete({ 'k8s/ingress.yaml': ingress.replace('                name: api\n', '                name: |\n') }, 'k8s/ingress.yaml'), ['api']);
      assert.deepEqual(complete({ 'k8s/ingress.yaml': ingress.replace('name: web', 'name: |') }, 'k8s/ingress.yaml'), ['web']);
    });

    it('offers workloads of the kind for an autoscaler target', () => {
      assert.deepEqual(complete({ 'k8s/hpa.yaml': cleanWorkspace['k8s/hpa.yaml'].replace('    name: api', '    name: |') }, 'k8s/hpa.yaml'), ['api']);
    });
  });

  describe('hover', () => {
    it('shows the description and type of a field', () => {
      const { context, uri, offset } = workspace({ 'k8s/deployment.yaml': cleanWorkspace['k8s/deployment.yaml'].replace('  replicas: 2', '  repl|icas: 2') }, 'k8s/deployment.yaml');
      const hover = kubernetes().hover!(context.index.get(uri)!, offset, context);
      const text = (hover?.contents as { value: string }).value;
      assert.match(text, /^`spec\.replicas` — \*integer\*/);
      assert.match(text, /Number of desired pods/);
    });

    it('summarises the referenced object on a reference', () => {
      const { context, uri, offset } = workspace({ 'k8s/deployment.yaml': cleanWorkspace['k8s/deployment.yaml'].replace('name: api-config', 'name: api-co|nfig') }, 'k8s/deployment.yaml');
      const text = (kubernetes().hover!(context.index.get(uri)!, offset, context)?.contents as { value: string }).value;
      assert.match(text, /\*\*ConfigMap\*\* `api-config` in namespace `shop`/);
      // The ConfigMap starts on line 1 (apiVersion), its kind on line 2.
      assert.ok(cleanWorkspace['k8s/configmap.yaml'].startsWith('apiVersion: v1\nkind: ConfigMap\n'));
      assert.match(text, /defined in configmap\.yaml:1\s/);
      // In a file of several documents, the line of the document's first key, after its `---` and comments.
      const both = workspace({ 'k8s/deployment.yaml': cleanWorkspace['k8s/deployment.yaml'].replace('name: api-config', 'name: api-co|nfig'), 'k8s/configmap.yaml': `${cleanWorkspace['k8s/service.yaml']}---\n# the configuration\n${cleanWorkspace['k8s/configmap.yaml']}` }, 'k8s/deployment.yaml');
      const second = (kubernetes().hover!(both.context.index.get(both.uri)!, both.offset, both.context)?.contents as { value: string }).value;
      const line = `${cleanWorkspace['k8s/service.yaml']}---\n# the configuration\n`.split('\n').length;
      assert.match(second, new RegExp(`defined in configmap\\.yaml:${line}\\s`));
      assert.match(text, /keys: `LOG_LEVEL`/);
    });
  });

  describe('outline', () => {
    it('has one symbol per object with its containers as children', () => {
      const { context } = workspace({ 'k8s/all.yaml': `${cleanWorkspace['k8s/deployment.yaml']}---\n${cleanWorkspace['k8s/service.yaml']}` }, 'k8s/all.yaml');
      const symbols = kubernetes().documentSymbols!(context.index.get('file:///ws/k8s/all.yaml')!, context);
      assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [['Deployment api', ['api']], ['Service api', []]]);
      assert.equal(symbols[1].range.start.line, 51);
    });
  });

  describe('definition and references', () => {
    const at = (locations: Location[]) => locations.map((l) => `${l.uri.slice('file:///ws/'.length)}:${l.range.start.line}`).sort();

    it('goes from a reference to the object', () => {
      const { context, uri, offset } = workspace({ 'k8s/ingress.yaml': cleanWorkspace['k8s/ingress.yaml'].replace('                name: api\n', '                name: a|pi\n') }, 'k8s/ingress.yaml');
      assert.deepEqual(at(kubernetes().definition!(context.index.get(uri)!, offset, context)), ['k8s/service.yaml:3']);
    });

    it('goes from a mounted claimName to the PersistentVolumeClaim', () => {
      const pvc = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: api-data\n  namespace: shop\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n';
      const mounted = cleanWorkspace['k8s/deployment.yaml'].replace('      containers:\n', '      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: api-d|ata\n      containers:\n');
      assert.notEqual(mounted, cleanWorkspace['k8s/deployment.yaml']);
      const { context, uri, offset } = workspace({ 'k8s/deployment.yaml': mounted, 'k8s/pvc.yaml': pvc }, 'k8s/deployment.yaml');
      assert.deepEqual(at(kubernetes().definition!(context.index.get(uri)!, offset, context)), ['k8s/pvc.yaml:3']);
    });

    it('finds who points at an object', () => {
      const { context, uri, offset } = workspace({ 'k8s/deployment.yaml': cleanWorkspace['k8s/deployment.yaml'].replace('  name: api\n', '  name: a|pi\n') }, 'k8s/deployment.yaml');
      assert.deepEqual(at(kubernetes().references!(context.index.get(uri)!, offset, context)), ['k8s/hpa.yaml:9', 'k8s/pdb.yaml:7', 'k8s/service.yaml:6']);
    });
  });

  describe('quick fixes', () => {
    function fixes(files: Record<string, string>, target: string, code: string): { actions: CodeAction[]; text: string; diagnostic: Diagnostic } {
      const all = { ...cleanWorkspace, ...files };
      const diagnostic = diagnoseWorkspace(all, target).find((d) => d.code === code);
      assert.ok(diagnostic, `no ${code} diagnostic`);
      const { context, uri } = workspace(files, target);
      return { actions: kubernetes().codeActions!(context.index.get(uri)!, diagnostic.range, [diagnostic], context), text: all[target], diagnostic };
    }

    it('migrates a removed apiVersion', () => {
      const { actions, text } = fixes({ 'k8s/hpa.yaml': cleanWorkspace['k8s/hpa.yaml'].replace('autoscaling/v2\n', 'autoscaling/v2beta2\n') }, 'k8s/hpa.yaml', 'k8s-removed-api');
      assert.equal(actions[0].title, 'Change apiVersion to autoscaling/v2');
      const fixed = applyEdits(text, actions[0].edit!.changes!['file:///ws/k8s/hpa.yaml']);
      assert.equal(fixed, cleanWorkspace['k8s/hpa.yaml']);
    });

    it('aligns a selector with the template labels', () => {
      const broken = cleanWorkspace['k8s/deployment.yaml'].replace('    matchLabels:\n      app: api', '    matchExpressions:\n      - {key: app, operator: In, values: [web]}');
      const { actions, text } = fixes({ 'k8s/deployment.yaml': broken }, 'k8s/deployment.yaml', 'k8s-selector-mismatch');
      const fixed = applyEdits(text, actions[0].edit!.changes!['file:///ws/k8s/deployment.yaml']);
      assert.equal(fixed, cleanWorkspace['k8s/deployment.yaml']);
    });

    it('adds a resources skeleton that then passes the rule', () => {
      const broken = cleanWorkspace['k8s/deployment.yaml'].replace('          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n', '');
      const { actions, text } = fixes({ 'k8s/deployment.yaml': broken }, 'k8s/deployment.yaml', 'k8s-resources');
      const fixed = applyEdits(text, actions[0].edit!.changes!['file:///ws/k8s/deployment.yaml']);
      assert.deepEqual(diagnoseWorkspace({ ...cleanWorkspace, 'k8s/deployment.yaml': fixed }, 'k8s/deployment.yaml').map((d) => d.code), []);
    });

    it('offers no ConfigMap file for a name Kubernetes refuses: never a path outside the folder', () => {
      for (const name of ['../../victim/pwn', 'a"<b', 'UPPER', 'x/y']) {
        const broken = cleanWorkspace['k8s/deployment.yaml'].replace('name: api-config', `name: ${JSON.stringify(name)}`);
        const { actions } = fixes({ 'k8s/deployment.yaml': broken }, 'k8s/deployment.yaml', 'k8s-configmap-ref');
        assert.deepEqual(actions.filter((a) => a.title.startsWith('Create ConfigMap')), [], name);
      }
      assert.ok(isDns1123Subdomain('feature-flags.v2'));
      assert.ok(!isDns1123Subdomain('..') && !isDns1123Subdomain('-a') && !isDns1123Subdomain('a'.repeat(254)));
    });

    it('creates a missing ConfigMap in a new file, never over an existing one', () => {
      const broken = cleanWorkspace['k8s/deployment.yaml'].replace('name: api-config', 'name: feature-flags');
      const { actions } = fixes({ 'k8s/deployment.yaml': broken, 'k8s/feature-flags-configmap.yaml': 'a: 1\n' }, 'k8s/deployment.yaml', 'k8s-configmap-ref');
      const [create, edit] = actions[0].edit!.documentChanges! as [{ kind: string; uri: string; options: { overwrite: boolean } }, TextDocumentEdit];
      assert.deepEqual([create.kind, create.uri, create.options.overwrite], ['create', 'file:///ws/k8s/feature-flags-configmap-2.yaml', false]);
      const created = (edit.edits[0] as TextEdit).newText;
      assert.equal(created, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: feature-flags\n  namespace: shop\ndata:\n  LOG_LEVEL: ""\n');
      const after = { ...cleanWorkspace, 'k8s/deployment.yaml': broken, 'k8s/feature-flags-configmap-2.yaml': created };
      assert.deepEqual(diagnoseWorkspace(after, 'k8s/deployment.yaml').map((d) => d.code), []);
    });
  });
});
