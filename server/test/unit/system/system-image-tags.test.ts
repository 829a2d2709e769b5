// Images keyed with their tag where the tag tells builds apart (issue #79): opentelemetry-demo's Dockerfiles all build
// `ghcr.io/open-telemetry/demo`, each under its own tag; keyed by repository alone, every Dockerfile "built" all 25 services.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { systemView } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { repository } from './repositories';

function modelOf(files: Record<string, string>): SystemModel {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return buildSystemModel(index, systemContributors(families));
}

const edgesOf = (model: SystemModel, kind: string) => model.edges.filter((e) => e.kind === kind).map((e) => `${e.from.replace(/^(file:)?file:\/\/\/p\/?/, '')} → ${e.to}`).sort();

describe('System map: images keyed with their tag where it tells builds apart (issue #79)', () => {
  it('two Dockerfiles building one repository under two tags: two images, each built by its Dockerfile and run by its service', () => {
    const model = modelOf({
      'compose.yaml': 'services:\n  cart:\n    image: ghcr.io/acme/demo:1.0-cart\n    build:\n      context: ./cart\n  ad:\n    image: ghcr.io/acme/demo:1.0-ad\n    build:\n      context: ./ad\n',
      'cart/Dockerfile': 'FROM node:20\n',
      'ad/Dockerfile': 'FROM eclipse-temurin:21\n',
    });
    assert.deepEqual(edgesOf(model, 'builds'), ['ad/Dockerfile → image:ghcr.io/acme/demo:1.0-ad', 'cart/Dockerfile → image:ghcr.io/acme/demo:1.0-cart']);
    assert.deepEqual(edgesOf(model, 'runs'), ['compose:file:///p:ad → image:ghcr.io/acme/demo:1.0-ad', 'compose:file:///p:cart → image:ghcr.io/acme/demo:1.0-cart']);
    assert.equal(model.node('image:ghcr.io/acme/demo'), undefined);
  });

  it('one build under two tags, or two builds under one tag: one image, as before', () => {
    const oneBuild = modelOf({
      'compose.yaml': 'services:\n  api:\n    image: ghcr.io/acme/api:1.0\n    build: .\n',
      'compose.prod.yaml': 'services:\n  api:\n    image: ghcr.io/acme/api:2.0\n    build: .\n',
      Dockerfile: 'FROM node:20\n',
    });
    assert.deepEqual(oneBuild.nodes.filter((n) => n.kind === 'image').map((n) => n.id), ['image:ghcr.io/acme/api']);
    const oneTag = modelOf({
      'compose.yaml': 'services:\n  a:\n    image: ghcr.io/acme/app:1.0\n    build:\n      context: ./a\n  b:\n    image: ghcr.io/acme/app:1.0\n    build:\n      context: ./b\n',
      'a/Dockerfile': 'FROM node:20\n',
      'b/Dockerfile': 'FROM node:20\n',
    });
    assert.deepEqual(oneTag.nodes.filter((n) => n.kind === 'image').map((n) => n.id), ['image:ghcr.io/acme/app']);
  });

  it('opentelemetry-demo: 25 Dockerfiles, 25 images `ghcr.io/open-telemetry/demo:latest-<service>`, each Dockerfile building one service in the delivery view', async () => {
    const { model, view } = await repository('open-telemetry+opentelemetry-demo');
    const built = model.edges.filter((e) => e.kind === 'builds' && e.to.startsWith('image:ghcr.io/open-telemetry/demo'));
    assert.equal(built.length, 25);
    assert.equal(new Set(built.map((e) => e.to)).size, 25);
    assert.ok(built.some((e) => e.to === 'image:ghcr.io/open-telemetry/demo:latest-cart' && e.from.endsWith('/src/cart/src/Dockerfile')), built.map((e) => `${e.from} → ${e.to}`).join('\n'));
    const delivery = view('delivery');
    const names = new Map(delivery.nodes.map((n) => [n.id, n.name]));
    // Before: 25 Dockerfiles → one image → 25 components (625 paths); now each Dockerfile reaches one component.
    const runsFrom = new Map<string, string[]>();
    for (const e of delivery.edges) if (e.kind === 'runs') runsFrom.set(e.from, [...(runsFrom.get(e.from) ?? []), names.get(e.to) ?? e.to]);
    const demo = [...runsFrom].filter(([image]) => image.startsWith('image:ghcr.io/open-telemetry/demo'));
    assert.equal(demo.length, 25);
    assert.ok(demo.every(([, components]) => components.length === 1), JSON.stringify(demo));
    assert.deepEqual(runsFrom.get('image:ghcr.io/open-telemetry/demo:latest-cart'), ['cart']);
    assert.equal(systemView(model, 'containers', 'otel').nodes.length, view('containers').nodes.length);
  });
});
