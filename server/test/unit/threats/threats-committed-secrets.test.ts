// Secrets committed in the files containers are given (issue #95, DeathStarBench's socialNetwork): the TLS private key
// keys/server.key that redis.conf names (`tls-key-file /keys/server.key`, both bind-mounted), and the JWT signing secret
// `"secret": "secret"` of config/service-config.json; each beside what is no secret (a key's placeholder, an encrypted
// key, a `${X}` value, a key no container is given).
import assert from 'node:assert/strict';
import path from 'node:path';
import { committedSecrets, jsonSecretLines, privateKeyLine } from '../../../src/threats/configSecrets';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { readTree, suiteTrees } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }

const SOCIAL = readTree(path.join(fixturesDir, 'oss', 'exposures', 'delimitrou+DeathStarBench'));
const COMPOSE = 'socialNetwork/docker-compose-tls.yml';

describe('threats: secrets committed in the files containers are given (issue #95)', function () {
  this.timeout(300_000);
  const tree = suiteTrees();
  const risksOf = async (root: string): Promise<Risk[]> => (JSON.parse((await runCli(['threats', 'socialNetwork', '--format', 'json'], root)).out) as { risks: Risk[] }).risks;
  const leaks = async (files: Record<string, string>) => (await risksOf(tree(files))).filter((r) => r.rule === 'threat-accidental-secret-leak').flatMap((r) => r.sources.map((s) => `${s.file}:${s.line}`)).sort();

  it('a PEM private key with its body, a JSON configuration key naming a secret with a literal value', () => {
    assert.equal(privateKeyLine(SOCIAL['socialNetwork/keys/server.key']), 0);
    assert.equal(privateKeyLine('-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n'), undefined);
    assert.equal(privateKeyLine('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n'), undefined);
    assert.equal(privateKeyLine('-----BEGIN CERTIFICATE-----\nMIIDazCCAlOgAwIBAgIUQ1rVKtE1FqGg9bF9S2mXbWZ0S7EwDQYJKoZIhvcNAQEL\n'), undefined);
    assert.deepEqual(jsonSecretLines(SOCIAL['socialNetwork/config/service-config.json']), [8]);
    assert.deepEqual(jsonSecretLines('{\n  "jwt": { "secret": "${JWT_SECRET}" },\n  "redis": { "password": "" },\n  "auth": { "token_ttl": 3600 }\n}\n'), []);
    assert.deepEqual(jsonSecretLines('{\n  "auth": {\n    "client_secret": "9f2c1e7a"\n  }\n}\n'), [2]);
    assert.deepEqual(jsonSecretLines('not json { "secret": "x1234" }'), []);
  });

  it('socialNetwork: the private key redis.conf names, through the bind mounts of the service that runs it', async () => {
    assert.deepEqual(await leaks(SOCIAL), ['keys/server.key:1']);
    // The Redis service gone (its command names redis.conf, which names the key): the keys folder alone is not listed, no leak.
    const compose = SOCIAL[COMPOSE];
    const withoutRedis = compose.slice(0, compose.indexOf('  social-graph-redis:'));
    assert.ok(withoutRedis.length < compose.length);
    assert.deepEqual(await leaks({ ...SOCIAL, [COMPOSE]: withoutRedis }), []);
    // The key's body elided: no secret.
    assert.deepEqual(await leaks({ ...SOCIAL, 'socialNetwork/keys/server.key': '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----\n' }), []);
  });

  it("socialNetwork: service-config.json's JWT secret when the file is mounted by name; a value left to a variable is none", async () => {
    const mounted = SOCIAL[COMPOSE].replace('      - ./config:/social-network-microservices/config\n      - ./keys:/keys\n\n  social-graph-mongodb:', '      - ./config/service-config.json:/social-network-microservices/config/service-config.json\n\n  social-graph-mongodb:');
    assert.notEqual(mounted, SOCIAL[COMPOSE]);
    assert.deepEqual(await leaks({ ...SOCIAL, [COMPOSE]: mounted }), ['config/service-config.json:9', 'keys/server.key:1']);
    const variable = SOCIAL['socialNetwork/config/service-config.json'].replace('"secret": "secret"', '"secret": "${JWT_SECRET}"');
    assert.deepEqual(await leaks({ ...SOCIAL, [COMPOSE]: mounted, 'socialNetwork/config/service-config.json': variable }), ['keys/server.key:1']);
  });

  it("a Dockerfile's copy of a key file is a file its image is given; a copy of its whole folder is its sources, not read", () => {
    const texts: Record<string, string> = {
      'file:///w/edge/Dockerfile': 'FROM nginx:1.27\nCOPY certs/server.key /etc/nginx/server.key\nCOPY . /srv\n',
      'file:///w/edge/certs/server.key': SOCIAL['socialNetwork/keys/server.key'],
      'file:///w/edge/other.key': SOCIAL['socialNetwork/keys/server.key'],
    };
    const host = { files: () => ['file:///w/edge/Dockerfile', 'file:///w/edge/other.key'], text: (uri: string) => texts[uri] };
    assert.deepEqual(committedSecrets([], host).map((s) => `${s.uri}:${s.range.start.line}`), ['file:///w/edge/certs/server.key:0']);
  });
});
