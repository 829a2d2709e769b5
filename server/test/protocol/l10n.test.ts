import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlurRequest, type BlurParams, type BlurResponse } from '../../src/protocol';
import { raciText } from '../fixtures/governance';
import { repoRoot } from '../helpers';
import { makeTree } from '../tempdir';
import { TestLspClient } from './lspClient';

/** A client in French (initialize's `locale`) gets the server's messages in French. */
describe('server messages in the client\'s language', function () {
  this.timeout(60_000);
  const twoAccountable = raciText.replace('{cdo: A, steward: R, dpo: C', '{cdo: A, steward: R, dpo: A');
  const workspace = makeTree({ 'governance/governance.raci.yaml': twoAccountable });
  const uri = pathToFileURL(path.join(workspace.root, 'governance', 'governance.raci.yaml')).href;
  let client: TestLspClient;

  before(async () => {
    copyFileSync(path.join(repoRoot, 'examples', 'portfolio', 'anonymiser', 'samples', 'crossing.jpg'), path.join(workspace.root, 'crossing.jpg'));
    client = await TestLspClient.startInWorkspace(workspace.root, undefined, { workspaceTrusted: true }, { locale: 'fr' });
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('publishes a RACI diagnostic and its related information in French', async () => {
    client.open(uri, twoAccountable, 1);
    const [diagnostic] = await client.waitForDiagnostics(uri, 1);
    assert.equal(diagnostic.code, 'raci-one-accountable');
    assert.equal(diagnostic.message, "L'activité GOV-01 a 2 rôles Accountable (cdo, dpo) : exactement un rôle doit être A.");
    assert.equal(diagnostic.relatedInformation?.[0].message, 'dpo est aussi A ici');
  });

  it('answers a blur with the summary the notification shows, in French', async () => {
    const response = (await client.connection.sendRequest(BlurRequest, { uris: [pathToFileURL(path.join(workspace.root, 'crossing.jpg')).href], mode: 'blur' } satisfies BlurParams)) as BlurResponse;
    assert.match(response.summary.message, /^1 image floutée : \d+ zones \(face \d+\), \d+ ms par image\.$/);
  });
});
