// Consoles known only by their image, their environment or their build (issue #95, ewolff/microservice held out):
// Eureka's dashboard and the Hystrix dashboard / Turbine read from the starter their pom.xml holds, Kafdrop by its image,
// Spring Boot Admin and AKHQ by theirs. Each a risk on a reduction of the real files, then no risk unpublished or behind a login.
import assert from 'node:assert/strict';
import path from 'node:path';
import { consoleFacts, consoleOf, consoleProducts } from '../../../src/threats/consoles';
import { type Risk, risksIn as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { makeTree, readTree } from '../../tempdir';

const exposures = path.join(fixturesDir, 'oss', 'exposures');

/** A fixture's files by relative path (its LICENSE aside). */
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(exposures, fixture));

/** The risks from the Internet of one rule, as `internet → x @file:line,…`. */
const fromInternet = (risks: readonly Risk[], id: string) =>
  risks.filter((r) => r.rule === `threat-${id}`).map((r) => `${r.elements.map((e) => e.split(/[:/]/).pop()).join(' → ')} @${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).filter((r) => r.startsWith('internet → ')).sort();

const EUREKA_POM = 'microservice-demo/microservice-demo-eureka-server/pom.xml';
const TURBINE_POM = 'microservice-demo/microservice-demo-turbine-server/pom.xml';
const SECURITY = '\t\t<dependency>\n\t\t\t<groupId>org.springframework.boot</groupId>\n\t\t\t<artifactId>spring-boot-starter-security</artifactId>\n\t\t</dependency>\n';

describe('threats: consoles known by their image, environment or build (issue #95)', function () {
  this.timeout(300_000);
  const trees: (() => void)[] = [];
  after(() => trees.forEach((remove) => remove()));
  const tree = (fixture: string, change: (files: Record<string, string>) => void = () => undefined) => {
    const files = filesOf(fixture);
    change(files);
    const made = makeTree(files);
    trees.push(made.remove);
    return made.root;
  };

  it('the products by their images and their own settings; AKHQ behind Micronaut security asks a login', () => {
    assert.equal(consoleOf({ image: 'springcloud/eureka' })?.name, 'Eureka');
    assert.equal(consoleOf({ image: 'steeltoeoss/eureka-server:latest' })?.name, 'Eureka');
    assert.equal(consoleOf({ image: 'kbastani/hystrix-dashboard' })?.name, 'Hystrix dashboard');
    assert.equal(consoleOf({ image: 'codecentric/spring-boot-admin:3.1.0' })?.name, 'Spring Boot Admin');
    assert.equal(consoleOf({ image: 'tchiotludo/akhq' })?.name, 'AKHQ');
    assert.equal(consoleOf({ image: 'obsidiandynamics/kafdrop:4.0.1' })?.name, 'Kafdrop');
    // A mirror's image: known by the setting only it reads.
    assert.equal(consoleOf({ image: 'registry.example/tools/kafka-browser' }, ['    environment:', '      KAFKA_BROKERCONNECT: "kafka:9092"'])?.name, 'Kafdrop');
    assert.equal(consoleOf({ image: 'registry.example/tools/kafka-browser' }, ['    environment:', '      # KAFKA_BROKERCONNECT: "kafka:9092"']), undefined);
    assert.equal(consoleOf({ image: 'registry.example/eureka-client-demo' }), undefined);
    const akhq = consoleProducts.find((p) => p.name === 'AKHQ')!;
    assert.equal(consoleFacts(akhq, ['    environment:', '      AKHQ_CONFIGURATION: |', '        akhq:', '          connections: {}']).reason, 'no authentication by default');
    const secured = consoleFacts(akhq, ['    environment:', '      AKHQ_CONFIGURATION: |', '        micronaut:', '          security:', '            enabled: true']);
    assert.deepEqual([secured.unauthenticated, secured.lines], [false, [4]]);
    for (const p of consoleProducts) assert.ok(p.sources.length > 0 && p.sources.every((s) => s.startsWith('https://')), `${p.name}: its defaults' documentation`);
  });

  it("microservice: Eureka's dashboard and Turbine's Hystrix dashboard, published, each a risk on its port's line and its starter's line", async () => {
    const risks = await risksOf(tree('ewolff+microservice'));
    assert.deepEqual(fromInternet(risks, 'missing-authentication'), [
      `internet → eureka @docker/docker-compose.yml:6,${EUREKA_POM}:17`,
      `internet → turbine @docker/docker-compose.yml:30,${TURBINE_POM}:17`,
    ]);
    assert.deepEqual(fromInternet(risks, 'unguarded-access-from-internet'), [
      `internet → eureka @docker/docker-compose.yml:6,${EUREKA_POM}:17`,
      `internet → turbine @docker/docker-compose.yml:30,${TURBINE_POM}:17`,
    ]);
  });

  it('no console risk: Eureka not published, Spring Security in Turbine\'s build, a starter commented out', async () => {
    const risks = await risksOf(tree('ewolff+microservice', (files) => {
      files['docker/docker-compose.yml'] = files['docker/docker-compose.yml'].replace('    ports:\n      - "8761:8761"\n', '');
      files[TURBINE_POM] = files[TURBINE_POM].replace('\t<dependencies>\n', `\t<dependencies>\n${SECURITY}`);
    }));
    assert.deepEqual(fromInternet(risks, 'missing-authentication'), []);
    assert.deepEqual(fromInternet(risks, 'unguarded-access-from-internet'), []);
    const commented = await risksOf(tree('ewolff+microservice', (files) => {
      files[EUREKA_POM] = files[EUREKA_POM].replace(/<dependency>\s*<groupId>org\.springframework\.cloud<\/groupId>\s*<artifactId>spring-cloud-starter-netflix-eureka-server<\/artifactId>\s*<\/dependency>/, '<!-- <artifactId>spring-cloud-starter-netflix-eureka-server</artifactId> -->');
    }));
    assert.deepEqual(fromInternet(commented, 'missing-authentication').filter((r) => r.includes('eureka')), []);
  });

  it("kafdrop's own Compose example: Kafdrop published is a console with no login; unpublished, no risk from the Internet", async () => {
    const risks = await risksOf(tree('obsidiandynamics+kafdrop'));
    assert.ok(fromInternet(risks, 'missing-authentication').includes('internet → kafdrop @docker-compose.yaml:7'));
    assert.deepEqual(fromInternet(risks, 'unguarded-access-from-internet'), ['internet → kafdrop @docker-compose.yaml:7']);
    const hidden = await risksOf(tree('obsidiandynamics+kafdrop', (files) => {
      files['docker-compose.yaml'] = files['docker-compose.yaml'].replace('    ports:\n      - "9000:9000"\n', '');
    }));
    assert.deepEqual(fromInternet(hidden, 'missing-authentication'), []);
    assert.deepEqual(fromInternet(hidden, 'unguarded-access-from-internet'), []);
  });
});
