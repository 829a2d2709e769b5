// archdiff/compare.ts: two system maps (the JSON of `archipel diagram system --format json`) compared.
import assert from 'node:assert/strict';
import { compareMaps, diffText, unchanged, type MapJson, type NodeIdentity, type SideView } from '../../../src/archdiff/compare';
import { boundaryName, writtenImage } from '../../../src/archdiff/identity';
import { diffMarkdown } from '../../../src/archdiff/markdown';
import { md, tablesOf } from './markdownIt';

const sides = { base: { ref: 'main', commit: 'a'.repeat(40) }, head: { ref: 'working tree', commit: null } };

const base: MapJson = {
  nodes: [
    { id: 'person:users', kind: 'person', name: 'Users', sources: [] },
    { id: 'compose:.:db', kind: 'datastore', name: 'db', sources: [{ file: 'compose.yaml', line: 5 }] },
    { id: 'compose:.:web', kind: 'service', name: 'web', sources: [{ file: 'compose.yaml', line: 2 }] },
  ],
  edges: [
    { from: 'person:users', to: 'compose:.:web', kind: 'calls', label: ':8080', sources: [{ file: 'compose.yaml', line: 3 }] },
    { from: 'compose:.:web', to: 'compose:.:db', kind: 'calls', label: 'PostgreSQL :5432', sources: [{ file: 'compose.yaml', line: 4 }] },
  ],
};

