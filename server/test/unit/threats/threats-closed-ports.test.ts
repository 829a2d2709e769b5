// A published port nothing listens on (issue #95, x99k), on a reduction of the real file:
// - harlow/go-micro-services (f8012499, MIT) docker-compose.yml: jaegertracing/all-in-one:1.76.0 publishes the Jaeger
//   agent's 5775/udp, 5778, 6831/udp, 6832/udp, but the agent left the all-in-one image in v1.63 (jaegertracing/jaeger#6081).
import assert from 'node:assert/strict';
import { productNamesOf, productPort } from '../../../src/threats/products';
import { described, risksOfFiles } from '../../threatRisks';
import { gmsCompose as gms } from '../../listenerReductions';

/** The risks of the Internet reaching Jaeger, `rule @line` (the agent's ports: lines 11, 15, 16, 17). */
const jaeger = async (image: string, env?: string) => {
  const risks = described(await risksOfFiles({ 'docker-compose.yml': gms(image), ...(env !== undefined ? { '.env': env } : {}) }));
  return risks.filter((r) => / internet>jaeger @/.test(r)).map((r) => r.replace(/ internet>jaeger @docker-compose\.yml/, ' @'));
};
const UI_ONLY = ['missing-authentication @:14', 'unguarded-access-from-internet @:12', 'unguarded-access-from-internet @:14'];

describe('threats: a published port nothing listens on (issue #95, x99k)', function () {
  this.timeout(120_000);

  it("go-micro-services: the agent's ports published from all-in-one 1.76.0 are no ways in (Jaeger removed its agent in 1.63)", async () => {
    // Before: unguarded access on lines 11, 15, 16, 17 and missing authentication on 15, 16, 17 as well.
    assert.deepEqual(await jaeger('jaegertracing/all-in-one:1.76.0'), UI_ONLY);
    // No tag, `latest`, a floating `1`, a registry's mirror, a default the .env does not replace: today's image, no agent.
    assert.deepEqual(await jaeger('jaegertracing/all-in-one'), UI_ONLY);
    assert.deepEqual(await jaeger('"quay.io/jaegertracing/all-in-one:1"'), UI_ONLY);
    assert.deepEqual(await jaeger('jaegertracing/all-in-one:${JAEGER_VERSION:-1.76.0}', 'OTHER=1\n'), UI_ONLY);
  });

  it("go-micro-services' jaegertracing/all-in-one is Jaeger's all-in-one in the products table: its UI and intake web ports, its admin port metrics", () => {
    const node = { id: 'compose:.:jaeger', kind: 'service', name: 'jaeger', image: 'jaegertracing/all-in-one', sources: [] };
    // Before: the table's row read `jaeger-all-in-one`, which no image's last part is.
    const names = productNamesOf(node as never, { edges: [], node: () => undefined });
    assert.equal(productPort(names, 14269, 'metrics'), true);
    assert.equal(productPort(names, 16686, 'web'), true);
    assert.equal(productPort(names, 5778, 'metrics'), false);
  });

  it('an all-in-one before 1.63, or a version not known, keeps the agent ports as ways in', async () => {
    const agent = (risks: string[]) => risks.filter((r) => /@:1[1567]$/.test(r)).length;
    assert.equal(agent(await jaeger('jaegertracing/all-in-one:1.62.0')), 7);
    assert.equal(agent(await jaeger('jaegertracing/all-in-one:${JAEGER_VERSION}')), 7);
    assert.equal(agent(await jaeger('jaegertracing/all-in-one:${JAEGER_VERSION:-1.76.0}', 'JAEGER_VERSION=1.50.0\n')), 7);
    assert.equal(agent(await jaeger('jaegertracing/all-in-one@sha256:4f1f2b0b5c3a')), 7);
  });
});
