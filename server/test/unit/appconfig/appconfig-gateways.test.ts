// Gateways' routes as calls (issue #95): Zuul's `zuul.routes` (a `serviceId`, a `url`, a route by its name), Zuul's routes by
// itself to every registered service (`@EnableZuulProxy`), Turbine's `appConfig`, Spring Cloud Gateway's routes written as
// properties. Real systems (ewolff/microservice in server/test/fixtures/oss/exposures, sqshq/piggymetrics in oss/system, SOURCES.md
// there) and each form on inline texts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readAppConfig } from '../../../src/appconfig/readers';
import type { WrittenCall } from '../../../src/appconfig/writtenCall';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { systemView, type SystemViewGraph } from '../../../src/system/views';
import { parseYamlFile } from '../../../src/yaml/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { calls, repository } from '../system/repositories';

/** A call of a view with its label and sources (`file:line` below the fixture). */
function described(graph: SystemViewGraph, from: string, to: string): { label: string; lines: string[] } {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const edge = graph.edges.find((e) => e.kind === 'calls' && name.get(e.from) === from && name.get(e.to) === to);
  assert.ok(edge, `${from} → ${to}`);
  return { label: edge.label, lines: edge.sources.map((s) => `${s.uri.replace(/.*\/oss\/(system|exposures)\/[^/]+\//, '')}:${s.range.start.line + 1}`) };
}

/** What a reader finds: `host:port via evidence`, `?` when kept only for a component of the map, and the text at the offsets. */
function found(kind: 'spring-yaml' | 'spring-properties' | 'code', text: string): string[] {
  const yaml = kind === 'spring-yaml' ? parseYamlFile(text).chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree })) : undefined;
  return readAppConfig(kind, text, yaml).calls.map((c: WrittenCall) => `${c.host}${c.port !== undefined ? `:${c.port}` : ''} ${c.evidence}${c.onlyKnown ? '?' : ''} [${text.slice(c.start, c.end)}]`);
}

const zuulApplication = 'microservice-demo/microservice-demo-zuul-server/src/main/java/com/ewolff/microservice/zuulserver/ZuulApplication.java';

