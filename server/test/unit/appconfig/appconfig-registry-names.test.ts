// Calls by a registry's logical name (issue #95): Ocelot's routes by `ServiceName` (Eureka here) and a Steeltoe client's
// `http://PricingService/…` reach the component whose own appsettings.json registers that name (`Spring:Application:Name`).
// A reduction of asc-lab/dotnetcore-microservices-poc (server/test/fixtures/oss/appconfig, SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { ocelotCalls, steeltoeServiceName } from '../../../src/appconfig/registryNames';
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
    assert.equal(steeltoeServiceName('{ "spring": { "application": { "name": "PricingService" } } }'), 'pricingservice');
    assert.equal(steeltoeServiceName('{ "Spring": { "Application": { "Name": "a" } }, "Eureka": { "Instance": { "AppName": "B-Service" } } }'), 'b-service');
    assert.equal(steeltoeServiceName('{ "Spring:Application:Name": "flat" }'), 'flat');
    assert.equal(steeltoeServiceName('{ "Logging": { "LogLevel": { "Default": "Warning" } } }'), undefined);
  });
});
