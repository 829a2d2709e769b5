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
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:latest',
    '          securityContext:',
    '            privileged: true',
    '',
  ].join('\n');
  const workflow = ['name: ci', 'on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    env:', '      "A=B": x', '    steps:', '      - run: echo hi', ''].join('\n');
  const workspace = makeTree({ 'governance/governance.raci.yaml': twoAccountable, 'deploy/web.yaml': deployment, '.github/workflows/ci.yml': workflow });
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

  it('publishes Kubernetes diagnostics in French', async () => {
    const k8s = pathToFileURL(path.join(workspace.root, 'deploy', 'web.yaml')).href;
    client.open(k8s, deployment, 1);
    const diagnostics = await client.waitForDiagnostics(k8s, 1, (d) => d.some((x) => x.code === 'k8s-privileged'));
    const message = (code: string) => diagnostics.find((d) => d.code === code)?.message;
    assert.equal(message('k8s-privileged'), 'Le conteneur "web" s\'exécute en mode privilégié.');
    assert.equal(message('k8s-image-tag'), 'L\'image « nginx:latest » utilise l\'étiquette :latest : fixez une version ou un condensé (digest).');
  });

  it('publishes a workflow diagnostic in French', async () => {
    const ci = pathToFileURL(path.join(workspace.root, '.github', 'workflows', 'ci.yml')).href;
    client.open(ci, workflow, 1);
    const diagnostics = await client.waitForDiagnostics(ci, 1, (d) => d.some((x) => x.code === 'gha-env-name'));
    assert.equal(diagnostics.find((d) => d.code === 'gha-env-name')?.message, 'Un nom de variable d\'environnement ne peut pas contenir "=" : « A=B » serait lu comme « A ».');
  });

  it('answers a blur with the summary the notification shows, in French', async () => {
    const response = (await client.connection.sendRequest(BlurRequest, { uris: [pathToFileURL(path.join(workspace.root, 'crossing.jpg')).href], mode: 'blur' } satisfies BlurParams)) as BlurResponse;
    assert.match(response.summary.message, /^1 image floutée : \d+ zones \(face \d+\), \d+ ms par image\.$/);
  });
});
