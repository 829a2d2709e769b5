// Compose file format version 1 (issue #95, held out: cer/event-sourcing-examples, a reduction under
// server/test/fixtures/oss/event-sourcing, Apache-2.0, SOURCES.md there): services at the top level, `links:`,
// `extends: {file, service}`. Its files gave no component and every service was an unknown top-level field; they are read
// as the same services under `services:`, checked with version 1's keys, and said once (an error: compose-go's TestV1Unsupported) to be refused by Docker Compose v2.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeFace } from '../../../src/compose/api';
import { composeFeature } from '../../../src/compose/feature';
import { knownPinWith } from '../../../src/dockerfile/pins';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { composeEngine, fakeDisk } from '../../containers';
import { fixturesDir } from '../../helpers';
import { calls, repository, treeContainers } from '../system/repositories';

const corpus = path.join(fixturesDir, 'oss', 'event-sourcing');
const examples = 'cer+event-sourcing-examples';
const read = (relative: string) => readFileSync(path.join(corpus, examples, relative), 'utf8');

/** Each Compose file's findings (`file:line code`), every file on the fake disk too. */
function findings(files: Record<string, string>): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const disk = fakeDisk(files);
  const out: string[] = [];
  for (const name of Object.keys(files).filter((n) => n.endsWith('.yml'))) {
    for (const d of diagnoseFile(index.current(`file:///p/${name}`)!, [composeFeature(composeEngine, disk, knownPinWith(composeFace))], { index, settings: defaultSettings, isCancelled: () => false })) {
      out.push(`${name}:${d.range.start.line + 1} ${String(d.code)}`);
    }
  }
  return out;
}

describe('Compose file format version 1 (issue #95)', () => {
  it('checks event-sourcing-examples\' files as version 1: one error on line 1 (compose-go refuses it), no unknown top-level field', () => {
    const files = {
      'java-spring/docker-compose-common.yml': read('java-spring/docker-compose-common.yml'),
      'java-spring/docker-compose.yml': read('java-spring/docker-compose.yml'),
      'scala-spring/docker-compose.yml': read('scala-spring/docker-compose.yml'),
      'java-spring/.env': 'EVENTUATE_API_KEY_ID=id\nEVENTUATE_API_KEY_SECRET=secret\n',
      'scala-spring/accounts-command-side-service/build/libs/keep': '',
      'scala-spring/transactions-command-side-service/build/libs/keep': '',
      'scala-spring/accounts-query-side-service/build/libs/keep': '',
      ...Object.fromEntries(['api-gateway-service', 'accounts-service', 'transactions-service', 'accounts-view-service', 'customers-service', 'customers-view-service'].map((s) => [`java-spring/${s}/Dockerfile`, 'FROM java:8\n'])),
    };
    assert.deepEqual(findings(files), [
      'java-spring/docker-compose-common.yml:1 compose-version-1',
      'java-spring/docker-compose.yml:1 compose-version-1',
      'scala-spring/docker-compose.yml:1 compose-version-1',
    ]);
  });

  it('checks version 1\'s own keys and its named volumes without a false error, and still a real one', () => {
    const v1 = 'web:\n  build: .\n  dockerfile: Dockerfile.web\n  net: host\n  log_driver: syslog\n  volumes:\n    - data:/var/lib/data\n  links:\n    - db\ndb:\n  image: postgres:9.6\n  restartt: always\n';
    assert.deepEqual(findings({ 'docker-compose.yml': v1, 'Dockerfile.web': 'FROM nginx\n' }), ['docker-compose.yml:12 compose-schema', 'docker-compose.yml:1 compose-version-1']);
  });

  it('reads no other file as version 1: a later `version:`, a file of networks only', () => {
    const v2 = "version: '2'\nweb:\n  image: nginx:1.27\n";
    assert.deepEqual(findings({ 'docker-compose.yml': v2 }), ['docker-compose.yml:2 compose-schema', 'docker-compose.yml:1 compose-obsolete-version']);
    const networks = 'networks:\n  front:\n    driver: bridge\n';
    assert.ok(!findings({ 'docker-compose.yml': networks }).includes('docker-compose.yml:1 compose-version-1'));
    // A repeated key is read through (the last value) in a version 1 file only: a later file stays unread (its image's tag unsaid).
    assert.deepEqual(findings({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    image: nginx\n' }), []);
    assert.deepEqual(findings({ 'docker-compose.yml': 'web:\n  image: nginx\n  image: nginx\n' }), ['docker-compose.yml:1 compose-version-1', 'docker-compose.yml:2 compose-image-tag']);
  });

  it('maps event-sourcing-examples: the gateway\'s calls to the five services, the views\' MongoDB, Eventuate Local\'s MySQL and Kafka', async () => {
    const { view } = await repository(examples, corpus);
    const containers = view('containers');
    const found = calls(containers);
    for (const call of [
      'Users → apigateway',
      'accountsviewservice → mongodb (java-spring)',
      'customersviewservice → mongodb (java-spring)',
      'apigateway → mongodb (java-spring)',
      'accountsqueryside → mongodb (scala-spring)',
      ...['accountsservice', 'transactionsservice', 'accountsviewservice', 'customersservice', 'customersviewservice'].map((s) => `apigateway → ${s}`),
      // docker-compose-eventuate-local.yml writes customersviewservice's `environment` twice: read, the last one winning.
      ...['accountsservice', 'transactionsservice', 'accountsviewservice', 'customersservice', 'customersviewservice', 'cdcservice'].flatMap((s) => [`${s} → mysql`, `${s} → kafka`]),
      'kafka → zookeeper',
    ]) {
      assert.ok(found.includes(call), `${call} in ${found.join(', ')}`);
    }
  });

  it('reads `extends` from another file of the project and `links` as a dependency', async () => {
    const containers = await treeContainers({
      'docker-compose-common.yml': 'base:\n  build: ./web\n  ports:\n    - "8080:8080"\n  environment:\n    DB_URL: postgres://db:5432/app\n',
      'docker-compose.yml': 'web:\n  extends:\n    file: docker-compose-common.yml\n    service: base\n  links:\n    - db\n  environment:\n    MODE: production\ndb:\n  image: postgres:9.6\n',
      'web/Dockerfile': 'FROM node:20\n',
    });
    assert.ok(calls(containers).includes('web → db'), calls(containers).join('\n'));
    assert.ok(calls(containers).includes('Users → web'), calls(containers).join('\n'));
  });
});
