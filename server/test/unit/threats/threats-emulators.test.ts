// Local emulators of cloud stores (issue #95, dotnet-podcasts), and a RabbitMQ's messages (TeaStore): Azurite checks every request's signature, made with the
// account key its documentation publishes (`UseDevelopmentStorage=true`): a login everybody knows — default credentials
// where it is published, never a missing authentication. On a reduction of the real files
// (server/test/fixtures/oss/credentials/SOURCES.md), then an Azurite given accounts of its own.
import assert from 'node:assert/strict';
import path from 'node:path';
import { consoleFacts, consoleProducts } from '../../../src/threats/consoles';
import { ofRule, risksOfFiles } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const podcasts = (): Record<string, string> => readTree(path.join(fixturesDir, 'oss', 'credentials', 'microsoft+dotnet-podcasts'));
const names = (risks: string[]) => risks.map((r) => r.split(' @')[0]);

describe('threats: local emulators with a published key (issue #95)', function () {
  this.timeout(120_000);

  it("dotnet-podcasts: Azurite published on its three ports is default credentials, and no call nor way in to it lacks authentication", async () => {
    const risks = await risksOfFiles(podcasts());
    assert.deepEqual(names(ofRule(risks, 'default-credentials')), ['default-credentials internet>podcast.api>storage']);
    assert.deepEqual(names(ofRule(risks, 'missing-authentication')).filter((r) => r.endsWith('>storage')), []);
  });

  it('an Azurite given accounts of its own (AZURITE_ACCOUNTS) asks for their keys: no default credentials', async () => {
    const files = podcasts();
    // One block of the service (each file's block is an instance of its own: one left with the default is enough).
    const [override, storage] = files['docker-compose.override.yml'].split('  storage:\n');
    files['docker-compose.override.yml'] = override;
    files['docker-compose.yml'] = files['docker-compose.yml'].replace('azurite:latest\n', `azurite:latest\n    environment:\n      - AZURITE_ACCOUNTS=podcasts:c2VjcmV0a2V5\n${storage}`);
    assert.match(files['docker-compose.yml'], /10002:10002/);
    assert.deepEqual(ofRule(await risksOfFiles(files), 'default-credentials'), []);
  });

  it("TeaStore: a RabbitMQ behind a NodePort to AMQP and its log web app, no management port, carries its messages in clear to the Internet", async () => {
    const risks = await risksOfFiles(readTree(path.join(fixturesDir, 'oss', 'exposures', 'DescartesResearch+TeaStore')));
    const rabbit = risks.filter((r) => r.elements.some((e) => e.endsWith('/teastore-kieker-rabbitmq'))).map((r) => `${r.rule.slice('threat-'.length)} @${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();
    // (Unguarded access too once its callers' links carry the messages to it: the whole repository's teastore-ribbon-kieker.yaml.)
    assert.deepEqual([...new Set(rabbit)], ['unencrypted-communication @examples/kubernetes/teastore-rabbitmq.yaml:35']);
  });

  it('the Cosmos DB emulator by its image; its own key set by AZURE_COSMOS_EMULATOR_KEY, or a reference to one', () => {
    const cosmos = consoleProducts.find((p) => p.images.test('azure-cosmos-emulator'))!;
    assert.equal(consoleFacts(cosmos, ['    image: mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator']).reason, 'default credentials');
    assert.equal(consoleFacts(cosmos, ['      - AZURE_COSMOS_EMULATOR_KEY=${COSMOS_KEY}']).reason, 'authentication configured');
  });
});
