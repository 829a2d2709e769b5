// A host an application's settings or code name by another name its Compose service answers — its `container_name`,
// `hostname` or a network alias — is that service (issue #95): asc-lab/dotnetcore-microservices-poc
// (server/test/fixtures/oss/appconfig, SOURCES.md there) reaches RabbitMQ as `rabbit` and Eureka as `eureka-server`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { evidencedCalls } from '../system/repositories';

describe('Application settings naming a Compose container_name (issue #95)', function () {
  this.timeout(300_000);

  it("asc-lab/dotnetcore-microservices-poc: appsettings.docker.json's `rabbit` and `http://eureka-server:8761/eureka/`, and the code's `\"rabbit\"`, are calls to the services `rabbitmq` and `eureka`", async () => {
    // The calls to RabbitMQ and Eureka (the fixture's gateway and policy call the services by name too: appconfig-registry-names.test.ts).
    const calls = (await evidencedCalls('asc-lab+dotnetcore-microservices-poc', path.join(fixturesDir, 'oss', 'appconfig'))).filter((call) => / → (?:rabbitmq|eureka) /.test(call));
    assert.deepEqual(calls, [
      'dotnet-policy-search-service → eureka [HTTP :8761] PolicySearchService/appsettings.docker.json:4',
      'dotnet-policy-search-service → rabbitmq [calls (code)] PolicySearchService/Messaging/RabbitMq/RabbitInstaller.cs:14',
      'dotnet-policy-service → eureka [HTTP :8761] PolicyService/appsettings.docker.json:7',
      'dotnet-policy-service → rabbitmq [calls] PolicyService/appsettings.docker.json:14',
    ]);
  });
});