describe('archdiff: compareMaps', () => {
  it('lines moved only: no architectural change', () => {
    const moved: MapJson = {
      nodes: base.nodes.map((n) => ({ ...n, sources: n.sources.map((s) => ({ ...s, line: s.line + 10 })) })),
      edges: [...base.edges].reverse().map((e) => ({ ...e, sources: [{ file: 'other.yaml', line: 1 }] })),
    };
    const diff = compareMaps(base, moved, sides);
    assert.equal(unchanged(diff), true);
    assert.equal(diffText(diff), `main (${'a'.repeat(12)}) → working tree\nno architectural change`);
  });

  it('a kind changed, an entry point closed and a call rerouted: each said once, with the lines of the side that has it', () => {
    const head: MapJson = {
      nodes: [
        { id: 'compose:.:db', kind: 'cache', name: 'db', sources: [{ file: 'compose.yaml', line: 6 }] },
        { id: 'compose:.:web', kind: 'service', name: 'web', sources: [{ file: 'compose.yaml', line: 2 }] },
        { id: 'person:users', kind: 'person', name: 'Users', sources: [] },
      ],
      edges: [
        { from: 'compose:.:web', to: 'compose:.:db', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 4 }] },
        { from: 'compose:.:web', to: 'compose:.:db', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 9 }] },
      ],
    };
    const diff = compareMaps(base, head, sides);
    assert.deepEqual(diff.components, {
      added: [],
      removed: [],
      changed: [
        { id: 'compose:.:db', kind: 'cache', name: 'db', sources: [{ file: 'compose.yaml', line: 6 }], changes: [{ field: 'kind', before: 'datastore', after: 'cache' }] },
        // Its only way in closed: users no longer reach it.
        { id: 'compose:.:web', kind: 'service', name: 'web', sources: [{ file: 'compose.yaml', line: 2 }], changes: [{ field: 'exposure', before: 'exposed', after: 'internal' }] },
      ],
      renamed: [],
    });
    assert.deepEqual(diff.connections, {
      added: [{ from: 'compose:.:web', to: 'compose:.:db', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 4 }], fromName: 'web', toName: 'db' }],
      removed: [
        { from: 'compose:.:web', to: 'compose:.:db', kind: 'calls', label: 'PostgreSQL :5432', sources: [{ file: 'compose.yaml', line: 4 }], fromName: 'web', toName: 'db' },
        { from: 'person:users', to: 'compose:.:web', kind: 'calls', label: ':8080', sources: [{ file: 'compose.yaml', line: 3 }], fromName: 'Users', toName: 'web' },
      ],
    });
    assert.deepEqual(diff.entryPoints, { opened: [], closed: [diff.connections.removed[1]] });
    assert.deepEqual(diff.threats, { raised: [], resolved: [] });
    assert.deepEqual(diff.privacy, { added: [], removed: [] });
    assert.equal(
      diffText(diff),
      [
        `main (${'a'.repeat(12)}) → working tree`,
        'components: 0 added, 0 removed, 2 changed',
        '  ~ cache db [compose:.:db]: kind datastore → cache (compose.yaml:6)',
        '  ~ service web [compose:.:web]: exposure exposed → internal (compose.yaml:2)',
        'connections: 1 added, 2 removed',
        '  + web calls db (Redis :6379) (compose.yaml:4)',
        '  - web calls db (PostgreSQL :5432) (compose.yaml:4)',
        '  - Users calls web (:8080) (compose.yaml:3)',
        'entry points: 0 opened, 1 closed',
        '  - Users calls web (:8080) (compose.yaml:3)',
      ].join('\n'),
    );
  });

  it('connections said alike (ends of the same names) are told apart by their ids', () => {
    const nodes = [
      { id: 'k8s:Deployment//frontend', kind: 'service', name: 'frontend', sources: [] },
      { id: 'k8s:Deployment/dev/frontend', kind: 'service', name: 'frontend', sources: [] },
      { id: 'k8s:Service//assistant', kind: 'endpoint', name: 'assistant', sources: [] },
    ];
    const call = (from: string, line: number) => ({ from, to: 'k8s:Service//assistant', kind: 'calls', label: ':80', sources: [{ file: 'frontend.yaml', line }] });
    const diff = compareMaps({ nodes, edges: [] }, { nodes, edges: [call('k8s:Deployment/dev/frontend', 9), call('k8s:Deployment//frontend', 8)] }, sides);
    assert.equal(
      diffText(diff),
      [
        `main (${'a'.repeat(12)}) → working tree`,
        'connections: 2 added, 0 removed',
        '  + frontend calls assistant (:80) [k8s:Deployment//frontend → k8s:Service//assistant] (frontend.yaml:8)',
        '  + frontend calls assistant (:80) [k8s:Deployment/dev/frontend → k8s:Service//assistant] (frontend.yaml:9)',
      ].join('\n'),
    );
  });

  it('a Compose file moved to another folder: its project and services renamed (the same kind and name, then the scope they moved), no architectural change', () => {
    const moved = (id: string) => id.replace(/^compose:\./, 'compose:deploy');
    const project = (id: string, name: string) => ({ id, kind: 'environment', name, sources: [{ file: id === 'compose:.' ? 'compose.yaml' : 'deploy/compose.yaml', line: 1 }] });
    const before: MapJson = { nodes: [...base.nodes, project('compose:.', 'Compose shop')], edges: base.edges };
    const after: MapJson = {
      nodes: [...base.nodes.map((n) => ({ ...n, id: moved(n.id), sources: n.sources.map((s) => ({ ...s, file: 'deploy/compose.yaml' })) })), project('compose:deploy', 'Compose deploy')],
      edges: base.edges.map((e) => ({ ...e, from: moved(e.from), to: moved(e.to), sources: [{ file: 'deploy/compose.yaml', line: 3 }] })),
    };
    const diff = compareMaps(before, after, sides);
    assert.equal(unchanged(diff), true);
    assert.deepEqual(diff.components.renamed.map((n) => [n.from, n.id]), [['compose:.', 'compose:deploy'], ['compose:.:db', 'compose:deploy:db'], ['compose:.:web', 'compose:deploy:web']]);
    assert.deepEqual(diff.connections, { added: [], removed: [] });
    assert.equal(
      diffText(diff),
      [
        `main (${'a'.repeat(12)}) → working tree`,
        'no architectural change',
        'components renamed (the same component under another id): 3',
        '  ~ environment Compose deploy [compose:. → compose:deploy] (deploy/compose.yaml:1)',
        '  ~ datastore db [compose:.:db → compose:deploy:db] (deploy/compose.yaml:5)',
        '  ~ service web [compose:.:web → compose:deploy:web] (deploy/compose.yaml:2)',
      ].join('\n'),
    );
  });

  it('no evidence, no rename: two services of one name in the moved folder, or a service replaced by another, stay removed and added', () => {
    const node = (id: string, name: string) => ({ id, kind: 'service', name, sources: [] });
    const twice = compareMaps({ nodes: [node('compose:a:web', 'web'), node('compose:b:web', 'web')], edges: [] }, { nodes: [node('compose:c:web', 'web'), node('compose:d:web', 'web')], edges: [] }, sides);
    assert.deepEqual([twice.components.renamed, twice.components.added.length, twice.components.removed.length], [[], 2, 2]);
    const replaced = compareMaps({ nodes: [node('compose:.:web', 'web')], edges: [] }, { nodes: [node('compose:.:site', 'site')], edges: [] }, sides);
    assert.deepEqual([replaced.components.renamed, replaced.components.added.map((n) => n.id), replaced.components.removed.map((n) => n.id)], [[], ['compose:.:site'], ['compose:.:web']]);
  });

  it('another form of deployment only with shared evidence: a Kubernetes workload of the same name running another image, or none, is not the Compose service', () => {
    const node = (id: string) => ({ id, kind: 'service', name: 'api', sources: [] });
    const runs = (from: string, image: string) => ({ from, to: image, kind: 'runs', label: 'runs', sources: [] });
    const compose = { nodes: [node('compose:.:api')], edges: [runs('compose:.:api', 'image:example/api')] };
    const other = compareMaps(compose, { nodes: [node('k8s:Deployment//api')], edges: [runs('k8s:Deployment//api', 'image:example/other')] }, sides);
    const bare = compareMaps(compose, { nodes: [node('k8s:Deployment//api')], edges: [] }, sides);
    const same = compareMaps(compose, { nodes: [node('k8s:Deployment//api')], edges: [runs('k8s:Deployment//api', 'image:example/api')] }, sides);
    assert.deepEqual(
      [other, bare, same].map((d) => [d.components.added.map((n) => n.id), d.components.removed.map((n) => n.id), d.components.renamed.map((n) => `${n.from} → ${n.id}`), d.components.changed.map((n) => n.changes)]),
      [
        [['k8s:Deployment//api'], ['compose:.:api'], [], []],
        [['k8s:Deployment//api'], ['compose:.:api'], [], []],
        [[], [], ['compose:.:api → k8s:Deployment//api'], [[{ field: 'form', before: 'compose', after: 'k8s' }]]],
      ],
    );
  });

  it('a risk on a renamed component is kept when its rule and attack path are, read under the head\'s ids; one of the same rule on another link is raised and resolved', () => {
    const node = (id: string, name: string) => ({ id, kind: 'service', name, sources: [] });
    const runs = (from: string) => [
      { from, to: 'image:example/api', kind: 'runs', label: 'runs', sources: [] },
      { from: 'file:api/Dockerfile', to: 'image:example/api', kind: 'builds', label: 'builds', sources: [] },
    ];
    // A per-asset rule: a model-wide one (missing-vault) is the same risk on both sides whatever its path (diff-grain.test.ts).
    const risk = (id: string, name: string, path: string[], title = `Unencrypted Technical Asset named ${name}`) => ({ id, rule: 'threat-unencrypted-asset', title, severity: 'medium', stride: 'information-disclosure', likelihood: 'unlikely', impact: 'medium', path, pathNames: [name], sources: [] });
    const before = { nodes: [node('compose:.:api', 'api')], edges: runs('compose:.:api'), risks: [risk('unencrypted-asset@compose-api', 'api', ['compose:.:api']), risk('link@compose-db', 'db', ['compose:.:db'], 'a link on :5432')] };
    const after = { nodes: [node('compose:.:backend', 'backend')], edges: runs('compose:.:backend'), risks: [risk('unencrypted-asset@compose-backend', 'backend', ['compose:.:backend']), risk('link2@compose-db', 'db', ['compose:.:db'], 'a link on :5433')] };
    const diff = compareMaps(before, after, sides);
    assert.deepEqual(diff.components.renamed.map((n) => `${n.from} → ${n.id}`), ['compose:.:api → compose:.:backend']);
    assert.deepEqual([diff.threats.raised.map((r) => r.id), diff.threats.resolved.map((r) => r.id)], [['link2@compose-db'], ['link@compose-db']]);
  });

  it("a risk whose synthetic id moved with its elements' ids, the same rule, title and path by name: neither raised nor resolved", () => {
    const risk = (id: string) => ({ id, rule: 'threat-missing-vault', title: 'Missing Vault (Secret Storage) in the threat model (referencing asset api as an example)', severity: 'medium', stride: 'information-disclosure', likelihood: 'unlikely', impact: 'medium', path: ['x'], pathNames: ['api'], sources: [] });
    const diff = compareMaps({ ...base, risks: [risk('missing-vault@compose-api')] }, { ...base, risks: [risk('missing-vault@compose-deploy-api')] }, sides);
    assert.deepEqual(diff.threats, { raised: [], resolved: [] });
  });
});