describe('Gateways: routes as calls (issue #95)', () => {
  it("ewolff/microservice: Zuul's routes by itself to the three services and Turbine; order's clients; Turbine reads order's stream", async () => {
    const { view } = await repository('ewolff+microservice', path.join(fixturesDir, 'oss', 'exposures'));
    const containers = view('containers');
    // Documented (its README): Zuul "distributes the requests to the three microservices", order uses catalog and customer,
    // Turbine consolidates order's Hystrix metrics, each service looks up in Eureka. Zuul → turbine: its page links /turbine/hystrix.
    assert.deepEqual(calls(containers), [
      'Users → zuul',
      'catalog → eureka', 'customer → eureka',
      'order → catalog', 'order → customer', 'order → eureka',
      'turbine → eureka', 'turbine → order',
      'zuul → catalog', 'zuul → customer', 'zuul → eureka', 'zuul → order', 'zuul → turbine',
    ]);
    // By the gateway's annotation: code's certainty, its line; Eureka itself keeps out of its registry (`registerWithEureka: false`).
    for (const to of ['catalog', 'customer', 'order', 'turbine']) {
      const route = described(containers, 'zuul', to);
      assert.equal(route.label, 'HTTP (code)', to);
      assert.deepEqual(route.lines, [`${zuulApplication}:8`], to);
    }
    assert.deepEqual(described(containers, 'turbine', 'order').lines, ['microservice-demo/microservice-demo-turbine-server/src/main/resources/application.yml:17']);
  });

  it("piggymetrics: the gateway's `zuul.routes` to the services by `serviceId` and by `url`, served by its config server", async () => {
    const { view } = await repository('sqshq+piggymetrics');
    const containers = view('containers');
    const gateway = calls(containers).filter((c) => c.startsWith('gateway →'));
    assert.deepEqual(gateway, ['gateway → account-service', 'gateway → auth-service', 'gateway → config', 'gateway → notification-service', 'gateway → rabbitmq', 'gateway → registry', 'gateway → statistics-service']);
    for (const [to, line] of [['account-service', 28], ['statistics-service', 34], ['notification-service', 40]] as const) {
      const route = described(containers, 'gateway', to);
      assert.equal(route.label, 'HTTP', to);
      assert.deepEqual(route.lines, [`config/src/main/resources/shared/gateway.yml:${line}`], to);
    }
    assert.ok(described(containers, 'gateway', 'auth-service').lines.includes('config/src/main/resources/shared/gateway.yml:22'));
  });

  it('Zuul in properties and YAML: a `serviceId`, a `url`, a route by its name (`path` alone, the shorthand); its other settings none', () => {
    const properties = [
      'zuul.routes.accounts.path=/accounts/**', 'zuul.routes.accounts.serviceId=account-service', 'zuul.routes.accounts.stripPrefix=false',
      'zuul.routes.users.path=/myusers/**', 'zuul.routes.legacy.url=http://legacy:8080/', 'zuul.routes.legacy.path=/legacy/**',
      'zuul.routes.catalog=/catalog/**', 'zuul.routes.local.url=forward:/local', 'zuul.routes.local.path=/local/**', 'zuul.host.connect-timeout-millis=2000', '',
    ].join('\n');
    assert.deepEqual(found('spring-properties', properties), ['account-service config? [account-service]', 'legacy:8080 config [http://legacy:8080]', 'users config? [/myusers/**]', 'catalog config? [/catalog/**]']);
    const yaml = 'zuul:\n  ignoredServices: "*"\n  routes:\n    orders:\n      path: /orders/**\n      service-id: order-service\n    carts: /carts/**\n    users:\n      path: /users/**\n      sensitiveHeaders:\n';
    assert.deepEqual(found('spring-yaml', yaml), ['order-service config? [order-service]', 'carts config? [/carts/**]', 'users config? [/users/**]']);
    const read = readAppConfig('spring-yaml', yaml, parseYamlFile(yaml).chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree })));
    assert.deepEqual(read.ignoresServices, ['*']);
  });

  it('Spring Cloud Gateway in properties: `spring.cloud.gateway.routes[0].uri=lb://…` and an `http://` route', () => {
    const properties = 'spring.cloud.gateway.routes[0].id=vets\nspring.cloud.gateway.routes[0].uri=lb://vets-service\nspring.cloud.gateway.routes[0].predicates[0]=Path=/api/vet/**\nspring.cloud.gateway.routes[1].uri=http://visits:8082\n';
    assert.deepEqual(found('spring-properties', properties), ['vets-service config [lb://vets-service]', 'visits:8082 config [http://visits:8082]']);
  });

  it("`@EnableZuulProxy`: a route to each registered service but those `zuul.ignoredServices` matches and those outside the registry", () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const root = 'file:///ws/shop';
    const services = ['gateway', 'orders', 'legacy-billing', 'audit', 'registry', 'batch'];
    index.update(`${root}/compose.yaml`, `services:\n${services.map((name) => `  ${name}:\n    build: ./${name}\n`).join('')}`);
    const eureka = 'eureka.client.serviceUrl.defaultZone=http://registry:8761/eureka/\n';
    index.update(`${root}/gateway/Dockerfile`, 'FROM eclipse-temurin:21\n');
    index.update(`${root}/gateway/src/main/java/shop/Gateway.java`, '@SpringBootApplication\n@EnableZuulProxy\npublic class Gateway {}\n');
    index.update(`${root}/gateway/src/main/resources/application.properties`, `spring.application.name=gateway\n${eureka}zuul.ignored-services=legacy-*\n`);
    for (const name of ['orders', 'legacy-billing', 'audit', 'registry', 'batch']) index.update(`${root}/${name}/Dockerfile`, 'FROM eclipse-temurin:21\n');
    index.update(`${root}/orders/src/main/resources/application.properties`, `spring.application.name=orders\n${eureka}`);
    index.update(`${root}/legacy-billing/src/main/resources/application.properties`, `spring.application.name=legacy-billing\n${eureka}`);
    // Registered under another name than its Compose service's: the route goes to the name it registers.
    index.update(`${root}/audit/src/main/resources/application.yml`, 'spring:\n  application:\n    name: audit-service\neureka:\n  client:\n    serviceUrl:\n      defaultZone: http://registry:8761/eureka/\n');
    index.update(`${root}/registry/src/main/resources/application.yml`, 'spring:\n  application:\n    name: registry\neureka:\n  client:\n    registerWithEureka: false\n    serviceUrl:\n      defaultZone: http://localhost:8761/eureka/\n');
    // A name but no registry: Eureka's client would look on localhost.
    index.update(`${root}/batch/src/main/resources/application.properties`, 'spring.application.name=batch\n');
    const model = buildSystemModel(index, systemContributors(families));
    const view = systemView(model, 'containers', 'shop');
    assert.deepEqual(calls(view).filter((c) => c.startsWith('gateway →')), ['gateway → audit', 'gateway → orders', 'gateway → registry']);
    assert.equal(described(view, 'gateway', 'orders').label, 'HTTP (code)');
    assert.equal(described(view, 'gateway', 'registry').label, 'HTTP :8761');
    // Every service ignored (`*`): no route by itself.
    index.update(`${root}/gateway/src/main/resources/application.properties`, `spring.application.name=gateway\n${eureka}zuul.ignoredServices=*\n`);
    const ignored = systemView(buildSystemModel(index, systemContributors(families)), 'containers', 'shop');
    assert.deepEqual(calls(ignored).filter((c) => c.startsWith('gateway →')), ['gateway → registry']);
  });

  it("Spring Cloud Gateway's discovery locator: a certain route to each registered service, none when an expression narrows it", () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const root = 'file:///ws/shop';
    index.update(`${root}/compose.yaml`, 'services:\n  gateway:\n    build: ./gateway\n  orders:\n    build: ./orders\n  registry:\n    image: springcloud/eureka\n');
    for (const name of ['gateway', 'orders']) index.update(`${root}/${name}/Dockerfile`, 'FROM eclipse-temurin:21\n');
    const gateway = (extra: string) => `spring:\n  application:\n    name: gateway\n  cloud:\n    gateway:\n      discovery:\n        locator:\n          enabled: true\n${extra}eureka:\n  client:\n    service-url:\n      defaultZone: http://registry:8761/eureka/\n`;
    index.update(`${root}/gateway/src/main/resources/application.yml`, gateway(''));
    // Registered in Nacos (macrozheng/mall-swarm's way).
    index.update(`${root}/orders/src/main/resources/application.properties`, 'spring.application.name=orders\nspring.cloud.nacos.discovery.server-addr=http://registry:8848\n');
    const view = () => systemView(buildSystemModel(index, systemContributors(families)), 'containers', 'shop');
    assert.deepEqual(calls(view()).filter((c) => c.startsWith('gateway →')), ['gateway → orders', 'gateway → registry']);
    const route = described(view(), 'gateway', 'orders');
    assert.deepEqual([route.label, route.lines.map((l) => l.replace(/^.*\/shop\//, ''))], ['HTTP', ['gateway/src/main/resources/application.yml:8']]);
    index.update(`${root}/gateway/src/main/resources/application.yml`, gateway("          include-expression: serviceId.startsWith('public-')\n"));
    assert.deepEqual(calls(view()).filter((c) => c.startsWith('gateway →')), ['gateway → registry']);
  });

  it('reads `@EnableZuulProxy` on its own line only, and Turbine\'s `appConfig` names each', () => {
    const code = readAppConfig('code', '// @EnableZuulProxy\n@EnableZuulProxy\nclass A {}\n');
    assert.deepEqual(code.proxiesRegistry, { start: 20, end: 36, evidence: 'code' });
    assert.equal(readAppConfig('code', '// @EnableZuulProxy\nclass A {}\n').proxiesRegistry, undefined);
    assert.deepEqual(found('spring-properties', 'turbine.appConfig=order, catalog\n'), ['order config? [order]', 'catalog config? [catalog]']);
  });
});
