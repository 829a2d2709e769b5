// One reader of a service's `command` (review of issue #95): the addresses it names (commandAddresses.ts) and the ports a
// Traefik listens on (listening.ts) read its parts alike; the listener keeps a list's numbers (an unquoted `- 9096` is a word
// the container gets), which hold no address. rocketchat-compose's traefik writes its entry points as flags.
import assert from 'node:assert/strict';
import { commandAddresses, commandParts } from '../../../src/compose/commandAddresses';
import { listensNot } from '../../../src/compose/listening';

describe('Compose: a command read by one reader (issue #95)', () => {
  it("a list's numbers are kept as text only when asked", () => {
    const command = ['--entrypoints.metrics.address', 9096, true];
    assert.deepEqual(commandParts(command), [{ text: '--entrypoints.metrics.address', index: 0 }]);
    assert.deepEqual(commandParts(command, true), [{ text: '--entrypoints.metrics.address', index: 0 }, { text: '9096', index: 1 }]);
    assert.deepEqual(commandParts('traefik --api.insecure=true', true), [{ text: 'traefik --api.insecure=true' }]);
  });

  it("a Traefik's entry points from a string or a list alike", () => {
    const closed = (command: string | (string | number)[]) => [80, 9096].filter((port) => listensNot([{ image: 'traefik:v3.4', command }], [], () => undefined)(port));
    assert.deepEqual(closed('--entrypoints.http.address=:80'), [9096]);
    assert.deepEqual(closed(['--entrypoints.http.address=:80', '--entrypoints.metrics.address=:9096']), []);
  });

  it("a Beat's `setup.*` setting names where its setup command goes, no call; its output is (elastic/opbeans-python d1a73dec, MIT)", () => {
    // docker-compose.yml:45-57, the apm-server's command as written (a folded scalar), with an output host added.
    const command = 'apm-server -e\n  -E apm-server.frontend.enabled=true\n  -E apm-server.host=0.0.0.0:8200\n  -E setup.kibana.host=kibana:5601\n  -E setup.template.settings.index.number_of_replicas=0\n  -E output.elasticsearch.hosts=elasticsearch:9200\n';
    const found = commandAddresses({ command }, null, (host) => host === 'kibana' || host === 'elasticsearch', (text) => text);
    assert.deepEqual(found.map((a) => `${a.host}:${a.port}`), ['elasticsearch:9200']);
  });
});
