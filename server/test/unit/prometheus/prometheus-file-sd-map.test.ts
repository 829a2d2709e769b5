// Prometheus scrapes the targets its file_sd_configs' files list as it scrapes static_configs' (issue #95):
// rocketchat-compose's prometheus.yml names `/etc/prometheus/file_sd_configs/*.yml`, a path in its container that the
// Compose bind mount `./files/prometheus:/etc/prometheus` maps onto the workspace; the scrapes of rocketchat :9458,
// mongodb-exporter and nats-exporter were missing from the map. Reduction in fixtures/oss/system/RocketChat+rocketchat-compose.
import assert from 'node:assert/strict';
import { corpus, repository, treeContainers } from '../system/repositories';
import type { SystemViewGraph } from '../../../src/system/views';

/** The scrapes of a containers view, `from → to`, with the evidence's file below `root` and line when `root` is given. */
function scrapes(graph: SystemViewGraph, root?: string): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges.filter((e) => e.kind === 'scrapes').flatMap((e) => (root === undefined ? [`${name.get(e.from)} → ${name.get(e.to)}`] : e.sources.map((s) => `${name.get(e.from)} → ${name.get(e.to)} ${decodeURIComponent(s.uri.slice(root.length + 1))}:${s.range.start.line + 1}`))).sort();
}

describe('Prometheus: the targets of file_sd_configs are scrape calls (issue #95)', () => {
  it("rocketchat-compose: each target of the mounted target files, with its file's line", async () => {
    const { view, root } = await repository('RocketChat+rocketchat-compose', corpus);
    assert.deepEqual(scrapes(view('containers'), root), [
      'prometheus → mongodb-exporter files/prometheus/file_sd_configs/mongo.yml:2',
      'prometheus → nats-exporter files/prometheus/file_sd_configs/nats.yml:2',
      'prometheus → rocketchat files/prometheus/file_sd_configs/rocketchat.yml:2',
      'prometheus → traefik files/prometheus/file_sd_configs/traefik.yml:2',
    ]);
  });

  it('a target file named traefik.yml is Prometheus\'s, not a Traefik configuration: its target is scraped, never called', async () => {
    const { view } = await repository('RocketChat+rocketchat-compose', corpus);
    const graph = view('containers');
    const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
    const traefik = graph.edges.filter((e) => name.get(e.to) === 'traefik').map((e) => `${name.get(e.from)} ${e.kind} ${e.label}`);
    assert.deepEqual(traefik.filter((e) => !e.includes(' scrapes ')), [], traefik.join('\n'));
  });

  it('a relative path is read from the configuration\'s folder; a glob in a folder, a variable or another folder name nothing', async () => {
    const compose = 'services:\n  prometheus:\n    image: prom/prometheus\n    volumes: ["./prom:/etc/prometheus"]\n  app:\n    image: app\n    expose: ["8080"]\n  other:\n    image: other\n    expose: ["9000"]\n';
    const config = (files: string) => `scrape_configs:\n  - job_name: apps\n    file_sd_configs:\n      - files: ${files}\n`;
    const targets = { 'prom/sd/app.yml': '- targets: ["app:8080"]\n', 'prom/other/other.yml': '- targets: ["other:9000"]\n' };
    assert.deepEqual(scrapes(await treeContainers({ 'compose.yml': compose, 'prom/prometheus.yml': config('["sd/*.yml"]'), ...targets })), ['prometheus → app']);
    assert.deepEqual(scrapes(await treeContainers({ 'compose.yml': compose, 'prom/prometheus.yml': config('["*/app.yml", "$DIR/x.yml", "sd/*.json"]'), ...targets })), []);
  });
});
