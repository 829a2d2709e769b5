// Traefik's Docker labels as call evidence (issue #79), and a component published only behind the proxy not drawn as the
// users' way in: docker/awesome-compose's traefik-golang (fixture with its licence) and a stack written here.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { systemView } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { repository } from './repositories';

function containers(files: Record<string, string>) {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const view = systemView(buildSystemModel(index, systemContributors(families)), 'containers', 'p');
  const name = new Map(view.nodes.map((n) => [n.id, n.name]));
  return view.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] @${e.sources.map((s) => s.range.start.line + 1).join(',')}`).sort();
}

describe('System map: Traefik labels (issue #79)', () => {
  it('a router\'s rule label is Traefik routing to the service, at its service port; the backend\'s own published port is no user call', () => {
    assert.deepEqual(
      containers({
        'compose.yaml': [
          'services:',
          '  proxy:',
          '    image: traefik:v3.1',
          '    ports:',
          '      - "80:80"',
          '  whoami:',
          '    image: traefik/whoami',
          '    ports:',
          '      - "8080:80"',
          '    labels:',
          '      traefik.http.routers.whoami.rule: Host(`whoami.localhost`)',
          '      traefik.http.services.whoami.loadbalancer.server.port: "80"',
          '  worker:',
          '    image: busybox',
          '    labels:',
          '      - "traefik.enable=false"',
          '',
        ].join('\n'),
      }),
      ['Users → proxy [:80] @5', 'proxy → whoami [routes (Traefik) :80] @11'],
    );
  });

  it('awesome-compose\'s traefik-golang: frontend (Traefik) → backend from the backend\'s labels', async () => {
    const { view } = await repository('docker+awesome-compose');
    const graph = view('containers');
    const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
    const inProject = graph.edges.filter((e) => e.from.includes('/traefik-golang:') && e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] @${e.sources.map((s) => s.range.start.line + 1).join(',')}`);
    // The rule's label (line 17); the start order (`depends_on: backend`, line 12) beside the call is one arrow, the call.
    assert.deepEqual(inProject, ['frontend (traefik-golang) → backend (traefik-golang) [routes (Traefik) :80] @17,12']);
  });
});
