// `archipel diff` (issue #80): identity across versions on a planted history (a repository made in a temporary
// folder, fixed dates, no user identity): a Compose project redeployed as Kubernetes manifests running the same
// images keeps its components (changed in form, not removed and added); a service renamed with the same image and
// build is renamed; two services of one name in different projects, running different images, are not merged.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const compose = (name: string) => ['services:', `  ${name}:`, '    build: ./api', '    image: example/api:1.0', '    environment:', '      REDIS_URL: redis://cache:6379', '  cache:', '    image: redis:7', ''].join('\n');

const deployment = (name: string, image: string, more: string[]) =>
  ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', `    matchLabels: {app: ${name}}`, '  template:', '    metadata:', `      labels: {app: ${name}}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: ${image}`, ...more, ''].join('\n');

const kubernetes = {
  api: deployment('api', 'example/api:1.0', ['          env:', '            - name: REDIS_URL', '              value: redis://cache:6379']),
  cache: [deployment('cache', 'redis:7', ['          ports:', '            - containerPort: 6379']), '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: cache', 'spec:', '  selector: {app: cache}', '  ports:', '    - port: 6379', ''].join('\n'),
};

const helmApi = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: {{ .Release.Name }}-api', 'spec:', '  selector:', '    matchLabels:', '      app: api', '  template:', '    metadata:', '      labels:', '        app: api', '    spec:', '      containers:', '        - name: api', '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"', ''].join('\n');

