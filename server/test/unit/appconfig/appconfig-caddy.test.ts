// Caddy's reverse proxy (issue #95, stefanprodan/dockprom): the Caddyfile the Caddy container mounts is its configuration,
// each `reverse_proxy` upstream a call with its line. On the real files (server/test/fixtures/oss/singles/dockprom,
// SOURCES.md there), then each form inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { configAddresses } from '../../../src/appconfig/mountedValues';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';
import type { SystemViewGraph } from '../../../src/system/views';

/** Caddy's calls of the containers view as `from → to [label] file:line…`. */
function calls(graph: SystemViewGraph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) === 'caddy').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${e.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`).join(' ')}`))].sort();
}

const dockprom = () => readTree(path.join(fixturesDir, 'oss', 'singles', 'dockprom'));
const found = (file: string, text: string) => configAddresses(file, text).map((a) => `${a.host}:${a.port ?? ''}${a.scheme ? ` ${a.scheme}` : ''} «${text.slice(a.start, a.end)}»`);

describe('Caddy\'s Caddyfile names the upstreams it proxies to (issue #95)', function () {
  this.timeout(300_000);

  it('stefanprodan/dockprom: caddy → grafana, cadvisor, prometheus, alertmanager, pushgateway, each at its `reverse_proxy` line', async () => {
    // Before: no call from caddy (the Caddyfile mounted by `./caddy:/etc/caddy` was read as `key value` lines).
    assert.deepEqual(calls(await treeContainers(dockprom())), [
      'caddy → alertmanager [HTTP :9093] Caddyfile:23',
      'caddy → cadvisor [HTTP :8080] Caddyfile:9',
      'caddy → grafana [HTTP :3000] Caddyfile:2',
      'caddy → prometheus [HTTP :9090] Caddyfile:16',
      'caddy → pushgateway [HTTP :9091] Caddyfile:30',
    ]);
    // Not mounted: no call.
    const files = dockprom();
    files['docker-compose.yml'] = files['docker-compose.yml'].replace('      - ./caddy:/etc/caddy\n', '');
    assert.deepEqual(calls(await treeContainers(files)), []);
  });

  it('reads matchers, several upstreams, a block\'s `to` lines and default ports; not placeholders, sockets or other directives', () => {
    const caddyfile = [
      'example.com {',
      '  reverse_proxy /api/* http://api:8080 web  # two upstreams',
      '  reverse_proxy @ws {',
      '    to ws-a:9000 https://ws-b',
      '    lb_policy first',
      '  }',
      '  to stray:1',
      '  reverse_proxy {$BACKEND} unix//run/app.sock',
      '  file_server',
      '  redir https://elsewhere.example{uri}',
      '}',
    ].join('\n');
    assert.deepEqual(found('Caddyfile', caddyfile), ['api:8080 http «http://api:8080»', 'web:80 http «web»', 'ws-a:9000 http «ws-a:9000»', 'ws-b:443 https «https://ws-b»']);
    assert.deepEqual(found('site.caddyfile', 'reverse_proxy app:3000\n'), ['app:3000 http «app:3000»']);
    // Another file of that name-less shape is still read as `key value` lines (`reverse_proxy` is no address key there).
    assert.deepEqual(found('parsers', 'reverse_proxy app:3000\n'), []);
  });
});
