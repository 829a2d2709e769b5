// Moleculer's calls by service name (issue #95): moleculerjs/moleculer-examples' conduit runs one image six times, each
// container loading the service its `SERVICES` names; `ctx.call("users.get")`, a populate's `action:` and moleculer-web's
// `autoAliases` are calls between those containers (server/test/fixtures/oss/appconfig, SOURCES.md there).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { moleculerReading } from '../../../src/appconfig/moleculer';
import { fixturesDir } from '../../helpers';
import { makeTree, readTree } from '../../tempdir';
import { evidencedCalls } from '../system/repositories';

const fixture = path.join(fixturesDir, 'oss', 'appconfig', 'moleculerjs+moleculer-examples');

/** The calls by service name (the db mixin's MongoDB calls are the shared-program rule's, appconfig-shared-program.test.ts). */
const calls = async (folder: string, under: string) => (await evidencedCalls(folder, under)).filter((call) => call.includes(' [calls (code)] '));

describe('Moleculer: calls by service name between the containers loading the services (issue #95)', function () {
  this.timeout(300_000);

  it('conduit: each container loads the service its SERVICES names; its calls reach the containers loading the services called', async () => {
    // comments.list names no container of this reduction: no call.
    assert.deepEqual(await calls('moleculerjs+moleculer-examples', path.dirname(fixture)), [
      'api → articles [calls (code)] conduit/services/api.service.js:18',
      'api → users [calls (code)] conduit/services/api.service.js:18',
      'api → users [calls (code)] conduit/services/api.service.js:20',
      'articles → follows [calls (code)] conduit/services/articles.service.js:28',
      'articles → users [calls (code)] conduit/services/articles.service.js:27',
      'users → follows [calls (code)] conduit/services/users.service.js:30',
    ]);
  });

  it('conduit without SERVICES: one process runs what it loads, no call between containers is said', async () => {
    const tree = makeTree(readTree(fixture));
    try {
      const compose = path.join(tree.root, 'conduit', 'docker-compose.yml');
      writeFileSync(compose, readFileSync(compose, 'utf8').replace(/\n {6}SERVICES: \w+/g, ''));
      assert.deepEqual(await calls(path.basename(tree.root), path.dirname(tree.root)), []);
    } finally {
      tree.remove();
    }
  });

  it('a service file: its name, its calls by service, its REST aliases; a whitelist narrowing autoAliases is no route to all', () => {
    const text = 'module.exports = {\n\tname: "articles",\n\tsettings: { rest: "articles/" },\n\tactions: { list() { return this.broker.call("favorites.count", {}); } },\n\tpopulates: { author: { action: "users.get" } },\n};\n';
    const reading = moleculerReading(text);
    assert.deepEqual({ ...reading, calls: reading.calls.map((call) => `${call.service} [${text.slice(call.start, call.end)}]`) }, { service: 'articles', rest: true, calls: ['favorites [favorites]', 'users [users]'] });
    assert.equal(moleculerReading('routes: [{ autoAliases: true, whitelist: ["posts.*"] }]\nactions: {}').autoAliases, undefined);
    assert.ok(moleculerReading('routes: [{ autoAliases: true, whitelist: ["**"] }]\nactions: {}').autoAliases);
    assert.deepEqual(moleculerReading('const name = "x"; fetch(url).call(this);'), { calls: [] });
  });
});