describe('archipel diff: identity across versions (issue #80)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-identity-', ({ dir, git }) => {
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('api/Dockerfile', 'FROM node:20\nCMD ["node", "server.js"]\n');
    write('compose.yaml', compose('api'));
    git('add', '-A');
    git('commit', '-q', '-m', 'compose');
    git('tag', 'compose');
    // The same program renamed: its image and build kept.
    write('compose.yaml', compose('backend'));
    git('commit', '-q', '-am', 'api renamed backend');
    git('tag', 'renamed');
    // Compose → Kubernetes: the project's services as Deployments running the same images.
    git('checkout', '-q', 'compose');
    git('checkout', '-q', '-b', 'deploy-on-kubernetes');
    rmSync(path.join(dir, 'compose.yaml'));
    write('k8s/api.yaml', kubernetes.api);
    write('k8s/cache.yaml', kubernetes.cache);
    git('add', '-A');
    git('commit', '-q', '-m', 'to Kubernetes');
    git('tag', 'kubernetes');
    // Plain manifests → a Helm chart: the Deployment rendered under the release's name, its pod template's label and image kept.
    git('rm', '-q', 'k8s/cache.yaml');
    git('commit', '-q', '-m', 'the API alone');
    git('tag', 'manifests');
    git('rm', '-q', '-r', 'k8s');
    write('chart/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    write('chart/values.yaml', 'image:\n  repository: example/api\n  tag: "1.0"\n');
    write('chart/templates/api.yaml', helmApi);
    git('add', '-A');
    git('commit', '-q', '-m', 'to Helm');
    git('tag', 'helm');
    // Two projects with a service of one name, running different images.
    git('rm', '-q', '-r', '.');
    write('shop/compose.yaml', 'services:\n  api:\n    image: example/shop-api:1.0\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'shop');
    git('tag', 'shop');
    git('rm', '-q', '-r', '.');
    write('blog/compose.yaml', 'services:\n  api:\n    image: example/blog-api:1.0\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'blog');
    git('tag', 'blog');
    git('checkout', '-q', 'main');
  });
  const short = (ref: string) => scratch.git('rev-parse', ref).trim().slice(0, 12);

  it('a Compose project deployed as Kubernetes manifests running the same images: its services changed in form and renamed, not removed and added', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'compose', '--head', 'kubernetes'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        `compose (${short('compose')}) → kubernetes (${short('kubernetes')})`,
        'components: 1 added, 1 removed, 2 changed',
        '  + endpoint cache [k8s:Service//cache] (k8s/cache.yaml:22)',
        `  - environment Compose ${path.basename(scratch.dir).toLowerCase()} [compose:.] (compose.yaml:1)`,
        '  ~ service api [k8s:Deployment//api]: form compose → manifests (k8s/api.yaml:4)',
        '  ~ cache cache [k8s:Deployment//cache]: form compose → manifests (k8s/cache.yaml:4)',
        'components renamed (the same component under another id): 2',
        '  ~ service api [compose:.:api → k8s:Deployment//api] (k8s/api.yaml:4)',
        '  ~ cache cache [compose:.:cache → k8s:Deployment//cache] (k8s/cache.yaml:4)',
        'connections: 2 added, 2 removed',
        '  + api calls cache (Redis :6379) [k8s:Deployment//api → k8s:Service//cache] (k8s/api.yaml:17)',
        '  + cache routes cache (selects) (k8s/cache.yaml:24)',
        '  - api/Dockerfile builds example/api (compose.yaml:3)',
        '  - api calls cache (Redis :6379) [k8s:Deployment//api → k8s:Deployment//cache] (compose.yaml:6)',
        '',
      ].join('\n'),
    );
  });

  it("plain manifests made a Helm chart: the Deployment rendered under the release's name, of the same pod label and image, changed in form and name, not removed and added", async () => {
    const { code, out } = await runCli(['diff', '--base', 'manifests', '--head', 'helm'], scratch.dir);
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        `manifests (${short('manifests')}) → helm (${short('helm')})`,
        'components: 1 added, 0 removed, 1 changed',
        '  + pipeline shop [helm:chart] (chart/Chart.yaml:2)',
        '  ~ service release-name-api [k8s:Deployment//release-name-api]: name api → release-name-api; form manifests → helm (chart/templates/api.yaml:4)',
        'components renamed (the same component under another id): 1',
        '  ~ service release-name-api [k8s:Deployment//api → k8s:Deployment//release-name-api] (chart/templates/api.yaml:4)',
        'connections: 1 added, 0 removed',
        '  + shop deploys release-name-api (installs) (chart/Chart.yaml:2)',
        '',
      ].join('\n'),
    );
  });

  it('a service renamed, running the same image built from the same Dockerfile: renamed and its name changed, its calls and risks kept', async () => {
    const { code, out } = await runCli(['diff', '--base', 'compose', '--head', 'renamed', '--format', 'json'], scratch.dir);
    assert.equal(code, 0);
    const diff = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(
      { components: diff.components, connections: diff.connections, threats: diff.threats },
      {
        components: {
          added: [],
          removed: [],
          changed: [{ id: 'compose:.:backend', kind: 'service', name: 'backend', sources: [{ file: 'compose.yaml', line: 2 }], changes: [{ field: 'name', before: 'api', after: 'backend' }] }],
          renamed: [{ id: 'compose:.:backend', kind: 'service', name: 'backend', sources: [{ file: 'compose.yaml', line: 2 }], from: 'compose:.:api' }],
        },
        connections: { added: [], removed: [] },
        threats: { raised: [], resolved: [] },
      },
    );
  });

  it('two services named alike in different projects, running different images: removed and added, not merged', async () => {
    const { code, out } = await runCli(['diff', '--base', 'shop', '--head', 'blog', '--format', 'json'], scratch.dir);
    assert.equal(code, 0);
    const { components } = JSON.parse(out) as { components: { added: { id: string }[]; removed: { id: string }[]; changed: unknown[]; renamed: unknown[] } };
    assert.deepEqual(
      { added: components.added.map((n) => n.id), removed: components.removed.map((n) => n.id), changed: components.changed, renamed: components.renamed },
      { added: ['compose:blog', 'compose:blog:api', 'image:example/blog-api'], removed: ['compose:shop', 'compose:shop:api', 'image:example/shop-api'], changed: [], renamed: [] },
    );
  });
});
