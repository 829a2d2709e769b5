// Compose files known by their content whatever their name (issue #95): devmentors/Pacco names its Compose files
// `compose/infrastructure.yml` and `compose/services.yml` (a reduction under server/test/fixtures/oss/pacco, MIT,
// SOURCES.md there). The sniff (compose/claims.ts) takes them, in the system map, the CLI's check and diagram, and the
// editor's selector alike; Helm values, GitHub workflows, GitLab CI, Kubernetes manifests, Ansible playbooks, OpenAPI
// documents, PM2 and Woodpecker files are not taken.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileMatcher } from '../../../src/common/fileSelector';
import { composeHeadClaims, COMPOSE_SNIFF_BYTES } from '../../../src/compose/claims';
import { composeFiles, isComposeFile } from '../../../src/compose/files';
import { familyEntries } from '../../../src/families/lazy.generated';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { copyTree } from '../../tempdir';
import { scratchRepository } from '../archdiff/scratchRepository';
import { repository } from '../system/repositories';

const corpus = path.join(fixturesDir, 'oss', 'pacco');
const pacco = path.join(corpus, 'devmentors+Pacco');
const read = (relative: string) => readFileSync(path.join(pacco, relative), 'utf8');

/** Files that are not Compose files though some hold a `services:` (written for this test). */
const negatives: Record<string, string> = {
  'Helm values with services and image mappings': `replicaCount: 1
services:
  frontend:
    image:
      repository: nginx
      tag: "1.27"
    port: 80
`,
  'Helm values with only a services key, image as a mapping': `services:
  api:
    image:
      repository: ghcr.io/example/api
    type: ClusterIP
`,
  'GitHub workflow: services under a job': `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:16
        ports:
          - 5432:5432
    steps:
      - uses: actions/checkout@v4
`,
  'GitLab CI: services a list': `services:
  - docker:dind
image: docker:27
build:
  script:
    - docker build .
`,
  'Kubernetes manifest': `apiVersion: v1
kind: List
services:
  web:
    image: nginx
`,
  'Kubernetes Service': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
`,
  'Ansible playbook': `- hosts: all
  tasks:
    - name: services
      ansible.builtin.service:
        name: nginx
        state: started
`,
  'OpenAPI document': `openapi: 3.0.3
info:
  title: services
  version: 1.0.0
paths:
  /services:
    get:
      responses:
        "200":
          description: ok
`,
  'Woodpecker pipeline: steps and services with commands': `steps:
  test:
    image: golang
    commands:
      - go test ./...
services:
  database:
    image: mysql
    commands:
      - echo
`,
  'services with no image nor build (a settings file)': `services:
  mail:
    hostname: smtp.example.com
    ports:
      - 25
`,
  'Pacco PM2 apps list': read('services.yml'),
  'Pacco Prometheus configuration': read('compose/prometheus/prometheus.yml'),
};

/** Compose files named otherwise, in the forms real files take. */
const positives: Record<string, string> = {
  'Pacco infrastructure': read('compose/infrastructure.yml'),
  'Pacco services': read('compose/services.yml'),
  'anchors, x- keys, merge keys, compact lists, comments, a document marker': `---
# the stack
x-common: &common
  restart: unless-stopped
services: # every service
  api: &api
    <<: *common
    build:
      context: .
    ports:
    - "8080:80"
  "worker":
    <<: *common
    image: "example/worker:1.2"   # pinned
`,
  'a flow entry and CRLF line ends': 'name: demo\r\nservices:\r\n  web: {image: nginx, ports: ["80:80"]}\r\n',
  'a service that extends another beside one with an image': `services:
  base:
    image: alpine:3.20
  job:
    extends: base
    command: ["true"]
`,
};

describe('Compose files by content (issue #95)', () => {
  it('the sniff takes Pacco-shaped Compose files named otherwise, and each negative not', () => {
    for (const [name, text] of Object.entries(positives)) assert.equal(composeHeadClaims(text), true, name);
    for (const [name, text] of Object.entries(negatives)) assert.equal(composeHeadClaims(text), false, name);
  });

  it('isComposeFile: by name as before, by content only when given the text of a YAML file', () => {
    const text = read('compose/infrastructure.yml');
    assert.equal(isComposeFile('file:///w/compose/infrastructure.yml'), false);
    assert.equal(isComposeFile({ uri: 'file:///w/compose/infrastructure.yml', text }), true);
    assert.equal(isComposeFile({ uri: 'file:///w/compose/infrastructure.json', text }), false);
    assert.equal(isComposeFile({ uri: 'file:///w/compose/services.yml', text: negatives['Helm values with services and image mappings'] }), false);
    assert.equal(isComposeFile('file:///w/docker-compose.yml'), true);
    assert.equal(isComposeFile({ uri: 'file:///w/docker-compose.yml', text: '' }), true);
  });

  it('reads the first 16 KB only: a services key past them is not seen, one before them is', () => {
    const padding = `x-notes: |\n${'  filler line of notes\n'.repeat(Math.ceil(COMPOSE_SNIFF_BYTES / 22))}`;
    const late = `${padding}services:\n  web:\n    image: nginx\n`;
    assert.ok(padding.length > COMPOSE_SNIFF_BYTES);
    assert.equal(isComposeFile({ uri: 'file:///w/stack.yml', text: late }), false);
    assert.equal(isComposeFile({ uri: 'file:///w/stack.yml', text: `services:\n  web:\n    image: nginx\n${padding}` }), true);
  });

  it('every key of a compose-spec service is accepted (the inline list matches the schema)', () => {
    const schema = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'schemas', 'compose', 'compose-spec.json'), 'utf8')) as { definitions: { service: { properties: Record<string, unknown> } } };
    const keys = Object.keys(schema.definitions.service.properties);
    assert.ok(keys.length > 80, `${keys.length} keys`);
    for (const key of keys) assert.equal(composeHeadClaims(`services:\n  web:\n    image: nginx\n    ${key}: x\n`), true, key);
  });

  it("the family's selector sniffs YAML candidates, and the light entry copies the same test (families/lazy.generated.ts)", () => {
    assert.equal(composeFiles.sniff?.claims, composeHeadClaims);
    const light = familyEntries.find((entry) => entry.id === 'compose')!;
    const matcher = new FileMatcher([light.files!]);
    assert.equal(matcher.match('compose/infrastructure.yml'), 'sniff');
    assert.equal(matcher.match('docker-compose.yml'), 'yes');
    for (const [name, text] of Object.entries(positives)) assert.equal(matcher.claims('compose/x.yml', text), true, name);
    for (const [name, text] of Object.entries(negatives)) assert.equal(matcher.claims('compose/x.yml', text), false, name);
  });

  it('Pacco: the system map has its eleven services as components, its published ports as entries, and nothing from the PM2 or Prometheus files', async () => {
    const { model } = await repository('devmentors+Pacco', corpus);
    const components = model.nodes.filter((n) => n.id.startsWith('compose:') && n.kind !== 'environment');
    assert.deepEqual(components.map((n) => n.name).sort(), ['api-gateway', 'availability-service', 'consul', 'fabio', 'mongo', 'operations-service', 'orders-service', 'prometheus', 'rabbitmq', 'redis', 'vault']);
    const files = new Set(components.flatMap((n) => n.sources.map((s) => s.uri.slice(s.uri.lastIndexOf('/compose/') + 1))));
    assert.deepEqual([...files].sort(), ['compose/infrastructure.yml', 'compose/services.yml']);
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const entries = model.entries.map((e) => `${name.get(e.to)}:${e.port}`);
    for (const expected of ['api-gateway:5000', 'consul:8500', 'fabio:9999', 'mongo:27017', 'rabbitmq:15672', 'vault:8200']) assert.ok(entries.includes(expected), `${expected} in ${entries.join(', ')}`);
    // operations-service depends on two others of its file.
    const dependsOn = model.edges.filter((e) => name.get(e.from) === 'operations-service' && e.kind === 'depends-on').map((e) => name.get(e.to));
    assert.ok(dependsOn.includes('availability-service') && dependsOn.includes('orders-service'), dependsOn.join(', '));
  });

  it('Pacco through the CLI: `diagram system` finds the components, `check` reads the Compose files (today: "No component found")', async () => {
    const tree = copyTree(pacco);
    try {
      const diagram = await runCli(['diagram', 'system', '--view', 'containers', '--format', 'json'], tree.root);
      assert.equal(diagram.code, 0, diagram.err);
      const graph = JSON.parse(diagram.out) as { nodes: { name: string }[] };
      for (const service of ['consul', 'vault', 'api-gateway', 'operations-service']) assert.ok(graph.nodes.some((n) => n.name === service), service);
      const check = await runCli(['check', '.', '--format', 'json'], tree.root);
      const findings = JSON.parse(check.out) as { file: string; code: string }[];
      const composeRules = (file: string) => [...new Set(findings.filter((f) => f.file === file && f.code.startsWith('compose-')).map((f) => f.code))].sort();
      assert.deepEqual(composeRules('compose/infrastructure.yml'), ['compose-image-tag', 'compose-obsolete-version']);
      assert.deepEqual(composeRules('compose/services.yml'), ['compose-image-tag', 'compose-obsolete-version']);
      // Not Compose: nothing of Compose's said of them.
      assert.deepEqual(composeRules('services.yml'), []);
      assert.deepEqual(composeRules('compose/prometheus/prometheus.yml'), []);
      // The builds the content-claimed file names are read as its services' (the rabbitmq context holds its plugins file).
      assert.deepEqual(findings.filter((f) => f.code === 'dockerfile-missing-source'), []);
      // Risks found: exit 1 (docs/threats.md); mongo and redis published to every address with no login.
      const threats = await runCli(['threats', '.'], tree.root);
      assert.equal(threats.code, 1, threats.err);
      assert.match(threats.out, /compose\/infrastructure\.yml:\d+: \w+ threat-missing-authentication .* to mongo/);
      assert.match(threats.out, /compose\/infrastructure\.yml:\d+: \w+ threat-unguarded-direct-datastore-access .* to redis/);
    } finally {
      tree.remove();
    }
  });
});

describe('Compose files by content in `archipel diff` (issue #95)', () => {
  // Pacco's infrastructure file, then upstream's seq service added to it (compose/infrastructure.yml at 182c0546).
  const seq = `  seq:
    image: datalust/seq
    container_name: seq
    restart: unless-stopped
    environment:
      - ACCEPT_EULA=Y
    networks:
      - pacco
    ports:
      - 5341:80

`;
  const scratch = scratchRepository('archipel-compose-content-', ({ dir, git }) => {
    const infrastructure = read('compose/infrastructure.yml');
    mkdirSync(path.join(dir, 'compose'));
    writeFileSync(path.join(dir, 'compose', 'infrastructure.yml'), infrastructure);
    writeFileSync(path.join(dir, 'services.yml'), read('services.yml'));
    git('add', '-A');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'infrastructure');
    writeFileSync(path.join(dir, 'compose', 'infrastructure.yml'), infrastructure.replace('  vault:\n', `${seq}  vault:\n`));
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-am', 'seq');
  });

  it('a service added to a Compose file named otherwise: that component added, its published port an entry point opened', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { components: { added: { id: string; name: string; sources: { file: string }[] }[]; removed: unknown[] }; entryPoints: { opened: { to?: string; toName?: string; port?: number }[] } };
    // The service and the image it runs.
    assert.deepEqual(diff.components.added.map((c) => [c.name, c.sources.map((s) => s.file)]).sort(), [['datalust/seq', ['compose/infrastructure.yml']], ['seq', ['compose/infrastructure.yml']]]);
    assert.deepEqual(diff.components.removed, []);
    assert.equal(diff.entryPoints.opened.length, 1, JSON.stringify(diff.entryPoints));
    assert.match(JSON.stringify(diff.entryPoints.opened[0]), /seq/);
  });
});
