// Calls by a registry's logical name (issue #95): Ocelot's routes by `ServiceName` (Eureka here) and a Steeltoe client's
// `http://PricingService/…` reach the component whose own appsettings.json registers that name (`Spring:Application:Name`).
// Consul's too: a service's own `"ConsulOptions": { "ServiceName": … }` is the name Ocelot's `PollConsul` routes reach.
// Reductions of asc-lab/dotnetcore-microservices-poc and madslundt/NetCoreMicroservicesSample (server/test/fixtures/oss/appconfig, SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { readAppConfig } from '../../../src/appconfig/readers';
import { ocelotCalls, registeredServiceName } from '../../../src/appconfig/registryNames';
import { fixturesDir } from '../../helpers';
import { evidencedCalls } from '../system/repositories';

describe('Calls by a registry name: Ocelot, Steeltoe (issue #95)', function () {
  this.timeout(300_000);

  it('asc-lab/dotnetcore-microservices-poc: the gateway\'s Ocelot routes by ServiceName and policy\'s `http://PricingService/…` reach the services registering those names', async () => {
    // The gateway's and policy's HTTP calls (the fixture's settings name Eureka and RabbitMQ too: appconfig-container-names.test.ts).
    const calls = (await evidencedCalls('asc-lab+dotnetcore-microservices-poc', path.join(fixturesDir, 'oss', 'appconfig'))).filter((call) => / → dotnet-\S+ \[HTTP\]/.test(call));
    // DashboardService's route (ocelot.json:45) names no component of this reduction: no call.
    assert.deepEqual(calls, [
      'dotnet-agent-portal-gateway → dotnet-policy-service [HTTP] AgentPortalApiGateway/ocelot.json:64',
      'dotnet-agent-portal-gateway → dotnet-product-service [HTTP] AgentPortalApiGateway/ocelot.json:26',
      'dotnet-agent-portal-gateway → dotnet-product-service [HTTP] AgentPortalApiGateway/ocelot.json:7',
      'dotnet-policy-service → dotnet-pricing-service [HTTP] PolicyService/appsettings.json:11',
    ]);
  });

  it('madslundt/NetCoreMicroservicesSample: Ocelot\'s routes through Consul reach the services registering those names in `ConsulOptions`; a `hostnames` list names RabbitMQ', async () => {
    const calls = (await evidencedCalls('madslundt+NetCoreMicroservicesSample', path.join(fixturesDir, 'oss', 'appconfig'))).filter((call) => /^api → |→ rabbitmq /.test(call));
    // ReviewsService's route (ocelot.users.json:16) names no component of this reduction: no call.
    assert.deepEqual(calls, [
      'api → movies_service [HTTP] ApiGateway/Ocelot/Configuration/ocelot.users.json:7',
      'api → movies_service [HTTP] Compose/docker-compose.ocelot.yml:12',
      'api → users_service [HTTP] ApiGateway/Ocelot/Configuration/ocelot.users.json:30',
      'api → users_service [HTTP] Compose/docker-compose.ocelot.yml:11',
      'movies_service → rabbitmq [calls] Compose/docker-compose.services.yml:21',
      'movies_service → rabbitmq [calls] Src/MoviesService/appsettings.json:6',
      'users_service → rabbitmq [calls] Compose/docker-compose.services.yml:11',
      'users_service → rabbitmq [calls] Src/UsersService/appsettings.json:6',
    ]);
  });

  it('a host list: each element of a `hosts`-like array, on its lines or on one; an array of objects and this machine are not', () => {
    const text = [
      '{ "MessageBrokersOptions": { "hostnames": [',
      '    "rabbitmq",',
      '    "rabbit-2:5673"',
      '  ] },',
      '  "Redis": { "Hosts": [ "cache", "localhost" ], "Servers": [ { "Host": "other" } ] },',
      '  "Tags": [ "not-a-host" ] }',
    ].join('\n');
    assert.deepEqual(readAppConfig('appsettings', text).calls.map((c) => `${c.host}:${c.port ?? ''} [${text.slice(c.start, c.end)}]`), [
      'rabbitmq: [rabbitmq]',
      'rabbit-2:5673 [rabbit-2:5673]',
      'cache: [cache]',
      'other: [other]',
    ]);
  });

  it('Ocelot: a route by name, or by its downstream hosts (`ReRoutes` before Ocelot 16); this machine is no peer', () => {
    const text = [
      '{ "ReRoutes": [',
      '  { "DownstreamScheme": "https", "DownstreamHostAndPorts": [ { "Host": "catalog-api", "Port": 443 }, { "Host": "localhost", "Port": 5001 } ] },',
      '  { "ServiceName": "basket", "DownstreamHostAndPorts": [ { "Host": "ignored", "Port": 80 } ] },',
      '  { "ServiceName": "${NOT_A_NAME}" }',
      '] }',
    ].join('\n');
    assert.deepEqual(ocelotCalls(text).map((c) => `${c.scheme}://${c.host}:${c.port ?? ''} [${text.slice(c.start, c.end)}]${c.onlyKnown ? ' known' : ''}`), [
      'https://catalog-api:443 [catalog-api]',
      'http://basket: [basket] known',
    ]);
  });

  it('Steeltoe: the name an application registers under, `eureka:instance:appName` over `spring:application:name`, keys of any case or flattened', () => {
    assert.equal(registeredServiceName('{ "spring": { "application": { "name": "PricingService" } } }'), 'pricingservice');
    assert.equal(registeredServiceName('{ "Spring": { "Application": { "Name": "a" } }, "Eureka": { "Instance": { "AppName": "B-Service" } } }'), 'b-service');
    assert.equal(registeredServiceName('{ "Spring:Application:Name": "flat" }'), 'flat');
    assert.equal(registeredServiceName('{ "Logging": { "LogLevel": { "Default": "Warning" } } }'), undefined);
    // A Consul client's own section, by any name after Consul's.
    assert.equal(registeredServiceName('{ "ConsulOptions": { "ConsulAddress": "http://consul:8500", "ServiceName": "UsersService" } }'), 'usersservice');
    assert.equal(registeredServiceName('{ "Consul": { "ServiceName": "orders" }, "Spring": { "Application": { "Name": "a" } } }'), 'orders');
    assert.equal(registeredServiceName('{ "Options": { "ServiceName": "not-registered" } }'), undefined);
  });
});
