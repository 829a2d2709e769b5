// A Spring profile document is read for the deployments running that profile (issue #95). spring-petclinic-cloud (reduction in
// server/test/fixtures/oss/spring-profiles, SOURCES.md there): each service's bootstrap.yml gives `http://config-server:8888`
// in its `docker` document, the profile its image's Dockerfile sets (`ENV SPRING_PROFILES_ACTIVE docker`), and other
// documents for `kubernetes` and `tas4k8s`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readAppConfig } from '../../../src/appconfig/readers';
import { parseYamlFile } from '../../../src/yaml/model';
import { fixturesDir } from '../../helpers';
import { mapCalls, repository } from '../system/repositories';

const folder = path.join(fixturesDir, 'oss', 'spring-profiles');
const read = (file: string) => readFileSync(path.join(folder, file), 'utf8');
const bootstrap = 'spring-petclinic-customers-service/src/main/resources/bootstrap.yml';

describe("Spring profile documents (spring-petclinic-cloud's bootstrap.yml, issue #95)", () => {
  it("marks a profile document's calls with its profiles; the default document's have none", () => {
    const text = read(bootstrap);
    const trees = parseYamlFile(text).chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree }));
    const calls = readAppConfig('spring-yaml', text, trees).calls.map((call) => `${call.host ?? call.variable} ${call.profiles?.join(',') ?? '-'}`);
    assert.deepEqual(calls, ['localhost -', 'config-server docker']);
  });

  it('a service whose build sets the docker profile calls the config server its docker document names', async () => {
    const { model } = await repository('spring-profiles', path.join(fixturesDir, 'oss'));
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const calls = model.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)}`);
    assert.ok(calls.includes('customers-service → config-server'), calls.join('\n'));
  });

  it("the same files built for another profile call nothing from the docker document; the deployment's profile over the build's", () => {
    const files = (dockerfile: string, compose = read('docker-compose.yml')) => ({
      'docker-compose.yml': compose,
      'spring-petclinic-customers-service/Dockerfile': dockerfile,
      [bootstrap]: read(bootstrap),
    });
    const docker = read('spring-petclinic-customers-service/Dockerfile');
    assert.deepEqual(mapCalls(files(docker)).filter((c) => c.startsWith('customers-service')), ['customers-service → config-server']);
    const kubernetes = docker.replace('ENV SPRING_PROFILES_ACTIVE docker', 'ENV SPRING_PROFILES_ACTIVE kubernetes,mysql');
    assert.deepEqual(mapCalls(files(kubernetes)).filter((c) => c.startsWith('customers-service')), []);
    const several = docker.replace('ENV SPRING_PROFILES_ACTIVE docker', 'ENV SPRING_PROFILES_ACTIVE=mysql,docker');
    assert.deepEqual(mapCalls(files(several)).filter((c) => c.startsWith('customers-service')), ['customers-service → config-server']);
    // The Compose service's `environment` replaces the build's `ENV`; set from a variable, the profile is unknown: every document read.
    const compose = (value: string) => read('docker-compose.yml').replace('    build: ./spring-petclinic-customers-service\n', `    build: ./spring-petclinic-customers-service\n    environment:\n      - ${value}\n`);
    assert.deepEqual(mapCalls(files(docker, compose('SPRING_PROFILES_ACTIVE=kubernetes'))).filter((c) => c.startsWith('customers-service')), []);
    assert.deepEqual(mapCalls(files(kubernetes, compose('SPRING_PROFILES_ACTIVE=docker'))).filter((c) => c.startsWith('customers-service')), ['customers-service → config-server']);
    assert.deepEqual(mapCalls(files(kubernetes, compose('SPRING_PROFILES_ACTIVE=${PROFILES}'))).filter((c) => c.startsWith('customers-service')), ['customers-service → config-server']);
  });
});
