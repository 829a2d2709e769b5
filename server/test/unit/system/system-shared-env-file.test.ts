// An env_file several Compose services read whole (issue #95, held out: ThreeDotsLabs/wild-workouts-go-ddd-example gives its
// one `.env` to every service, and each was drawn calling every address in it): a possible call, as a ConfigMap read whole by
// `envFrom`, made certain by the service's own code naming the key; an env_file of one service stays its certain environment.
import assert from 'node:assert/strict';
import { calls, treeContainers } from './repositories';

async function edgesOf(files: Record<string, string>): Promise<{ calls: string[]; possible: string[] }> {
  const containers = await treeContainers(files);
  return { calls: calls(containers).filter((c) => !c.startsWith('Users')), possible: calls(containers, 'may-call') };
}

const env = ['API_ADDR=api:8080', 'DB_HOST=db:5432', ''].join('\n');

describe('System map: an env_file shared by several services (issue #95)', () => {
  it('its addresses are possible calls; a service whose code reads the key calls it, one whose code names it nowhere does not', async () => {
    const found = await edgesOf({
      'docker-compose.yml': ['services:', '  web:', '    build: ./web', '    env_file: .env', '  worker:', '    image: example/worker', '    env_file: .env', '  api:', '    image: example/api', '  db:', '    image: postgres:16', ''].join('\n'),
      '.env': env,
      'web/Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["node", "main.js"]\n',
      'web/main.js': "const api = process.env.API_ADDR;\nfetch(`http://${api}/orders`);\n",
    });
    assert.deepEqual(found.calls, ['web → api']);
    // web's code was read and never names DB_HOST; worker's was not read (an image): both its addresses stay possible.
    assert.deepEqual(found.possible, ['worker → api', 'worker → db']);
  });

  it('an env_file of one service is its environment: certain calls', async () => {
    const found = await edgesOf({
      'docker-compose.yml': ['services:', '  worker:', '    image: example/worker', '    env_file: .env', '  api:', '    image: example/api', '  db:', '    image: postgres:16', ''].join('\n'),
      '.env': env,
    });
    assert.deepEqual(found.calls, ['worker → api', 'worker → db']);
    assert.deepEqual(found.possible, []);
  });
});
