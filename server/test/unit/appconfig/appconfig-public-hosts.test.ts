// A public domain's host is no component's name (issue #95): makeplane/plane's api code opens `https://api.github.com/…`
// (apps/api/plane/license/management/commands/register_instance.py) and lists `https://api.plane.so` among its OpenAPI
// servers (apps/api/plane/settings/openapi.py) beside the Compose service `api`; the forms, inline.
import assert from 'node:assert/strict';
import { calls, treeContainers } from '../system/repositories';

const compose = [
  'services:',
  '  api:',
  '    build: ./api',
  '  worker:',
  '    build: ./worker',
  '',
].join('\n');

describe('a public domain whose first label is a component\'s name names no component (issue #95)', function () {
  this.timeout(300_000);

  it('`api.github.com` and `api.plane.so` in code are no calls of the map; `http://api:8000` is a call to api', async () => {
    const graph = await treeContainers({
      'docker-compose.yml': compose,
      'api/Dockerfile': 'FROM python:3.12\nCOPY . /app\n',
      'api/requirements.txt': 'requests\n',
      'api/register_instance.py': 'import requests\n\nresponse = requests.get("https://api.github.com/repos/makeplane/plane/releases/latest", timeout=5)\n',
      'api/openapi.py': 'SERVERS = [\n    {"url": "https://api.plane.so", "description": "Production server"},\n]\n',
      'worker/Dockerfile': 'FROM python:3.12\nCOPY . /app\n',
      'worker/requirements.txt': 'requests\n',
      'worker/tasks.py': 'import requests\n\nrequests.post("http://api:8000/v1/jobs", timeout=5)\n',
    });
    assert.deepEqual(calls(graph).filter((c) => !c.startsWith('Users')), ['worker → api']);
  });
});
