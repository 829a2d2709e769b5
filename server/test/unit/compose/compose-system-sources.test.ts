// The Compose family's sources for the system map (issue #64): the addresses Compose files state, read
// as `docker compose` reads them — the project's .env interpolated (`CART_ADDR=cart:${CART_PORT}`), a
// variable listed without a value taken from .env, env_file, `*_HOST`/`*_PORT` pairs — on
// opentelemetry-demo (server/test/fixtures/oss/system, SOURCES.md there) against `docker-compose
// config`'s own resolution of the same files (expected/…/resolved-by-docker-compose-config.yaml).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { addressesIn, hostPortPairs } from '../../../src/features/system/addresses';
import { corpus, repository } from '../system/repositories';

type Service = { environment?: Record<string, string | null> | string[]; container_name?: string };

/** Every `from → to` call the resolved file's environments state: addresses and host/port pairs naming another service. */
function resolvedCalls(services: Record<string, Service>): Set<string> {
  const names = new Map<string, string>();
  for (const [name, service] of Object.entries(services)) {
    names.set(name, name);
    if (service.container_name) names.set(service.container_name, name);
  }
  const calls = new Set<string>();
  for (const [name, service] of Object.entries(services)) {
    const env = service.environment ?? {};
    const variables = Array.isArray(env) ? env.map((e) => ({ key: e.split('=')[0], value: e.slice(e.indexOf('=') + 1) })) : Object.entries(env).map(([key, value]) => ({ key, value: value ?? '' }));
    const hosts = [...variables.flatMap((v) => addressesIn(v.value).map((a) => a.host)), ...hostPortPairs(variables).map((p) => p.host)];
    for (const host of hosts) {
      const to = names.get(host);
      if (to && to !== name) calls.add(`${name} → ${to}`);
    }
  }
  return calls;
}

describe('Compose sources of the system map (issue #64)', () => {
  const demo = 'open-telemetry+opentelemetry-demo';
  const resolved = parse(readFileSync(path.join(corpus, 'expected', demo, 'resolved-by-docker-compose-config.yaml'), 'utf8')) as { services: Record<string, Service> };

  it('opentelemetry-demo: the calls of every service are those docker-compose config resolves (.env interpolated, values listed bare taken from .env, host/port pairs) — none missed, none more', async () => {
    const { model } = await repository(demo);
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const ours = new Set(model.edges.filter((e) => e.kind === 'calls' && e.from.startsWith('compose:') && e.to.startsWith('compose:')).map((e) => `${name.get(e.from)} → ${name.get(e.to)}`));
    const theirs = resolvedCalls(resolved.services);
    // Today's baseline was 0 of them (no .env read).
    assert.ok(theirs.size >= 60, `${theirs.size} calls resolved`);
    assert.deepEqual([...theirs].filter((c) => !ours.has(c)), [], 'missed');
    // The services the resolved file holds (the default layers) call nothing it does not say.
    const inResolved = [...ours].filter((c) => c.split(' → ').every((end) => end in resolved.services));
    assert.deepEqual(inResolved.filter((c) => !theirs.has(c)), [], 'more than docker-compose config says');
    // The ports come from .env: no `:0`.
    assert.deepEqual(model.edges.filter((e) => /:0\b/.test(e.label)).map((e) => e.label), []);
    assert.ok(model.edges.some((e) => e.kind === 'calls' && name.get(e.from) === 'checkout' && name.get(e.to) === 'cart' && e.port === 7070));
  });

  it('opentelemetry-demo: images resolved from .env (${IMAGE_NAME}:${DEMO_VERSION}-cart), a Compose deployment instance, the Dockerfile a build names', async () => {
    const { model } = await repository(demo);
    const cart = model.nodes.find((n) => n.id.startsWith('compose:') && n.name === 'cart')!;
    assert.equal(cart.image, 'ghcr.io/open-telemetry/demo');
    assert.equal(cart.deployment?.tool, 'compose');
    // Compose's project name from the folder's (`open-telemetry+opentelemetry-demo`, what a name cannot hold dropped).
    assert.equal(cart.deployment?.name, 'open-telemetryopentelemetry-demo');
    assert.match(cart.identity?.build ?? '', /\/src\/cart\/src\/Dockerfile$/);
    assert.equal(model.nodes.some((n) => n.id === 'image:'), false, 'an image of an empty name');
  });

  it('published ports are entry points the model judges, at the port .env gives', async () => {
    const { model } = await repository(demo);
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const users = model.edges.filter((e) => e.from === 'person:users').map((e) => `${name.get(e.to)} ${e.label}`);
    assert.ok(users.includes('frontend-proxy :8080'), users.join(', '));
  });

  it('*_HOST / *_PORT pairs: the host with the port of its prefix; a host alone; the host a program serves as is no peer', () => {
    assert.deepEqual(hostPortPairs([{ key: 'POSTGRES_HOST', value: 'db' }, { key: 'POSTGRES_PORT', value: '5432' }, { key: 'FLAGD_HOST', value: 'flagd' }, { key: 'VIRTUAL_HOST', value: 'shop.example.com' }, { key: 'BIND_HOST', value: '0.0.0.0' }, { key: 'REDIS_HOST', value: 'redis:6379' }]), [
      { key: 'POSTGRES_HOST', host: 'db', port: 5432, text: 'db:5432' },
      { key: 'FLAGD_HOST', host: 'flagd', text: 'flagd' },
    ]);
  });
});
