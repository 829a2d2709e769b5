// A published port nothing in the container listens on is no way in on the map either (issue #95, x100b), on reductions
// of the real files:
// - harlow/go-micro-services (f8012499, MIT) docker-compose.yml: jaegertracing/all-in-one:1.76.0 publishes the Jaeger
//   agent's 5775/udp, 5778, 6831/udp, 6832/udp, but the agent left the all-in-one image in v1.63 (jaegertracing/jaeger#6081);
// - Kong/docker-kong (d1ed165b, Apache-2.0) compose/docker-compose.yml: `KONG_PROXY_LISTEN`/`KONG_ADMIN_LISTEN` replace
//   Kong's listeners, so its published 8443 and 8444 reach nothing;
// - RocketChat/rocketchat-compose (f693f76c, MIT) compose.traefik.yml: Traefik's 8080 is an entry point only with
//   `--api.insecure` (default false there).
import assert from 'node:assert/strict';
import { treeContainers } from './repositories';
import { gmsCompose as gms, KONG_LISTENERS as LISTENERS, kongCompose, traefikCompose } from '../../listenerReductions';

const kong = (listeners: readonly string[]) => kongCompose(listeners);

/** The ports Users reach a component by on the containers view, sorted. */
const usersTo = async (component: string, files: Record<string, string>) => {
  const view = await treeContainers(files);
  const ids = new Set(view.nodes.filter((n) => n.name === component).map((n) => n.id));
  return view.edges.filter((e) => e.from === 'person:users' && ids.has(e.to)).flatMap((e) => (e.label ?? '').split(', ')).sort();
};
const AGENT = [':14268', ':16686', ':5775', ':5778', ':6831', ':6832'];

describe('System map: a published port nothing listens on is no way in (issue #95, x100b)', function () {
  this.timeout(120_000);

  it("go-micro-services: the agent's ports published from all-in-one 1.76.0 are no Users → jaeger calls", async () => {
    // Before: Users → jaeger on :5775, :5778, :6831 and :6832 as well.
    assert.deepEqual(await usersTo('jaeger', { 'docker-compose.yml': gms('jaegertracing/all-in-one:1.76.0') }), [':14268', ':16686']);
    // No tag, a default the .env does not replace: today's image, no agent.
    assert.deepEqual(await usersTo('jaeger', { 'docker-compose.yml': gms('jaegertracing/all-in-one') }), [':14268', ':16686']);
    assert.deepEqual(await usersTo('jaeger', { 'docker-compose.yml': gms('jaegertracing/all-in-one:${JAEGER_VERSION:-1.76.0}'), '.env': 'OTHER=1\n' }), [':14268', ':16686']);
  });

  it('an all-in-one before 1.63, a version not known, or an override naming another image keeps the agent ports', async () => {
    assert.deepEqual(await usersTo('jaeger', { 'docker-compose.yml': gms('jaegertracing/all-in-one:1.62.0') }), AGENT);
    assert.deepEqual(await usersTo('jaeger', { 'docker-compose.yml': gms('jaegertracing/all-in-one:${JAEGER_VERSION}') }), AGENT);
    assert.deepEqual(await usersTo('jaeger', { 'docker-compose.yml': gms('jaegertracing/all-in-one:${JAEGER_VERSION:-1.76.0}'), '.env': 'JAEGER_VERSION=1.50.0\n' }), AGENT);
    const override = 'services:\n  jaeger:\n    image: jaegertracing/all-in-one:1.50\n';
    assert.deepEqual(await usersTo('jaeger', { 'docker-compose.yml': gms('jaegertracing/all-in-one:1.76.0'), 'docker-compose.override.yml': override }), AGENT);
  });

  it("docker-kong: 8443 and 8444, published to listeners KONG_*_LISTEN removed, are no Users → kong calls", async () => {
    // Before: :8443 and :8444 as well.
    assert.deepEqual(await usersTo('kong', { 'docker-compose.yml': kong(LISTENERS) }), [':8000', ':8001', ':8002']);
    // A listener from a variable unset with no default, or a kong.conf of its own: not judged, every port kept.
    const every = [':8000', ':8001', ':8002', ':8443', ':8444'];
    assert.deepEqual(await usersTo('kong', { 'docker-compose.yml': kong(['      KONG_PROXY_LISTEN: "${PROXY}"', ...LISTENERS.slice(1)]) }), every);
    assert.deepEqual(await usersTo('kong', { 'docker-compose.yml': kong([...LISTENERS, '      KONG_CONF: /etc/kong/kong.conf']) }), every);
  });

  it("rocketchat-compose: Traefik's published 8080, no entry point of its flags (`--api.insecure` false), is no Users → traefik call", async () => {
    // Before: :8080 as well.
    assert.deepEqual(await usersTo('traefik', { 'compose.traefik.yml': traefikCompose() }), [':443', ':80']);
    // The API served insecurely, or its setting not known: 8080 kept.
    assert.deepEqual(await usersTo('traefik', { 'compose.traefik.yml': traefikCompose('true') }), [':443', ':80', ':8080']);
    assert.deepEqual(await usersTo('traefik', { 'compose.traefik.yml': traefikCompose('${TRAEFIK_API_INSECURE}') }), [':443', ':80', ':8080']);
    assert.deepEqual(await usersTo('traefik', { 'compose.traefik.yml': traefikCompose(), '.env': 'TRAEFIK_API_INSECURE=true\n' }), [':443', ':80', ':8080']);
  });
});
