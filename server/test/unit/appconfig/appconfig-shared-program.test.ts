// One program run as several Compose services under their own entrypoints (issue #95): appwrite's one image runs its API and
// its workers, and the code they share says nothing of which calls what; each container's own settings do. A reduction of
// appwrite/appwrite (server/test/fixtures/oss/appconfig, SOURCES.md there), and each case inline. One image in roles a variable
// chooses (moleculerjs/moleculer-examples' conduit, `SERVICES: <module>`): a module only other roles load is not a role's.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';

type Graph = { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string }[] };

/** The calls of the containers view (users' aside) as `from → to [label]`. */
function calls(graph: Graph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => (e.kind === 'calls' || e.kind === 'may-call') && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}]`))].sort();
}

async function callsOf(files: Record<string, string>): Promise<string[]> {
  return calls(await treeContainers(files));
}

const appwrite = () => readTree(path.join(fixturesDir, 'oss', 'appconfig', 'appwrite+appwrite'));
const from = (found: readonly string[], service: string) => found.filter((call) => call.startsWith(`${service} → `));

/** A project whose `api` and `worker` services build one Dockerfile, the code reading `API_HOST` for the backend. */
const project = (worker: string, api = '    command: ["node", "server.js"]\n') => ({
  'docker-compose.yml': `services:\n  api:\n    build: ./app\n${api}  worker:\n    build: ./app\n${worker}  backend:\n    image: nginx:1.27\n    expose:\n      - "4000"\n  assistant:\n    image: nginx:1.27\n    expose:\n      - "3003"\n`,
  'app/Dockerfile': 'FROM node:20\n',
  'app/src/clients.ts': "export const backend = process.env.API_HOST || 'http://backend:4000';\nexport const assistant = 'http://assistant:3003/v1/prompt';\n",
});

describe('one program, several services: each container\'s own settings say what it calls (issue #95)', function () {
  this.timeout(300_000);

  it('appwrite/appwrite: a worker calls what its environment names, not every address of the image\'s code', async () => {
    const found = await callsOf(appwrite());
    // The worker for mails is given the database, Redis and SMTP; the one for screenshots the browser and the API's router.
    assert.deepEqual(from(found, 'appwrite-worker-mails').map((call) => call.replace(/ \[.*$/, '')).filter((call, i, all) => all.indexOf(call) === i), [
      'appwrite-worker-mails → maildev', 'appwrite-worker-mails → postgresql', 'appwrite-worker-mails → redis',
    ]);
    assert.deepEqual(from(found, 'appwrite-worker-screenshots').map((call) => call.replace(/ \[.*$/, '')).filter((call, i, all) => all.indexOf(call) === i), [
      'appwrite-worker-screenshots → appwrite', 'appwrite-worker-screenshots → appwrite-browser', 'appwrite-worker-screenshots → postgresql', 'appwrite-worker-screenshots → redis',
    ]);
    // The code's literal address of the assistant is no worker's call, nor the browser's fallback the mails worker is not given.
    assert.deepEqual(found.filter((call) => / → appwrite-assistant /.test(call) && call.startsWith('appwrite-worker')), []);
    // The same services from the image alone (no override building it): one image reference, the same reading.
    const image = appwrite();
    delete image['docker-compose.override.yml'];
    const byImage = await callsOf(image);
    assert.deepEqual(byImage.filter((call) => / → appwrite-(assistant|browser) /.test(call) && call.startsWith('appwrite-worker-mails')), []);
  });

  it('one service per build keeps every call of its code', async () => {
    const files = appwrite();
    const compose = files['docker-compose.yml'];
    const alone: Record<string, string> = { ...files, 'docker-compose.yml': compose.slice(0, compose.indexOf('  appwrite-worker-screenshots:')) + compose.slice(compose.indexOf('  appwrite-assistant:')) };
    const overrides = files['docker-compose.override.yml'];
    alone['docker-compose.override.yml'] = overrides.slice(0, overrides.indexOf('  appwrite-worker-mails:')) + overrides.slice(overrides.indexOf('  maildev:'));
    assert.deepEqual(from(await callsOf(alone), 'appwrite').filter((call) => call.includes('appwrite-assistant')), ['appwrite → appwrite-assistant [HTTP :3003 (code)]']);
  });

  it('a service keeps a call of the shared code whose host, or a variable the code reads for it, its own settings name', async () => {
    // The worker passes `API_HOST` through: the code's fallback may be its address; the api is given nothing of the kind.
    assert.deepEqual(await callsOf(project('    command: ["node", "worker.js"]\n    environment:\n      - API_HOST\n')), ['worker → backend [HTTP :4000 (code)]']);
    // Named by its host in a value, or in the command.
    // (`PROMPTS`, read by no code, gives no call of its own: the code's literal is the call.)
    assert.deepEqual(await callsOf(project('    command: ["node", "worker.js"]\n    environment:\n      - PROMPTS=http://assistant:3003\n')), ['worker → assistant [HTTP :3003 (code)]']);
    // (The command's own argument is the call: compose/commandAddresses.ts.)
    assert.deepEqual(await callsOf(project('    command: ["node", "worker.js", "--to=http://assistant:3003"]\n')), ['worker → assistant [HTTP :3003]']);
    // A word that is no address (a schema named as the host) names nothing.
    assert.deepEqual(await callsOf(project('    command: ["node", "worker.js"]\n    environment:\n      - SCHEMA=assistant\n')), []);
    // Nothing names either: no call from the shared code.
    assert.deepEqual(await callsOf(project('    command: ["node", "worker.js"]\n')), []);
  });

  it('copies of one program under one command, or a one-shot beside it, keep the whole code\'s calls', async () => {
    const all = ['api → assistant [HTTP :3003 (code)]', 'api → backend [HTTP :4000 (code)]', 'worker → assistant [HTTP :3003 (code)]', 'worker → backend [HTTP :4000 (code)]'];
    assert.deepEqual(await callsOf(project('    command: ["node", "server.js"]\n')), all);
    // A one-shot service (another waits for it to complete) is no second long-running program.
    const once = project('    command: ["node", "migrate.js"]\n', '    command: ["node", "server.js"]\n    depends_on:\n      worker:\n        condition: service_completed_successfully\n');
    assert.deepEqual((await callsOf(once)).filter((call) => call.startsWith('api → ')), all.slice(0, 2));
  });
  it("moleculer-examples' conduit: one image in roles `SERVICES` chooses; the gateway loads no module importing the db mixin, so it calls no MongoDB", async () => {
    const conduit = readTree(path.join(fixturesDir, 'oss', 'appconfig', 'moleculerjs+moleculer-examples', 'conduit'));
    // mixins/db.mixin.js reads MONGO_URI (docker-compose.env, every service's env_file): articles, follows and users import it, api does not.
    assert.deepEqual((await callsOf(conduit)).map((call) => call.replace(/ \[.*$/, '')).filter((call) => call.endsWith(' → mongo')), ['articles → mongo', 'follows → mongo', 'users → mongo']);
    // A value naming no module of the build chooses no role: the build's code is every service's.
    const compose = conduit['docker-compose.yml'].replace(/SERVICES: (\w+)/g, 'SERVICES: conduit-$1');
    assert.deepEqual((await callsOf({ ...conduit, 'docker-compose.yml': compose })).map((call) => call.replace(/ \[.*$/, '')), ['api → mongo', 'articles → mongo', 'follows → mongo', 'users → mongo']);
  });

  it('a Python role module and its relative imports are its role\'s alone; a value naming no module chooses no role', async () => {
    const files = (web: string) => ({
      'docker-compose.yml': `services:\n  web:\n    build: .\n    environment:\n      ROLE: ${web}\n  worker:\n    build: .\n    environment:\n      ROLE: worker\n  notifier:\n    image: nginx:1.27\n    expose:\n      - "8080"\n`,
      Dockerfile: 'FROM python:3.12\n',
      'app/web.py': 'import os\nPORT = os.environ.get("PORT", "8000")\n',
      'app/worker.py': 'import os\nfrom .notify import NOTIFY\nQUEUE = os.environ.get("QUEUE_NAME", "default")\n',
      'app/notify.py': 'import os\nNOTIFY = os.environ.get("NOTIFY_URL", "http://notifier:8080/")\n',
    });
    assert.deepEqual((await callsOf(files('web'))).map((call) => call.replace(/ \[.*$/, '')), ['worker → notifier']);
    assert.deepEqual((await callsOf(files('website'))).map((call) => call.replace(/ \[.*$/, '')), ['web → notifier', 'worker → notifier']);
  });
});
