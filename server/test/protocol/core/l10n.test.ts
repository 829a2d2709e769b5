import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BlurRequest, type BlurParams } from '../../../src/protocol';
import { raciText } from '../../fixtures/governance';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/** A client in French (initialize's `locale`) gets the server's messages in French. */
describe('server messages in the client\'s language', function () {
  this.timeout(120_000);
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
  const adr = ['# 1. Use Postgres', '', 'Date: 22/11/2026', '', '## Status', '', 'Acceptd', '', '## Context', '', 'We need a database.', '', '## Decision', '', 'Postgres.', '', '## Consequences', '', 'One more server.', ''].join('\n');
  const duplicateKey = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  name: other', 'data: {}', ''].join('\n');
  const brokenYaml = ['apiVersion: v1', 'kind: ConfigMap', 'data: [unclosed', ''].join('\n');
  const mermaid = ['flowchart LR', '  A --> B', ''].join('\n');
  const workspace = makeTree({
    'governance/governance.raci.yaml': twoAccountable,
    'deploy/web.yaml': deployment,
    '.github/workflows/ci.yml': workflow,
    'docs/adr/0001-use-postgres.md': adr,
    'deploy/duplicate.yaml': duplicateKey,
    'deploy/broken.yaml': brokenYaml,
    'docs/flow.mmd': mermaid,
    'misconfigured/archipel.yaml': 'blur:\n  faceModel: missing.onnx\n',
  });
  const uri = pathToFileURL(path.join(workspace.root, 'governance', 'governance.raci.yaml')).href;
  let client: TestLspClient;

  // A server of its own: initialized in French (initialize's `locale`), which holds for the whole process.
  before(async () => {
    copyFileSync(path.join(repoRoot, 'examples', 'portfolio', 'anonymiser', 'samples', 'crossing.jpg'), path.join(workspace.root, 'crossing.jpg'));
    copyFileSync(path.join(repoRoot, 'examples', 'portfolio', 'anonymiser', 'samples', 'crossing.jpg'), path.join(workspace.root, 'misconfigured', 'crossing.jpg'));
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

  it('says in French why an image failed: the blur process takes the client\'s language', async () => {
    const image = pathToFileURL(path.join(workspace.root, 'misconfigured', 'crossing.jpg')).href;
    const response = await client.connection.sendRequest(BlurRequest, { uris: [image], mode: 'blur' } satisfies BlurParams);
    assert.equal(response.summary.failed, 1);
    // The model is opened in the blur process's inference lane: its error is French too.
    assert.match(response.summary.message, /1 en échec : crossing\.jpg : modèle missing\.onnx : fichier introuvable : .*missing\.onnx/);
  });

  it('publishes ADR diagnostics in French', async () => {
    const record = pathToFileURL(path.join(workspace.root, 'docs', 'adr', '0001-use-postgres.md')).href;
    client.open(record, adr, 1);
    const diagnostics = await client.waitForDiagnostics(record, 1, (d) => d.some((x) => x.code === 'adr-date') && d.some((x) => x.code === 'adr-status'));
    const message = (code: string) => diagnostics.find((d) => d.code === code)?.message;
    assert.equal(message('adr-date'), 'La date « 22/11/2026 » n\'est pas une date ISO 8601 : attendu AAAA-MM-JJ (2026-11-22).');
    assert.match(String(message('adr-status')), /^Statut inconnu « Acceptd » : attendu l'une des valeurs proposed, .* \(archipel\.adr\.statuses\)\. Vouliez-vous dire « Accepted » \?$/);
  });

  it('publishes YAML duplicate-key and syntax diagnostics in French', async () => {
    const duplicate = pathToFileURL(path.join(workspace.root, 'deploy', 'duplicate.yaml')).href;
    client.open(duplicate, duplicateKey, 1);
    const found = await client.waitForDiagnostics(duplicate, 1, (d) => d.some((x) => x.code === 'yaml-duplicate-key'));
    assert.equal(found.find((d) => d.code === 'yaml-duplicate-key')?.message, 'Clé en double : « name » est déjà une clé de ce mapping ; les analyseurs YAML ne s\'accordent pas sur la valeur retenue.');
    const broken = pathToFileURL(path.join(workspace.root, 'deploy', 'broken.yaml')).href;
    client.open(broken, brokenYaml, 1);
    const syntax = await client.waitForDiagnostics(broken, 1, (d) => d.some((x) => x.code === 'yaml-syntax'));
    // The yaml package's own words follow the colon; the sentence around them is French.
    assert.match(String(syntax.find((d) => d.code === 'yaml-syntax')?.message), /^Erreur de syntaxe YAML : .+\.$/);
  });

  it('publishes a Mermaid diagnostic in French, and its text after an edit', async () => {
    const flow = pathToFileURL(path.join(workspace.root, 'docs', 'flow.mmd')).href;
    client.open(flow, 'flowchrt LR\n  A --> B\n', 1);
    // The first Mermaid parse starts the worker (jsdom, its code cache): longer than the default wait on a busy machine.
    const published = (version: number, accept: (d: Diagnostic[]) => boolean) =>
      client.waitFor(`Mermaid diagnostics v${version}`, () => {
        const last = client.diagnostics.get(flow);
        return last?.version === version && accept(last.diagnostics) ? last.diagnostics : undefined;
      }, 30_000);
    const unknown = await published(1, (d) => d.some((x) => x.code === 'mermaid-syntax'));
    assert.match(String(unknown.find((d) => d.code === 'mermaid-syntax')?.message), /^Type de diagramme Mermaid inconnu « flowchrt » : un diagramme commence par son type \(flowchart, sequenceDiagram/);
    client.replace(flow, 'flowchart LR\n  A --> B -->\n', 2);
    const syntax = await published(2, (d) => d.some((x) => x.code === 'mermaid-syntax' && String(x.message).startsWith('Erreur de syntaxe Mermaid à la ligne 2 : ')));
    assert.match(String(syntax.find((d) => d.code === 'mermaid-syntax')?.message), /^Erreur de syntaxe Mermaid à la ligne 2 : attendu .+ ; trouvé .+\.$/);
  });

  it('answers a blur with the summary the notification shows, in French', async () => {
    const response = await client.connection.sendRequest(BlurRequest, { uris: [pathToFileURL(path.join(workspace.root, 'crossing.jpg')).href], mode: 'blur' } satisfies BlurParams);
    assert.match(response.summary.message, /^1 image floutée : \d+ zones \(face \d+\), \d+ ms par image\.$/);
  });
});
