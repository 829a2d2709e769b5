// A Dapr secret store is a vault when its type is one (issue #95, Red Dog: `missing-vault` was raised although every service
// reads its secrets from a `secretstores.azure.keyvault` component). Reduction of the real files:
// server/test/fixtures/oss/dapr/Azure+reddog-code (SOURCES.md there); then the local file store alone, which is no vault.
import assert from 'node:assert/strict';
import path from 'node:path';
import { isDaprVaultStore } from '../../../src/threats/daprVaults';
import { ofRule, risksOfFiles } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const reddog = (): Record<string, string> => readTree(path.join(fixturesDir, 'oss', 'dapr', 'Azure+reddog-code'));

describe('threats: a Dapr secret store of a vault\'s type is a vault (issue #95)', function () {
  this.timeout(120_000);

  it('the vault types, not the local file or environment stores', () => {
    const isVaultSecretStore = (type: string) => isDaprVaultStore(['apiVersion: dapr.io/v1alpha1', 'kind: Component', 'spec:', `  type: ${type}`]);
    for (const type of ['secretstores.azure.keyvault', 'secretstores.hashicorp.vault', 'secretstores.aws.secretmanager', 'secretstores.aws.parameterstore', 'secretstores.gcp.secretmanager', 'secretstores.kubernetes']) assert.equal(isVaultSecretStore(type), true, type);
    for (const type of ['secretstores.local.file', 'secretstores.local.env', 'state.redis', 'secretstores.azure.keyvault.extra', '']) assert.equal(isVaultSecretStore(type), false, type);
  });

  it('reddog: the branch\'s Azure Key Vault store answers missing-vault', async () => {
    const files = reddog();
    assert.deepEqual(ofRule(await risksOfFiles(files), 'missing-vault'), []);
    // The same system with only its local file store (manifests/local/branch): the secrets are in a file, the vault is asked.
    delete files['manifests/branch/base/components/reddog.secretstore.yaml'];
    assert.deepEqual(ofRule(await risksOfFiles(files), 'missing-vault').map((r) => r.split(' @')[0]), ['missing-vault db']);
  });

  it('a Component of another apiVersion naming a vault type is none', async () => {
    const files = reddog();
    files['manifests/branch/base/components/reddog.secretstore.yaml'] = files['manifests/branch/base/components/reddog.secretstore.yaml'].replace('apiVersion: dapr.io/v1alpha1', 'apiVersion: example.com/v1');
    assert.equal(ofRule(await risksOfFiles(files), 'missing-vault').length, 1);
  });
});
