// An image the repository builds elsewhere (issue #95, makeplane/plane): deployments/cli/community/docker-compose.yml runs
// `makeplane/plane-proxy` from the registry, the image the root docker-compose.yml builds from apps/proxy (Compose's
// `plane-proxy`), whose Dockerfile.ce copies Caddyfile.ce in; the sibling build.yml's context names a folder absent from the
// repository. On the real files (server/test/fixtures/oss/singles/plane, SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { repository } from '../system/repositories';
import { buildsOfImagesRun, inWorkspace } from '../../../src/appconfig/imageBuilds';
import type { WorkspaceIndex } from '../../../src/workspace/index';
import type { SystemNode } from '../../../src/features/system/contributor';

const under = path.join(fixturesDir, 'oss', 'singles');

describe('An image-only component runs the build of its image made elsewhere in the repository (issue #95)', function () {
  this.timeout(300_000);

  it('makeplane/plane: both proxies (root, built; community, from the registry) call their own project\'s plane-minio from Caddyfile.ce', async () => {
    const { view, root } = await repository('plane', under);
    const graph = view('containers');
    // Ids below the repository (`compose:<project folder>:<service>`).
    const short = (id: string) => id.split(`${root}/`).join('').split(root).join('.');
    const calls = graph.edges
      .filter((e) => e.kind === 'calls' && !e.from.startsWith('person:'))
      .map((e) => `${short(e.from)} → ${short(e.to)} ${e.sources.map((s) => `${decodeURIComponent(s.uri.slice(root.length + 1))}:${s.range.start.line + 1}`).join(' ')}`)
      .sort();
    // Before: the community proxy called nothing (its build.yml's Dockerfile, absent, made it "built"; and a file copied into
    // an image two components run was read for neither).
    assert.deepEqual(calls, [
      'compose:.:proxy → compose:.:plane-minio apps/proxy/Caddyfile.ce:20 apps/proxy/Caddyfile.ce:21',
      'compose:deployments/cli/community:proxy → compose:deployments/cli/community:plane-minio apps/proxy/Caddyfile.ce:20 apps/proxy/Caddyfile.ce:21',
    ]);
  });

  it("makeplane/plane: the community proxy, whose build.yml names a Dockerfile absent from the repository, is the Caddy its image's build makes", async () => {
    const { view } = await repository('plane', under);
    const proxies = view('containers').nodes.filter((n) => n.name.startsWith('proxy')).map((n) => `${n.name}: ${n.technology ?? ''}`).sort();
    // Before: the community proxy's technology was unknown (its own build, never read, named no base image).
    assert.deepEqual(proxies, ['proxy (deployments/cli/community): Caddy', 'proxy (plane): Caddy']);
  });

  it('links by the exact last segment of the repository only, and nothing when two builds in two folders make that name', () => {
    const node = (id: string) => ({ id, kind: 'service', name: id, sources: [] }) as unknown as SystemNode;
    const [a, b] = [node('a'), node('b')];
    const builds = new Map([['image:plane-proxy', ['file:///r/apps/proxy/Dockerfile.ce']], ['image:other', ['file:///r/x/Dockerfile', 'file:///r/y/Dockerfile']]]);
    const linked = (runs: Map<string, SystemNode[]>) => [...buildsOfImagesRun(builds, runs, () => false)].map(([n, files]) => `${n.id}: ${files.join(' ')}`);
    assert.deepEqual(linked(new Map([['image:makeplane/plane-proxy', [a]], ['image:makeplane/plane-proxy-ee', [b]]])), ['a: file:///r/apps/proxy/Dockerfile.ce']);
    assert.deepEqual(linked(new Map([['image:acme/other', [a]]])), []);
    assert.deepEqual(linked(new Map([['image:acme/plane-proxy', [a]]])).length, 1);
    // A Dockerfile is the workspace's when indexed or in a folder of indexed files (a name the family does not select).
    const index = { files: () => [{ uri: 'file:///r/deploy/main.go' }].values(), get: () => undefined } as unknown as WorkspaceIndex;
    assert.deepEqual(['file:///r/deploy/api.df', 'file:///r/deployments/apps/proxy/Dockerfile.ce'].map(inWorkspace(index)), [true, false]);
    // A component already built keeps its own build.
    assert.deepEqual([...buildsOfImagesRun(builds, new Map([['image:acme/plane-proxy', [a]]]), () => true)], []);
  });
});