describe('archdiff: changed fields and boundaries (identities given)', () => {
  const at = (line: number) => [{ file: 'k8s/api.yaml', line }];
  const api = { id: 'k8s:Deployment/shop/api', kind: 'service', name: 'api', sources: at(4) };
  const image = (repository: string) => ({ id: `image:${repository}`, kind: 'image', name: repository, sources: at(20) });
  const runs = (to: string) => ({ from: api.id, to, kind: 'runs', label: 'runs', sources: at(20) });
  const builds = (to: string) => ({ from: 'file:api/Dockerfile', to, kind: 'builds', label: 'builds', sources: [{ file: 'api/Dockerfile', line: 1 }] });
  const dockerfile = { id: 'file:api/Dockerfile', kind: 'build', name: 'api/Dockerfile', sources: [{ file: 'api/Dockerfile', line: 1 }] };

  it('a repository changed with its build: one component changed (image, technology, instances), no image node or runs/builds edge added or removed', () => {
    const base: SideView = {
      nodes: [api, image('example/api'), dockerfile],
      edges: [runs('image:example/api'), builds('image:example/api')],
      identities: { [api.id]: { technology: 'Node.js', images: ['example/api:1.0'], instances: ['manifests k8s'], boundary: 'namespace shop' } },
    };
    const head: SideView = {
      nodes: [api, image('example/api-v2'), dockerfile],
      edges: [runs('image:example/api-v2'), builds('image:example/api-v2')],
      identities: { [api.id]: { technology: 'Go', images: ['example/api-v2:2.0'], instances: ['kustomize overlays/prod', 'manifests k8s'], boundary: 'namespace shop' } },
    };
    const diff = compareMaps(base, head, sides);
    assert.deepEqual(diff.components, {
      added: [],
      removed: [],
      changed: [
        {
          ...api,
          changes: [
            { field: 'image', before: 'example/api:1.0', after: 'example/api-v2:2.0' },
            { field: 'technology', before: 'Node.js', after: 'Go' },
            { field: 'instances', before: 'manifests k8s', after: 'kustomize overlays/prod, manifests k8s' },
          ],
        },
      ],
      renamed: [],
    });
    assert.deepEqual(diff.connections, { added: [], removed: [] });
    assert.equal(
      diffText(diff),
      [
        `main (${'a'.repeat(12)}) → working tree`,
        'components: 0 added, 0 removed, 1 changed',
        '  ~ service api [k8s:Deployment/shop/api]: image example/api:1.0 → example/api-v2:2.0; technology Node.js → Go; instances manifests k8s → kustomize overlays/prod, manifests k8s (k8s/api.yaml:4)',
      ].join('\n'),
    );
    const cells = tablesOf(md.parse(diffMarkdown(diff), {}))[0][1];
    assert.deepEqual(cells, [
      'changed',
      'service',
      'api',
      'k8s:Deployment/shop/api',
      'image: example/api:1.0 → example/api-v2:2.0; technology: Node.js → Go; instances: manifests k8s → kustomize overlays/prod, manifests k8s',
      'k8s/api.yaml:4',
    ]);
  });

  it('a tag known on one side only is compared by repository; a technology known on one side only is no change; a side without identities compares none', () => {
    const side = (identity: NodeIdentity): SideView => ({ nodes: [api], edges: [], identities: { [api.id]: identity } });
    const helm = compareMaps(side({ images: ['example/api:1.0'], technology: 'Go' }), side({ images: ['example/api'] }), sides);
    assert.deepEqual(helm.components.changed, []);
    const none = compareMaps({ nodes: [api], edges: [] }, side({ images: ['example/api:2.0'], technology: 'Go' }), sides);
    assert.deepEqual(none.components.changed, []);
    const added = compareMaps(side({ instances: ['manifests k8s'] }), side({ instances: [] }), sides);
    assert.deepEqual(added.components.changed.map((n) => n.changes), [[{ field: 'instances', before: 'manifests k8s', after: '' }]]);
    assert.equal(diffText(added).split('\n')[2], '  ~ service api [k8s:Deployment/shop/api]: instances manifests k8s → (none) (k8s/api.yaml:4)');
  });

  it('a call added across namespaces is crossed, one removed uncrossed; a call within one, or to an end of no known boundary, is not; users into a namespace cross from the Internet', () => {
    const node = (id: string, name: string, kind = 'service') => ({ id, kind, name, sources: [] });
    const call = (from: string, to: string, line: number) => ({ from, to, kind: 'calls', label: 'HTTP :80', sources: [{ file: 'web.yaml', line }] });
    const nodes = [node('k8s:Deployment/front/web', 'web'), node('k8s:Service/back/api', 'api'), node('k8s:Service/front/cache', 'cache'), node('k8s:Service//loose', 'loose'), node('person:users', 'Users', 'person')];
    const identities: Record<string, NodeIdentity> = {
      'k8s:Deployment/front/web': { boundary: 'namespace front' },
      'k8s:Service/back/api': { boundary: 'namespace back' },
      'k8s:Service/front/cache': { boundary: 'namespace front' },
    };
    const old = call('k8s:Service/back/api', 'k8s:Service/front/cache', 3);
    const diff = compareMaps(
      { nodes, edges: [old], identities },
      { nodes, edges: [call('k8s:Deployment/front/web', 'k8s:Service/back/api', 9), call('k8s:Deployment/front/web', 'k8s:Service/front/cache', 10), call('k8s:Deployment/front/web', 'k8s:Service//loose', 11), call('person:users', 'k8s:Deployment/front/web', 12)], identities },
      sides,
    );
    assert.deepEqual(diff.boundaries, {
      crossed: [
        { ...call('k8s:Deployment/front/web', 'k8s:Service/back/api', 9), fromName: 'web', toName: 'api', fromBoundary: 'namespace front', toBoundary: 'namespace back' },
        { ...call('person:users', 'k8s:Deployment/front/web', 12), fromName: 'Users', toName: 'web', fromBoundary: 'Internet', toBoundary: 'namespace front' },
      ],
      uncrossed: [{ ...old, fromName: 'api', toName: 'cache', fromBoundary: 'namespace back', toBoundary: 'namespace front' }],
    });
    const text = diffText(diff).split('\n');
    assert.deepEqual(text.slice(text.indexOf('boundaries: 2 crossed, 1 uncrossed')), [
      'boundaries: 2 crossed, 1 uncrossed',
      '  + web calls api (HTTP :80) (namespace front → namespace back) (web.yaml:9)',
      '  + Users calls web (HTTP :80) (Internet → namespace front) (web.yaml:12)',
      '  - api calls cache (HTTP :80) (namespace back → namespace front) (web.yaml:3)',
    ]);
    const markdown = diffMarkdown(diff);
    assert.ok(markdown.includes(' · 3 boundary crossings (2 crossed, 1 uncrossed)'));
    const table = tablesOf(md.parse(markdown, {})).find((t) => t[0][2] === 'Boundary');
    assert.deepEqual(table, [
      ['', 'From', 'Boundary', 'To', 'Boundary', 'Where'],
      ['crossed', 'web', 'namespace front', 'api', 'namespace back', 'web.yaml:9'],
      ['crossed', 'Users', 'Internet', 'web', 'namespace front', 'web.yaml:12'],
      ['uncrossed', 'api', 'namespace back', 'cache', 'namespace front', 'web.yaml:3'],
    ]);
  });
});

