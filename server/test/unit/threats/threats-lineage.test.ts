// Classified through model lineage (issue #78): a LoadBalancer in front of a component serving a model trained on
// card numbers inherits their classification — before, what serves a model was rated by the stores it calls (none)
// and got no risk. The lineage is the map's: a DVC stage reads the card transactions (a Fides dataset says what they
// hold) and writes the model, a Dockerfile copies it into the image the Deployment runs.
import assert from 'node:assert/strict';
import { described, risksOfFiles } from '../../threatRisks';

const SHOP: Record<string, string> = {
  'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - train.py\n      - data/transactions.csv\n    outs:\n      - model/fraud.onnx\n',
  'train.py': "print('train')\n",
  'data/transactions.csv': 'transaction_id,amount\n1,12.5\n',
  'Dockerfile': 'FROM python:3.12-slim\nCOPY model/fraud.onnx /app/model.onnx\nCMD ["python", "-m", "serve", "/app/model.onnx"]\n',
  '.github/workflows/image.yml': 'name: image\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/example/scoring:1.0 .\n',
  'k8s/scoring.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: scoring', 'spec:', '  selector:', '    matchLabels:', '      app: scoring',
    '  template:', '    metadata:', '      labels:', '        app: scoring', '    spec:', '      containers:', '        - name: scoring',
    '          image: ghcr.io/example/scoring:1.0', '          ports:', '            - containerPort: 8080', '---', 'apiVersion: v1', 'kind: Service',
    'metadata:', '  name: scoring', 'spec:', '  type: LoadBalancer', '  selector:', '    app: scoring', '  ports:', '    - port: 80', '      targetPort: 8080', '',
  ].join('\n'),
};
const FIDES = 'dataset:\n  - fides_key: card_transactions\n    name: Card transactions\n    meta:\n      path: transactions.csv\n    collections:\n      - name: transactions\n        fields:\n          - name: card_number\n            data_categories: [user.financial.credit_card]\n';

describe('threats: classified through model lineage (issue #78)', function () {
  this.timeout(120_000);

  it('a LoadBalancer serving a model trained on card numbers: unguarded and plaintext, on the Service port', async () => {
    assert.deepEqual(described(await risksOfFiles({ ...SHOP, 'data/transactions.fides.yml': FIDES })), [
      'missing-vault internet>scoring @k8s/scoring.yaml:4',
      'unencrypted-communication internet>scoring @k8s/scoring.yaml:25',
      'unguarded-access-from-internet internet>scoring @k8s/scoring.yaml:25',
    ]);
  });

  it('the same model trained on data nothing classifies: nothing inherited, only its plaintext front door (its users\' session in clear, threats78d)', async () => {
    assert.deepEqual(described(await risksOfFiles(SHOP)).filter((r) => !r.startsWith('missing-vault')), ['unencrypted-communication internet>scoring @k8s/scoring.yaml:25']);
  });
});
