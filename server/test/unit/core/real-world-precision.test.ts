import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { diagnoseIn } from '../../adr';
import { allFeatures, diagnoseWorkspace, fixturesDir } from '../../helpers';

import { check, expectAt, expectClean, expectNone } from '../../workflowHelpers';

/**
 * False positives found on repositories nobody here wrote (issue #19), each rebuilt from the real
 * case: the snippet is the upstream text (its source named), or the corpus file itself.
 */
/** A workflow of one job with these steps. */
const steps = (text: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${text}`;

const oss = (file: string) => readFileSync(path.join(fixturesDir, 'oss', file), 'utf8');

describe('real-world precision', () => {
  describe('workflows', () => {
    // The setup-java@v1 step of countless 2020 workflows (e.g. GitHub's own Java starter of the time):
    // v1 had no "distribution" input; requiring it (v2 and later) was 105 false errors in 57 files.
    const setupJava = (ref: string, comment = '') => steps(`      - uses: actions/checkout@v4
      - name: Set up JDK 11
        uses: actions/setup-java@${ref}${comment}
        with:
          java-version: 11
`);

    it('checks action inputs against the pinned major only (setup-java@v1 needs no distribution)', () => {
      // apache/commons-lang's maven.yml of April 2021: setup-java@v1.4.3 with java-version only.
      expectNone(check(oss('workflows/commons-lang-2021/.github/workflows/maven.yml')), 'gha-action-input-required');
      expectNone(check(setupJava('v1')), 'gha-action-input-required');
      expectNone(check(setupJava('v1.4.3')), 'gha-action-input-required');
      const v4 = setupJava('v4');
      expectAt(check(v4), 'gha-action-input-required', v4, 'actions/setup-java@v4');
    });

    it('reads the major of a SHA pin from its version comment, and leaves an unknown pin unchecked', () => {
      const pinned = setupJava('c5195efecf7bdfc987ee8bae7a71cb8b11521c00', ' # v4.7.1');
      expectAt(check(pinned), 'gha-action-input-required', pinned, 'actions/setup-java@c5195efecf7bdfc987ee8bae7a71cb8b11521c00');
      expectNone(check(setupJava('c5195efecf7bdfc987ee8bae7a71cb8b11521c00')), 'gha-action-input-required');
    });

    it('does not call docker/build-push-action@v1 or setup-go@v2 inputs unknown', () => {
      const text = steps(`      - uses: actions/setup-go@v2
        with:
          stable: 'false'
          go-version: 1.15
      - uses: docker/build-push-action@v1
        with:
          username: \${{ secrets.DOCKER_USERNAME }}
          repository: org/app
          tag_with_ref: true
`);
      expectNone(check(text), 'gha-action-input-unknown');
    });

    it('takes any output of an actions/github-script step (its script sets them)', () => {
      const text = steps(`      - uses: actions/github-script@v7
        id: version
        with:
          script: core.setOutput('current-version', '1.2.3')
      - run: echo "\${{ steps.version.outputs.current-version }}"
`);
      expectNone(check(text), 'gha-steps-context');
    });

    it('accepts repository_dispatch in the string and list forms, types as a string, status: {} and workflow_dispatch: []', () => {
      const job = 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';
      expectClean(check(`on: repository_dispatch\n${job}`));
      expectClean(check(`on: [repository_dispatch, push]\n${job}`));
      expectClean(check(`on:\n  repository_dispatch:\n    types: deploy\n  status: {}\n  workflow_dispatch: []\n${job}`));
      const wrong = `on:\n  workflow_dispatch: [x]\n${job}`;
      assert.ok(check(wrong).some((d) => d.code === 'gha-event'));
    });

    it('reads a quoted scalar continued below its key as GitHub and PyYAML do', () => {
      const text = steps(`      - name: deploy
        if: "github.event_name == 'push' &&
  github.ref == 'refs/heads/main'"
        run: echo \${{ steps.nope.outputs.x }}
`);
      // Read as GitHub does, the rest of the file is checked (and placed) as usual.
      expectAt(check(text), 'gha-steps-context', text, 'nope');
    });

    it('takes tags ["!**"] beside branches as "branches only" (vue/core ci.yml)', () => {
      const text = oss('workflows/vue-core-2026/.github/workflows/ci.yml');
      expectNone(check(text), 'gha-glob');
      const never = `on:\n  push:\n    tags: ['!**']\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo }]\n`;
      expectAt(check(never), 'gha-glob', never, 'tags');
    });
  });

  describe('ADRs', () => {
    const severities = (diagnostics: { code?: unknown; severity?: DiagnosticSeverity }[]) => diagnostics.map((d) => `${String(d.code)}:${d.severity}`);

    it("MADR 4's own records are clean; a MADR without status or date gets a hint, not an error", () => {
      // MADR's own records state neither status nor date (both optional elements of MADR 4).
      const name = 'docs/decisions/0006-use-names-as-identifier.md';
      assert.deepEqual(severities(diagnoseIn({ [name]: oss(`adr/madr-4.0.0/${name}`) }, name)), [
        `adr-status:${DiagnosticSeverity.Hint}`,
        `adr-date:${DiagnosticSeverity.Hint}`,
      ]);
    });

    it('accepts the status "on hold"', () => {
      const text = '---\nstatus: on hold\ndate: 2024-01-01\n---\n\n# Use X\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* X\n* Y\n\n## Decision Outcome\n\nChosen option: "X", because.\n';
      assert.deepEqual(diagnoseIn({ 'docs/decisions/0001-use-x.md': text }, 'docs/decisions/0001-use-x.md'), []);
    });

    it('reads MADR 1.x "Considered Alternatives" and MADR 1/2 context under the title', () => {
      const record = oss('adr/madr-1.2.0/docs/adr/0001-use-CC0-as-license.md');
      assert.match(record, /## Considered Alternatives/);
      const name = 'docs/adr/0001-use-cc0-as-license.md';
      assert.deepEqual(severities(diagnoseIn({ [name]: record }, name)), [`adr-status:${DiagnosticSeverity.Hint}`, `adr-date:${DiagnosticSeverity.Hint}`]);
      const madr2 = oss('adr/madr-2.1.2/docs/adr/0002-do-not-use-numbers-in-headings.md');
      assert.deepEqual(severities(diagnoseIn({ 'docs/adr/0002-do-not-use-numbers-in-headings.md': madr2 }, 'docs/adr/0002-do-not-use-numbers-in-headings.md')), [`adr-status:${DiagnosticSeverity.Hint}`, `adr-date:${DiagnosticSeverity.Hint}`]);
    });

    it('does not take two log4brains records of one day for a duplicate number', () => {
      const a = 'docs/adr/20200925-multi-packages-architecture-in-a-monorepo-with-yarn-and-lerna.md';
      const b = 'docs/adr/20200925-use-prettier-eslint-airbnb-for-the-code-style.md';
      const files = { [a]: oss(`adr/log4brains/${a}`), [b]: oss(`adr/log4brains/${b}`) };
      assert.ok(!diagnoseIn(files, b).some((d) => d.code === 'adr-duplicate-number'));
    });
  });

  describe('Kubernetes', () => {
    const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

    it('accepts strategic-merge directives in a kustomize patch, not in a plain manifest', () => {
      const patch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      $setElementOrder/containers:
        - name: app
      containers:
        - name: sidecar
          $patch: delete
`;
      const files = { 'app/kustomization.yaml': 'resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n', 'app/deployment.yaml': deployment('web'), 'app/patch.yaml': patch };
      assert.deepEqual(diagnoseWorkspace(files, 'app/patch.yaml').filter((d) => d.code === 'k8s-schema').map((d) => d.message), []);
      const plain = diagnoseWorkspace({ 'other/manifest.yaml': patch }, 'other/manifest.yaml');
      assert.ok(plain.some((d) => d.code === 'k8s-schema' && d.message.includes('"$patch"')));
    });

    it("accepts `$patch: delete` in a kustomize Component's patch (microservices-demo's https-frontend-domain)", () => {
      const files = {
        'components/https-frontend-domain/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- frontend-ingress.yaml\npatches:\n- delete-frontend-external-service.patch.yaml\n',
        'components/https-frontend-domain/frontend-ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: frontend\nspec:\n  defaultBackend:\n    service:\n      name: frontend\n      port:\n        number: 80\n',
        'components/https-frontend-domain/delete-frontend-external-service.patch.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: frontend-external\n$patch: delete\n',
      };
      const found = diagnoseWorkspace(files, 'components/https-frontend-domain/delete-frontend-external-service.patch.yaml');
      assert.deepEqual(found.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${String(d.code)} ${d.message}`), []);
    });

    it('k8s-duplicate-object: within one folder a hint (alternatives), with a workspace-relative path at the name line; nothing across independent apps', () => {
      const across = diagnoseWorkspace({ 'apps/one/web.yaml': deployment('web'), 'apps/two/web.yaml': deployment('web') }, 'apps/two/web.yaml');
      assert.ok(!across.some((d) => d.code === 'k8s-duplicate-object'));
      const within = diagnoseWorkspace({ 'apps/one/web.yaml': deployment('web'), 'apps/one/copy.yaml': deployment('web'), 'apps/two/web.yaml': deployment('web') }, 'apps/one/copy.yaml');
      const found = within.filter((d) => d.code === 'k8s-duplicate-object');
      // Named from the folder every file of the workspace lies under, not by a bare basename.
      assert.deepEqual(found.map((d) => [d.severity, d.message]), [[DiagnosticSeverity.Hint, 'Deployment "web" is also defined at one/web.yaml:4: alternatives, unless something applies both files together.']]);
    });

    it('k8s-duplicate-object: an Argo CD Application with directory.recurse makes its folder tree one unit', () => {
      const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://example.com/repo.git
    path: deploy
    directory:
      recurse: true
  destination:
    server: https://kubernetes.default.svc
    namespace: web
`;
      const files = { 'argo/app.yaml': app, 'deploy/a/web.yaml': deployment('web'), 'deploy/b/web.yaml': deployment('web') };
      assert.deepEqual(diagnoseWorkspace(files, 'deploy/b/web.yaml').filter((d) => d.code === 'k8s-duplicate-object').map((d) => d.severity), [DiagnosticSeverity.Error]);
    });

    it('k8s-duplicate-object: a folder a workflow step, Makefile or script applies is one unit (an error naming the applying line)', () => {
      const duplicates = (extra: Record<string, string>, dir = 'k8s') => ({ [`${dir}/web.yaml`]: deployment('web'), [`${dir}/copy.yaml`]: deployment('web'), ...extra });
      const found = (files: Record<string, string>, target = 'k8s/copy.yaml') => diagnoseWorkspace(files, target).filter((d) => d.code === 'k8s-duplicate-object');
      const step = (command: string) => ({ '.github/workflows/deploy.yml': `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${command}\n` });
      const [d] = found(duplicates(step('kubectl apply -f k8s/')));
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.equal(d.message, 'Deployment "web" is also defined at k8s/web.yaml:4, and .github/workflows/deploy.yml:7 applies both.');
      assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [['file:///ws/.github/workflows/deploy.yml', 6]]);
      // kubectl create, a quoted --filename=, a Makefile target, a script read from the repository root.
      assert.equal(found(duplicates(step('kubectl create --filename="./k8s"')))[0].severity, DiagnosticSeverity.Error);
      assert.equal(found(duplicates({ Makefile: 'deploy:\n\tkubectl --context prod apply \\\n\t  -f k8s\n' }))[0].severity, DiagnosticSeverity.Error);
      assert.equal(found(duplicates({ 'scripts/deploy.sh': '#!/bin/sh\nset -e\nkubectl apply -f k8s/ && kubectl rollout status deploy/web\n' }))[0].severity, DiagnosticSeverity.Error);
      // -R makes the folder tree one unit; without it, subfolders stay apart (and -k is kustomize's).
      const tree = { 'k8s/a/web.yaml': deployment('web'), 'k8s/b/web.yaml': deployment('web') };
      assert.equal(found({ ...tree, ...step('kubectl apply -R -f k8s') }, 'k8s/b/web.yaml')[0].severity, DiagnosticSeverity.Error);
      assert.deepEqual(found({ ...tree, ...step('kubectl apply -f k8s') }, 'k8s/b/web.yaml'), []);
      // Nothing applies the folder: alternatives (a hint); a file, a URL or a variable applies no folder.
      assert.equal(found(duplicates({}))[0].severity, DiagnosticSeverity.Hint);
      assert.equal(found(duplicates(step('kubectl apply -f k8s/web.yaml -f https://example.com/x.yaml -f $DIR')))[0].severity, DiagnosticSeverity.Hint);
    });

    it('k8s-duplicate-object: one kubectl command naming several paths applies them together (several -f, a comma list, a pattern, two folders)', () => {
      // kubectl's cheat sheet (kubernetes/website, content/en/docs/reference/kubectl/quick-reference.md,
      // CC BY 4.0): "kubectl apply -f ./my1.yaml -f ./my2.yaml      # create from multiple files".
      const found = (files: Record<string, string>, target: string) => diagnoseWorkspace(files, target).filter((d) => d.code === 'k8s-duplicate-object');
      const script = (command: string) => ({ 'deploy.sh': `#!/bin/sh\nset -e\n${command}\n` });
      const cheatSheet = { 'my1.yaml': deployment('web'), 'my2.yaml': deployment('web'), ...script('kubectl apply -f ./my1.yaml -f ./my2.yaml      # create from multiple files') };
      const [d] = found(cheatSheet, 'my2.yaml');
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.equal(d.message, 'Deployment "web" is also defined at my1.yaml:4, and deploy.sh:3 applies both.');
      assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [['file:///ws/deploy.sh', 2]]);
      // Each file alone: alternatives of one folder, a hint.
      assert.deepEqual(found({ ...cheatSheet, ...script('kubectl apply -f ./my1.yaml\nkubectl apply -f ./my2.yaml') }, 'my2.yaml').map((x) => x.severity), [DiagnosticSeverity.Hint]);
      // A comma list (-f is a string slice), a pattern kubectl expands itself, two folders, -R over a tree.
      const apart = { 'base/web.yaml': deployment('web'), 'prod/web.yaml': deployment('web') };
      for (const command of ['kubectl apply -f base/web.yaml,prod/web.yaml', "kubectl apply -f base -f prod", 'kubectl create -f base/ --filename=prod/web.yaml']) {
        assert.deepEqual(found({ ...apart, ...script(command) }, 'prod/web.yaml').map((x) => [x.severity, x.message]), [[DiagnosticSeverity.Error, 'Deployment "web" is also defined at base/web.yaml:4, and deploy.sh:3 applies both.']], command);
      }
      // Two folders nothing applies together: independent apps, nothing to say.
      assert.deepEqual(found(apart, 'prod/web.yaml'), []);
      assert.deepEqual(found({ ...apart, ...script('kubectl apply -f base\nkubectl apply -f prod') }, 'prod/web.yaml'), []);
      const pattern = { 'k8s/web.yaml': deployment('web'), 'k8s/web-copy.yaml': deployment('web'), 'k8s/notes.md': '# notes\n' };
      assert.equal(found({ ...pattern, ...script("kubectl apply -f 'k8s/web*.yaml'") }, 'k8s/web-copy.yaml')[0].severity, DiagnosticSeverity.Error);
      assert.equal(found({ ...pattern, ...script("kubectl apply -f 'k8s/web-[a-z]*.yaml' -f k8s/notes.md") }, 'k8s/web-copy.yaml')[0].severity, DiagnosticSeverity.Hint);
      const tree = { 'a/x/web.yaml': deployment('web'), 'b/web.yaml': deployment('web') };
      assert.equal(found({ ...tree, ...script('kubectl apply -R -f a -f b') }, 'b/web.yaml')[0].severity, DiagnosticSeverity.Error);
      assert.deepEqual(found({ ...tree, ...script('kubectl apply -f a -f b') }, 'b/web.yaml'), []);
    });

    it('an Ingress backend a custom resource operator may create is information, not an error', () => {
      const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: grafana
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: grafana-service
                port: { number: 3000 }
`;
      const cr = 'apiVersion: grafana.integreatly.org/v1beta1\nkind: Grafana\nmetadata:\n  name: grafana\nspec: {}\n';
      const withOperator = diagnoseWorkspace({ 'ingress.yaml': ingress, 'grafana.yaml': cr }, 'ingress.yaml').filter((d) => d.code === 'k8s-ingress-backend');
      assert.deepEqual(withOperator.map((d) => d.severity), [DiagnosticSeverity.Information]);
      const alone = diagnoseWorkspace({ 'ingress.yaml': ingress }, 'ingress.yaml').filter((d) => d.code === 'k8s-ingress-backend');
      assert.deepEqual(alone.map((d) => d.severity), [DiagnosticSeverity.Error]);
    });

    it('every "Did you mean" of the schema has its quick fix (imagePullPolicy)', () => {
      const text = deployment('web').replace('image: nginx:1.27', 'image: nginx:1.27\n          imagePullPolicie: Always');
      const index = new WorkspaceIndex(indexOptions(defaultSettings));
      const file = index.update('file:///ws/web.yaml', text);
      const context = { index, settings: defaultSettings, isCancelled: () => false };
      const diagnostics = diagnoseWorkspace({ 'web.yaml': text }, 'web.yaml').filter((d) => d.code === 'k8s-schema');
      assert.equal(diagnostics.length, 1);
      assert.match(diagnostics[0].message, /Did you mean "imagePullPolicy"\?/);
      const kubernetes = allFeatures().find((f) => f.id === 'kubernetes')!;
      const actions = kubernetes.codeActions!(file, diagnostics[0].range, diagnostics, context) ?? [];
      assert.deepEqual(actions.map((a) => [a.title, a.edit?.changes?.[file.uri]?.[0].newText]), [['Replace with "imagePullPolicy"', 'imagePullPolicy']]);
    });
  });
});

describe('real-world precision: generated files', () => {
  // kubernetes-sigs/cluster-api-style layouts: `make manifests` writes config/crd/bases/, which .gitignore keeps out of Git.
  it('k8s-kustomize-path: a path .gitignore ignores (a build output) is not reported missing; another missing one is', () => {
    const files = {
      '.gitignore': '# generated by make manifests\nconfig/crd/bases/\n*.generated.yaml\n',
      'config/crd/kustomization.yaml': 'resources:\n  - bases/widgets.example.com.yaml\n  - crds.generated.yaml\n  - missing.yaml\n',
    };
    const found = diagnoseWorkspace(files, 'config/crd/kustomization.yaml').filter((d) => d.code === 'k8s-kustomize-path');
    assert.deepEqual(found.map((d) => d.message.replace(/ \(relative to .*$/, '')), ['Resource "missing.yaml" does not exist']);
  });
});
