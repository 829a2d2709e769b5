// Risks missed on a system nobody tuned for (issue #95, ewolff/microservice-kafka): httpd's balancer-manager open to
// anyone, Spring Boot Actuator exposing every endpoint, both read from what the component's build holds, and plaintext
// client → Kafka links on a broker nobody publishes. Each on a reduction of the real files, then planted without.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { actuatorYamlLines, openHttpdHandlers } from '../../../src/threats/buildConsoles';
import { type Risk, risksIn as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const fixture = path.join(fixturesDir, 'oss', 'exposures', 'ewolff+microservice-kafka');

/** The fixture's files by relative path (its LICENSE aside), read once. */
function fixtureFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name !== 'LICENSE') files[path.relative(fixture, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(fixture);
  return files;
}

const rule = (risks: readonly Risk[], id: string) => risks.filter((r) => r.rule === `threat-${id}`).map((r) => `${r.elements.map((e) => e.split(/[:/]/).pop()).join(' → ')} @${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();

const ORDER = 'microservice-kafka/microservice-kafka-order';
const PROPS = (service: string) => `microservice-kafka/microservice-kafka-${service}/src/main/resources/application.properties`;

describe('threats: consoles a build holds and plaintext Kafka links (issue #95, microservice-kafka)', function () {
  this.timeout(300_000);
  const trees: (() => void)[] = [];
  after(() => trees.forEach((remove) => remove()));
  const tree = (change: (files: Record<string, string>) => void = () => undefined) => {
    const files = fixtureFiles();
    change(files);
    const made = makeTree(files);
    trees.push(made.remove);
    return made.root;
  };

  it('httpd: a status or balancer handler in a Location no Require narrows (Require all granted narrows nothing)', () => {
    const conf = (...inside: string[]) => ['<VirtualHost *:80>', '  <Location "/balancer-manager">', '    SetHandler balancer-manager', ...inside, '  </Location>', '</VirtualHost>'];
    assert.deepEqual(openHttpdHandlers(conf()), [{ line: 2, handler: 'balancer-manager' }]);
    assert.deepEqual(openHttpdHandlers(conf('    Require all granted')), [{ line: 2, handler: 'balancer-manager' }]);
    assert.deepEqual(openHttpdHandlers(conf('    Require ip 10.')), []);
    assert.deepEqual(openHttpdHandlers(conf('    Require host example.org')), []);
    assert.deepEqual(openHttpdHandlers(conf('    AuthType Basic', '    AuthUserFile /etc/apache2/.htpasswd', '    Require valid-user')), []);
    assert.deepEqual(openHttpdHandlers(conf('    Order deny,allow', '    Deny from all', '    Allow from 127.0.0.1')), []);
    assert.deepEqual(openHttpdHandlers(['<Location /server-status>', '  # SetHandler balancer-manager', '  SetHandler server-status', '</Location>']), [{ line: 2, handler: 'server-status' }]);
    assert.deepEqual(openHttpdHandlers(['<Location /app>', '  ProxyPass http://order:8080/', '</Location>']), []);
  });

  it('Actuator in YAML: management.endpoints.web.exposure.include "*" only, nested or dotted', () => {
    assert.deepEqual(actuatorYamlLines(['management:', '  endpoints:', '    web:', '      exposure:', '        include: "*"']), [4]);
    assert.deepEqual(actuatorYamlLines(['management:', '  endpoints.web.exposure.include: \'*\'']), [1]);
    assert.deepEqual(actuatorYamlLines(['management:', '  endpoints:', '    web:', '      exposure:', '        include: health,info']), []);
    assert.deepEqual(actuatorYamlLines(['spring:', '  endpoints:', '    web:', '      exposure:', '        include: "*"']), []);
  });

  it("microservice-kafka: the balancer-manager, the three Actuators and the three plaintext Kafka links, each on its own lines", async () => {
    const risks = await risksOf(tree());
    assert.deepEqual(rule(risks, 'missing-authentication'), [
      'internet → apache @docker/docker-compose.yml:22,docker/apache/000-default.conf:6',
      `internet → invoicing @docker/docker-compose.yml:54,${PROPS('invoicing')}:1`,
      `internet → order @docker/docker-compose.yml:36,${PROPS('order')}:1`,
      'internet → order → kafka @docker/docker-compose.yml:34',
      // ZooKeeper typed a store by its image (wurstmeister/zookeeper): Kafka reaches it with no SASL (`KAFKA_ZOOKEEPER_CONNECT`).
      'internet → order → kafka → zookeeper @docker/docker-compose.yml:12',
      `internet → shipping @docker/docker-compose.yml:45,${PROPS('shipping')}:1`,
      'invoicing → kafka @docker/docker-compose.yml:52',
      'shipping → kafka @docker/docker-compose.yml:43',
    ]);
    const kafka = rule(risks, 'unencrypted-communication').filter((r) => r.split(' @')[0].endsWith('kafka'));
    assert.deepEqual(kafka, ['internet → order → kafka @docker/docker-compose.yml:34', 'invoicing → kafka @docker/docker-compose.yml:52', 'shipping → kafka @docker/docker-compose.yml:43']);
  });

  it('no false risk: a Location narrowed by Require ip, Actuator limited to health and info, Spring Security in the build, a client on SSL', async () => {
    const risks = await risksOf(tree((files) => {
      files['docker/apache/000-default.conf'] = files['docker/apache/000-default.conf'].replace('SetHandler balancer-manager', 'SetHandler balancer-manager\n\t    Require ip 10.');
      files[PROPS('order')] = files[PROPS('order')].replace('exposure.include=*', 'exposure.include=health,info');
      files[`${ORDER}/../microservice-kafka-shipping/pom.xml`] = '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-security</artifactId></dependency></dependencies></project>\n';
      files['docker/docker-compose.yml'] = files['docker/docker-compose.yml'].replace('SPRING_KAFKA_BOOTSTRAP_SERVERS: kafka:9092\n    ports:\n     - "8083:8080"', 'SPRING_KAFKA_BOOTSTRAP_SERVERS: kafka:9092\n      SPRING_KAFKA_SECURITY_PROTOCOL: SSL\n    ports:\n     - "8083:8080"');
    }));
    const consoles = rule(risks, 'missing-authentication').filter((r) => r.startsWith('internet → ') && !r.split(' @')[0].endsWith('kafka'));
    assert.deepEqual(consoles, [`internet → invoicing @docker/docker-compose.yml:55,${PROPS('invoicing')}:1`, 'internet → order → kafka → zookeeper @docker/docker-compose.yml:12']);
    const kafka = rule(risks, 'unencrypted-communication').filter((r) => r.split(' @')[0].endsWith('kafka'));
    assert.deepEqual(kafka, ['internet → order → kafka @docker/docker-compose.yml:34', 'shipping → kafka @docker/docker-compose.yml:43']);
  });

  it("a client whose own Spring file sets security.protocol to SSL (properties) or SASL_SSL (nested YAML) has no plaintext link", async () => {
    const risks = await risksOf(tree((files) => {
      files[PROPS('order')] += '\nspring.kafka.security.protocol=SSL\n';
      files['microservice-kafka/microservice-kafka-shipping/src/main/resources/application.yml'] = 'spring:\n  kafka:\n    properties:\n      security:\n        protocol: "SASL_SSL"\n';
      // A test's configuration is not the service's.
      files['microservice-kafka/microservice-kafka-invoicing/src/test/resources/application.properties'] = 'spring.kafka.security.protocol=SSL\n';
    }));
    assert.deepEqual(rule(risks, 'unencrypted-communication').filter((r) => r.split(' @')[0].endsWith('kafka')), ['invoicing → kafka @docker/docker-compose.yml:52']);
  });

  it('a broker whose listeners all speak SSL carries no plaintext link', async () => {
    const risks = await risksOf(tree((files) => {
      files['docker/docker-compose.yml'] = files['docker/docker-compose.yml'].replace('KAFKA_ADVERTISED_PORT: 9092', 'KAFKA_ADVERTISED_PORT: 9092\n      KAFKA_LISTENERS: CLIENT://:9092\n      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CLIENT:SSL');
    }));
    assert.deepEqual(rule(risks, 'unencrypted-communication').filter((r) => r.split(' @')[0].endsWith('kafka')), []);
  });
});
