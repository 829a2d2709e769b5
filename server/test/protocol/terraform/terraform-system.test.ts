import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagramRequest } from '../../../src/protocol';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/** Terraform's clusters and databases on the system map over LSP (`archipel/diagram`, kind system): what the panel receives. */
describe('Terraform on the system map over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  const workspace = makeTree({
    'infra/main.tf': 'module "gke" {\n  source = "./modules/gke"\n  name   = "shop-prod"\n}\n\nresource "aws_db_instance" "orders" {\n  identifier     = "orders"\n  engine         = "postgres"\n  instance_class = "db.t4g.small"\n}\n',
    'infra/modules/gke/main.tf': 'variable "name" {\n  type = string\n}\n\nresource "google_container_cluster" "this" {\n  name     = var.name\n  location = "europe-west1"\n}\n',
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector:\n    matchLabels: { app: api }\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.0\n',
  });

  before(async () => {
    // A server of its own: the answer covers the whole workspace, which must hold only these files.
    client = await TestLspClient.startInWorkspace(workspace.root);
    await client.indexReady();
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('draws the cluster holding the namespace and the database, each opening the name that declares it', async () => {
    const result = await client.connection.sendRequest(DiagramRequest, { kind: 'system', view: 'deployment' });
    const groups = result.graph.groups.map((g) => g.label);
    assert.deepEqual(groups, ['shop-prod / namespace shop']);
    const lines = result.graph.nodes.map((n) => n.lines.join(' '));
    assert.ok(lines.some((line) => line.includes('orders') && line.includes('Amazon RDS (postgres)')), lines.join(' | '));
    const database = result.sources.find((s) => s.uri === pathToFileURL(path.join(workspace.root, 'infra/main.tf')).href);
    assert.deepEqual(database?.range.start, { line: 5, character: 27 });
  });
});
