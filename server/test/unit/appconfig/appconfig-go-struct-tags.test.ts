// A Go program reading its settings through struct tags (issue #95, tinrab/meower 2efbf93c, MIT:
// server/test/fixtures/oss/appconfig/tinrab+meower, SOURCES.md there): kelseyhightower/envconfig's `envconfig:"NATS_ADDRESS"`
// names the variable its Compose service is given, so the address is the service's call, not a possible one.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { calls, treeContainers } from '../system/repositories';

const meower = readTree(path.join(fixturesDir, 'oss', 'appconfig', 'tinrab+meower'));

describe('Go struct tags name the variables a program reads (issue #95)', function () {
  this.timeout(300_000);

  it('meower: meow, query and pusher call nats, query calls elasticsearch, each named by an `envconfig:` tag', async () => {
    const graph = await treeContainers(meower);
    // Before: all four only `may-call` (the Go files, holding no URL, were not read).
    assert.deepEqual(calls(graph).filter((c) => / → (nats|elasticsearch)$/.test(c)), ['meow → nats', 'pusher → nats', 'query → elasticsearch', 'query → nats']);
    assert.deepEqual(calls(graph, 'may-call').filter((c) => / → (nats|elasticsearch)$/.test(c)), []);
  });
});
