// A host an application's settings or code name by another name its Compose service answers — its `container_name`,
// `hostname` or a network alias — is that service (issue #95): asc-lab/dotnetcore-microservices-poc
// (server/test/fixtures/oss/appconfig, SOURCES.md there) reaches RabbitMQ as `rabbit` and Eureka as `eureka-server`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { repository } from '../system/repositories';

describe('Application settings naming a Compose container_name (issue #95)', function () {
  this.timeout(300_000);

  it("asc-lab/dotnetcore-microservices-poc: appsettings.docker.json's `rabbit` and `http://eureka-server:8761/eureka/`, and the code's `\"rabbit\"`, are calls to the services `rabbitmq` and `eureka`", async () => {
    const { view, root } = await repository('asc-lab+dotnetcore-microservices-poc', path.join(fixturesDir, 'oss', 'appconfig'));
    const graph = view('containers');
    const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
    const calls = graph.edges
      .filter((e) => (e.kind === 'calls' || e.kind === 'may-call') && name.get(e.from) !== 'Users')
      .flatMap((e) => e.sources.map((s) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${decodeURIComponent(s.uri.slice(root.length + 1))}:${s.range.start.line + 1}`))
      .sort();
    assert.deepEqual(calls, [
      'dotnet-policy-search-service → eureka [HTTP :8761] PolicySearchService/appsettings.docker.json:4',
      'dotnet-policy-search-service → rabbitmq [calls (code)] PolicySearchService/Messaging/RabbitMq/RabbitInstaller.cs:14',
      'dotnet-policy-service → eureka [HTTP :8761] PolicyService/appsettings.docker.json:7',
      'dotnet-policy-service → rabbitmq [calls] PolicyService/appsettings.docker.json:14',
    ]);
  });
});
