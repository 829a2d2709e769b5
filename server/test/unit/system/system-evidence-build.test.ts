// A program is its build (issue #95): code and configuration are evidence for the component whose build context holds
// them, or whose image's full reference names that build — never another project's component of the same name, never a
// service running another tag of one repository, never a test's files. Real files: server/test/fixtures/oss/system
// (SOURCES.md there).
import assert from 'node:assert/strict';
import { calls, repository } from './repositories';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { systemContributors } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** The project of a Compose component's id (`compose:file:///…/react-java-mysql:backend` → `react-java-mysql`). */
const projectOf = (id: string, root: string) => id.slice(`compose:${root}/`.length, id.lastIndexOf(':'));

describe('System map: a program is its build (issue #95)', () => {
  it("awesome-compose: every call's evidence lies inside its own project (22 of 37 calls carried another sample's files)", async () => {
    const folder = 'docker+awesome-compose+code';
    const { model, root } = await repository(folder);
    const strays: string[] = [];
    let counted = 0;
    for (const edge of model.edges) {
      if (edge.kind !== 'calls' || !edge.from.startsWith('compose:')) continue;
      counted++;
      const project = projectOf(edge.from, root);
      for (const source of edge.sources) if (!source.uri.startsWith(`${root}/${project}/`)) strays.push(`${edge.from.slice(root.length + 9)} → ${edge.to.slice(root.length + 9)}: ${source.uri.slice(root.length + 1)}`);
    }
    assert.deepEqual(strays, []);
    assert.ok(counted >= 15, `${counted} calls`);
    // Each backend → db with its own store's protocol only (the label read "MySQL :3306, PostgreSQL :5432" on every one).
    const label = (from: string, to: string) => model.edges.find((e) => e.kind === 'calls' && e.from === `compose:${root}/${from}` && e.to === `compose:${root}/${to}`)?.label;
    assert.equal(label('nginx-golang-postgres:backend', 'nginx-golang-postgres:db'), 'PostgreSQL :5432 (code)');
    assert.equal(label('nginx-golang-mysql:backend', 'nginx-golang-mysql:db'), 'MySQL :3306 (code)');
    // A sample whose own files say nothing of its database is not given another sample's call.
    assert.equal(label('spring-postgres:backend', 'spring-postgres:db'), undefined);
  });

  it('opentelemetry-demo: the load generator\'s script is its own (no service of another tag calls frontend-proxy), the shipping code its own', async () => {
    const { view } = await repository('open-telemetry+opentelemetry-demo');
    const drawn = calls(view('containers'));
    assert.deepEqual(drawn.filter((call) => call.endsWith('→ frontend-proxy')), ['Users → frontend-proxy', 'load-generator → frontend-proxy', 'otel-collector → frontend-proxy']);
    assert.ok(!drawn.includes('accounting → quote'), drawn.join('\n'));
    assert.ok(drawn.includes('shipping → quote'), drawn.join('\n'));
    // The accounting service's own calls stay: Kafka, its database, the collector.
    assert.deepEqual(drawn.filter((call) => call.startsWith('accounting →')), ['accounting → astronomy-db', 'accounting → kafka', 'accounting → otel-collector']);
  });

  it("a test's configuration is never evidence (src/test/resources/application.yml names the test's containers)", () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const root = 'file:///ws';
    index.update(`${root}/compose.yaml`, 'services:\n  orders:\n    build: orders\n  payments:\n    image: shop/payments\n  db:\n    image: postgres:16\n');
    index.update(`${root}/orders/Dockerfile`, 'FROM eclipse-temurin:21\n');
    index.update(`${root}/orders/src/main/resources/application.yml`, 'payments:\n  url: http://payments:8080\n');
    index.update(`${root}/orders/src/test/resources/application.yml`, 'spring:\n  datasource:\n    url: postgres://db:5432/test\n');
    const model = buildSystemModel(index, systemContributors(families));
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    assert.deepEqual(model.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)}`), ['orders → payments']);
  });
});
