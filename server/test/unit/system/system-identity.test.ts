// Component identity from evidence, never a bare name (issue #79): a component is keyed by its deploy scope and by
// what it runs (the full image repository, the build), merged across deployments only when that evidence agrees.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { componentsOf } from '../../../src/system/components';
import { systemView } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { calls, corpus, repository } from './repositories';

function modelOf(files: Record<string, string>): SystemModel {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return buildSystemModel(index, systemContributors(families));
}

/** Fixture folders of the corpus side by side in one repository (`file:///side/<folder>/…`), as if one had vendored the others. */
async function sideBySide(folders: readonly string[]): Promise<SystemModel> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const folder of folders) {
    const root = path.join(corpus, folder);
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) stack.push(file);
        else if (name !== 'LICENSE') index.update(`file:///side/${folder}/${path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/')}`, readFileSync(file, 'utf8'));
      }
    }
  }
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  return buildSystemModel(index, contributors);
}

const workload = (name: string, namespace: string, image: string, env = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${image}\n${env}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: ${image.startsWith('redis') ? 6379 : 80}}]\n`;
const team = (name: string) => `${workload('api', name, `ghcr.io/${name}/api:1.0`, '          env: [{name: CACHE_ADDR, value: "cache:6379"}]\n')}---\n${workload('cache', name, 'redis:7')}`;

describe('System map: identity from evidence (issue #79)', () => {
  it('docker/awesome-compose from its root: each project its own boxes, no arrow between two projects', async () => {
    const { view } = await repository('docker+awesome-compose');
    const containers = view('containers');
    const project = (id: string) => /^compose:.*\/([^/:]+):[^/]+$/.exec(id)?.[1];
    // Every arrow between two components stays inside one Compose project.
    const crossing = containers.edges.filter((e) => e.from !== 'person:users').flatMap((e) => {
      const [from, to] = [containers.nodes.find((n) => n.id === e.from)!, containers.nodes.find((n) => n.id === e.to)!];
      const projects = new Set([...from.members, ...to.members].map(project));
      return projects.size === 1 ? [] : [`${from.name} -${e.kind}-> ${to.name}`];
    });
    assert.deepEqual(crossing, []);
    // No box deploys two projects' services.
    assert.deepEqual(containers.nodes.filter((n) => new Set(n.members.map(project)).size > 1).map((n) => n.name), []);
    assert.deepEqual(calls(containers).filter((c) => !c.startsWith('Users')), [
      'backend (react-express-mysql) → db (react-express-mysql)',
      'backend (react-java-mysql) → db (react-java-mysql)',
      'backend (wasmedge-mysql-nginx) → db (wasmedge-mysql-nginx)',
      // Traefik's labels on the backend (system-traefik.test.ts).
      'frontend (traefik-golang) → backend (traefik-golang)',
      'web (nginx-flask-mongo) → backend (nginx-flask-mongo)',
    ]);
    assert.deepEqual(calls(containers, 'depends-on').filter((c) => c.startsWith('proxy')), [
      'proxy (nginx-aspnet-mysql) → backend (nginx-aspnet-mysql)',
      'proxy (nginx-flask-mysql) → backend (nginx-flask-mysql)',
      'proxy (nginx-golang-mysql) → backend (nginx-golang-mysql)',
    ]);
  });

  it('two namespaces each with a Deployment `api` of its own team\'s image: two components, each calling its own team\'s cache', () => {
    const model = modelOf({ 'k8s/team-a.yaml': team('team-a'), 'k8s/team-b.yaml': team('team-b') });
    const containers = systemView(model, 'containers', 'p');
    assert.deepEqual(containers.nodes.map((n) => `${n.name} ${n.kind} ×${n.members.length}`).sort(), [
      'api (team-a) service ×1', 'api (team-b) service ×1', 'cache (team-a) cache ×1', 'cache (team-b) cache ×1',
    ]);
    assert.deepEqual(calls(containers), ['api (team-a) → cache (team-a)', 'api (team-b) → cache (team-b)']);
  });

  it('the same program pushed under two repositories by one build is one component', () => {
    const model = modelOf({
      'compose.yaml': 'services:\n  api:\n    build: ./api\n    image: robotshop/api:1\n',
      'dev/compose.yaml': 'services:\n  api:\n    build: ../api\n    image: someone/api\n',
      'api/Dockerfile': 'FROM golang:1.22\n',
    });
    assert.deepEqual(systemView(model, 'containers', 'p').nodes.map((n) => `${n.name} ×${n.members.length}`), ['api ×2']);
  });

  it('microservices-demo and bank-of-anthos side by side in one repository: no shared `frontend`, no arrow between the two', async () => {
    const model = await sideBySide(['GoogleCloudPlatform+microservices-demo', 'GoogleCloudPlatform+bank-of-anthos']);
    const containers = systemView(model, 'containers', 'side');
    const repositoryOf = (id: string) => /GoogleCloudPlatform%2B([a-z-]+)|GoogleCloudPlatform\+([a-z-]+)/.exec(model.node(id)?.sources[0]?.uri ?? '')?.slice(1).find(Boolean);
    assert.deepEqual(containers.nodes.filter((n) => n.kind !== 'person' && new Set(n.members.map(repositoryOf)).size > 1).map((n) => n.name), []);
    assert.deepEqual(containers.nodes.filter((n) => n.name.startsWith('frontend')).map((n) => n.name).sort(), [
      'frontend (GoogleCloudPlatform+bank-of-anthos/kubernetes-manifests)',
      'frontend (GoogleCloudPlatform+microservices-demo/kubernetes-manifests)',
    ]);
    const crossing = containers.edges.filter((e) => e.from !== 'person:users' && repositoryOf(containers.nodes.find((n) => n.id === e.from)!.members[0]) !== repositoryOf(containers.nodes.find((n) => n.id === e.to)!.members[0]));
    assert.deepEqual(crossing.map((e) => `${e.from} -> ${e.to}`), []);
  });

  it('a base and two overlays with `namePrefix` and `namespace`: one component `api` (never `prod-api`), an instance per overlay with its rendered name and namespace', () => {
    const kustomization = (prefix: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: ${prefix}-\nnamespace: ${prefix}\nresources:\n  - ../../base\n`;
    const model = modelOf({
      'k8s/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - api.yaml\n',
      'k8s/base/api.yaml': `${workload('api', 'x', 'ghcr.io/acme/api:1.0')}`.replace(/\n {2}namespace: x/g, ''),
      'k8s/overlays/staging/kustomization.yaml': kustomization('staging'),
      'k8s/overlays/prod/kustomization.yaml': kustomization('prod'),
    });
    const containers = systemView(model, 'containers', 'p');
    assert.deepEqual(containers.nodes.map((n) => `${n.name} ×${n.members.length}`), ['api ×2']);
    // As `kubectl kustomize k8s/overlays/<name>` renders them (kubectl v1.32.4): `prod-api` in `prod`, `staging-api` in `staging`.
    const api = componentsOf(model).list.find((c) => c.name === 'api')!;
    assert.deepEqual([...api.instances].map(([id, i]) => `${id.replace('file:///p/', '')} ${i.tool} ${i.name} ${i.namespace ?? '-'}`), [
      'k8s:Deployment/prod/prod-api@k8s/overlays/prod kustomize overlays/prod prod',
      'k8s:Deployment/staging/staging-api@k8s/overlays/staging kustomize overlays/staging staging',
    ]);
    // The deployment view names each instance `api`, in its overlay's namespace.
    const deployment = systemView(model, 'deployment', 'p');
    assert.deepEqual(deployment.nodes.filter((n) => n.kind === 'service').map((n) => `${n.name} ${n.namespace ?? '-'}`).sort(), ['api prod', 'api staging']);
  });

  it('an app of apps (argocd-example-apps\' pattern, written here): each Application linked to what it syncs — the chart as its release and the kustomization as its own build, each in its destination namespace', async () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const files: Record<string, string> = {
      'apps/Chart.yaml': 'apiVersion: v2\nname: applications\nversion: 0.1.0\n',
      'apps/values.yaml': 'applications:\n  - name: helm-guestbook\n    tool:\n      helm:\n        releaseName: helm-guestbook\n  - name: kustomize-guestbook\n  - name: pre-post-sync\n',
      'apps/templates/applications.yaml': [
        '{{- range .Values.applications }}',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: {{ printf "example.%s" .name | quote }}',
        '  namespace: argocd',
        'spec:',
        '  destination:',
        '    namespace: {{ .name | quote }}',
        '    server: https://kubernetes.default.svc',
        '  project: default',
        '  source:',
        '    path: {{ .name | quote }}',
        '    repoURL: https://example.com/apps.git',
        '    {{- with .tool }}',
        '    {{- . | toYaml | nindent 4 }}',
        '    {{- end }}',
        '---',
        '{{ end -}}',
        '',
      ].join('\n'),
      'helm-guestbook/Chart.yaml': 'apiVersion: v2\nname: helm-guestbook\nversion: 0.1.0\n',
      'helm-guestbook/values.yaml': 'image: ghcr.io/acme/guestbook:0.2\n',
      'helm-guestbook/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector: {matchLabels: {app: guestbook}}\n  template:\n    metadata: {labels: {app: guestbook}}\n    spec:\n      containers:\n        - name: guestbook\n          image: {{ .Values.image }}\n',
      'kustomize-guestbook/kustomization.yaml': 'namePrefix: kustomize-\nresources:\n  - guestbook-ui.yaml\n',
      'kustomize-guestbook/guestbook-ui.yaml': workload('guestbook-ui', 'x', 'ghcr.io/acme/guestbook-ui:0.1').replace(/\n {2}namespace: x/g, ''),
      'pre-post-sync/kustomization.yaml': 'namePrefix: pre-post-sync-\nresources:\n  - ../kustomize-guestbook\n  - before.yaml\n',
      'pre-post-sync/before.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: before\nspec:\n  template:\n    spec:\n      containers:\n        - name: sleep\n          image: alpine:3.20\n      restartPolicy: Never\n',
    };
    for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
    const contributors = systemContributors(families);
    await prepareContributors(contributors, index);
    const model = buildSystemModel(index, contributors);
    const deploys = model.edges.filter((e) => e.kind === 'deploys').map((e) => `${e.from} -${e.label}-> ${e.to.replace(/file:\/\/\/p\//g, '')}`).sort();
    assert.deepEqual(deploys, [
      // The app of apps installs its Applications.
      'helm:file:///p/apps/ -installs-> k8s:Application/argocd/example.helm-guestbook',
      'helm:file:///p/apps/ -installs-> k8s:Application/argocd/example.kustomize-guestbook',
      'helm:file:///p/apps/ -installs-> k8s:Application/argocd/example.pre-post-sync',
      // The chart rendered as its release, applied into the Application's destination namespace (its objects name none).
      'helm:file:///p/helm-guestbook/ -installs-> k8s:Deployment/helm-guestbook/helm-guestbook',
      'k8s:Application/argocd/example.helm-guestbook -syncs-> helm:helm-guestbook/',
      // kustomize-guestbook is its own build (`kustomize-guestbook-ui`, in its destination namespace), not pre-post-sync's render of its files.
      'k8s:Application/argocd/example.kustomize-guestbook -syncs-> k8s:Deployment/kustomize-guestbook/kustomize-guestbook-ui',
      // pre-post-sync's render, in its own destination namespace too.
      'k8s:Application/argocd/example.pre-post-sync -syncs-> k8s:Deployment/pre-post-sync/pre-post-sync-kustomize-guestbook-ui@pre-post-sync',
      'k8s:Application/argocd/example.pre-post-sync -syncs-> k8s:Job/pre-post-sync/pre-post-sync-before',
    ]);
    // Two Applications' destinations are two scopes: two components `guestbook-ui` (one image), each named as written and by its namespace.
    const ui = componentsOf(model).list.filter((c) => c.name.startsWith('guestbook-ui'));
    assert.deepEqual(ui.map((c) => `${c.name}: ${[...c.instances.values()].map((i) => `${i.tool} ${i.name} ${i.namespace ?? '-'}`).join(', ')}`).sort(), [
      'guestbook-ui (kustomize-guestbook): kustomize kustomize-guestbook kustomize-guestbook',
      'guestbook-ui (pre-post-sync): kustomize pre-post-sync pre-post-sync',
    ]);
  });

  it('a start order beside a call between the same boxes is one arrow, the call, whose lines say both', () => {
    const model = modelOf({ 'compose.yaml': 'services:\n  api:\n    image: ghcr.io/acme/api:1\n    environment:\n      CART_ADDR: "cart:7070"\n    depends_on:\n      - cart\n  cart:\n    image: ghcr.io/acme/cart:1\n    expose: ["7070"]\n' });
    const containers = systemView(model, 'containers', 'p');
    assert.deepEqual(containers.edges.map((e) => `${e.from.replace(/.*:/, '')} -${e.kind}-> ${e.to.replace(/.*:/, '')} ${e.sources.map((s) => s.range.start.line + 1).join(',')}`), ['api -calls-> cart 5,7']);
  });

  it('a database and a queue of one name are named by what they are: `orders database`, `orders queue`', async () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///p/main.tf', 'resource "aws_db_instance" "orders" {\n  identifier = "orders"\n  engine     = "postgres"\n}\n\nresource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n');
    const contributors = systemContributors(families);
    await prepareContributors(contributors, index);
    const containers = systemView(buildSystemModel(index, contributors), 'containers', 'p');
    assert.deepEqual(containers.nodes.map((n) => `${n.name} ${n.kind}`).sort(), ['orders database datastore', 'orders queue broker']);
  });

  it('why a call a kustomize patch writes is there: the patch file\'s value line, not the kustomization\'s `patches:`', () => {
    const model = modelOf({
      'k8s/base/kustomization.yaml': 'resources:\n  - api.yaml\n  - cache.yaml\n',
      'k8s/base/api.yaml': workload('api', 'x', 'ghcr.io/acme/api:1.0').replace(/\n {2}namespace: x/g, ''),
      'k8s/base/cache.yaml': workload('cache', 'x', 'redis:7').replace(/\n {2}namespace: x/g, ''),
      'k8s/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: api-env.yaml\n',
      'k8s/overlays/prod/api-env.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: CACHE_ADDR\n              value: "cache:6379"\n',
    });
    const call = model.edges.find((e) => e.kind === 'calls' && e.from.includes('/api@'))!;
    assert.deepEqual(call.sources.map((s) => `${s.uri.replace('file:///p/', '')}:${s.range.start.line + 1}`), ['k8s/overlays/prod/api-env.yaml:12']);
  });

  it('`kind: List` read: its items are workloads and Services like the others, each said at its place in the List', () => {
    const list = [
      'apiVersion: v1', 'kind: List', 'items:',
      '  - apiVersion: apps/v1', '    kind: Deployment', '    metadata:', '      name: jaeger', '    spec:', '      selector: {matchLabels: {app: jaeger}}',
      '      template:', '        metadata: {labels: {app: jaeger}}', '        spec:', '          containers:', '            - name: jaeger', '              image: jaegertracing/all-in-one:1.57',
      '  - apiVersion: v1', '    kind: Service', '    metadata:', '      name: jaeger', '    spec:', '      selector: {app: jaeger}', '      ports: [{port: 16686}]', '',
    ].join('\n');
    const model = modelOf({ 'k8s/jaeger.yaml': list, 'k8s/api.yaml': workload('api', 'x', 'ghcr.io/acme/api:1', '          env: [{name: TRACES, value: "http://jaeger:16686"}]\n').replace(/\n {2}namespace: x/g, '') });
    const jaeger = model.node('k8s:Deployment//jaeger')!;
    assert.deepEqual([jaeger.kind, jaeger.name, jaeger.sources.map((s) => s.range.start.line + 1)], ['service', 'jaeger', [7]]);
    assert.deepEqual(calls(systemView(model, 'containers', 'p')), ['api → jaeger']);
  });
});