describe('archdiff: identity.ts', () => {
  it('an image as its line writes it: the tag or digest after the repository, else the repository alone', () => {
    assert.equal(writtenImage('    image: example/api:1.1', 'example/api'), 'example/api:1.1');
    assert.equal(writtenImage('  image: "docker.io/library/postgres:16-alpine" # db', 'postgres'), 'postgres:16-alpine');
    assert.equal(writtenImage('image: ghcr.io/a/b@sha256:0123abcd', 'ghcr.io/a/b'), 'ghcr.io/a/b@sha256:0123abcd');
    // Another repository that begins with the name, then the name itself.
    assert.equal(writtenImage('image: example/api-gateway:2 # example/api:3', 'example/api'), 'example/api:3');
    assert.equal(writtenImage('  repository: example/api', 'example/api'), 'example/api');
    assert.equal(writtenImage('tag: "1.0"', 'example/api'), 'example/api');
  });

  it('a node\'s boundary: the Internet outside, its namespace, else its parent place', () => {
    assert.equal(boundaryName({ kind: 'person' }, undefined), 'Internet');
    assert.equal(boundaryName({ kind: 'service', namespace: 'shop', parent: 'k8s:namespace/shop' }, { kind: 'namespace', name: 'shop' }), 'namespace shop');
    assert.equal(boundaryName({ kind: 'service', parent: 'compose:.' }, { kind: 'environment', name: 'Compose shop' }), 'environment Compose shop');
    assert.equal(boundaryName({ kind: 'service' }, undefined), undefined);
  });
});
