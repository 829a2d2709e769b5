// Where personal data goes through the pipelines (issue #65): a served model trained on it, a
// committed data file holding it, images read before their blur — each on the dvc.yaml line that
// causes it; and the flows datasets → stages → models → endpoints with their categories.
import assert from 'node:assert/strict';
import { privacyFacts, relativeLabel } from '../../../src/privacy/api';
import type { ScanOutcome } from '../../../src/privacy/scan';
import { PrivacyWorkspace } from './privacyWorkspace';

const dvc = `stages:
  features:
    cmd: node features.mjs data/transactions.csv data/features.csv
    deps:
      - features.mjs
      - data/transactions.csv
    outs:
      - data/features.csv
  train:
    cmd: python train.py
    deps:
      - train.py
      - data/features.csv
    outs:
      - prediction/model.onnx
`;
const serving = 'predict:\n  model: model.onnx\n';
const cardScan: ScanOutcome = { format: 'csv', rows: 10, whole: true, fields: [{ name: 'card', categories: ['user.financial.credit_card'], kind: 'card', rows: 10, matching: 10, byHeader: true }, { name: 'amount', categories: [], rows: 10, matching: 0, byHeader: false }] };
const scans = (known: Record<string, ScanOutcome>) => (file: string) => known[file];

describe('privacy: pipelines', () => {
  it('privacy-served-model-personal-data: on the dep of the stage training a served model, through the stage before it', () => {
    const ws = new PrivacyWorkspace({ 'dvc.yaml': dvc, 'prediction/archipel.yaml': serving }, { scan: scans({ '/ws/data/transactions.csv': cardScan }) });
    assert.deepEqual(ws.shown('dvc.yaml'), ['privacy-served-model-personal-data: data/features.csv']);
    assert.deepEqual(ws.messages('dvc.yaml', 'privacy-served-model-personal-data'), ['Stage train trains prediction/model.onnx on personal data (user.financial.credit_card) read from data/features.csv, and prediction/archipel.yaml serves the model: a served model can disclose what it was trained on; train on pseudonymised or aggregated data, or record why it is needed (DPIA).']);
    const [d] = ws.diagnose('dvc.yaml');
    assert.deepEqual(d.range, { start: { line: 12, character: 8 }, end: { line: 12, character: 25 } });
    // The hook: an endpoint the security model knows is private raises nothing; a public one says so.
    assert.deepEqual(new PrivacyWorkspace({ 'dvc.yaml': dvc, 'prediction/archipel.yaml': serving }, { scan: scans({ '/ws/data/transactions.csv': cardScan }), publicEndpoint: () => false }).shown('dvc.yaml'), []);
    assert.match(new PrivacyWorkspace({ 'dvc.yaml': dvc, 'prediction/archipel.yaml': serving }, { scan: scans({ '/ws/data/transactions.csv': cardScan }), publicEndpoint: () => true }).messages('dvc.yaml', 'privacy-served-model-personal-data')[0], /serves the model to the Internet:/);
    // Not served, or its features declared free of personal data by their Fides dataset: nothing.
    assert.deepEqual(new PrivacyWorkspace({ 'dvc.yaml': dvc }, { scan: scans({ '/ws/data/transactions.csv': cardScan }) }).shown('dvc.yaml'), []);
    const pseudonymised = 'dataset:\n  - fides_key: features\n    meta: {path: data/features.csv}\n    retention: 1 year\n    collections:\n      - name: features\n        fields:\n          - name: card_token\n            data_categories: [system.operations]\n';
    assert.deepEqual(new PrivacyWorkspace({ 'dvc.yaml': dvc, 'prediction/archipel.yaml': serving, 'features.fides.yml': pseudonymised }, { scan: scans({ '/ws/data/transactions.csv': cardScan }) }).shown('dvc.yaml'), []);
  });

  it('privacy-committed-personal-data: a committed data file a stage names, unless in a test folder or marked synthetic', () => {
    const host = { scan: scans({ '/ws/data/transactions.csv': cardScan, '/ws/tests/cards.csv': cardScan }), committed: (file: string) => file !== '/ws/data/features.csv' };
    const ws = new PrivacyWorkspace({ 'dvc.yaml': dvc.replace('      - train.py\n', '      - train.py\n      - tests/cards.csv\n') }, host);
    assert.deepEqual(ws.shown('dvc.yaml'), ['privacy-committed-personal-data: data/transactions.csv']);
    assert.deepEqual(ws.messages('dvc.yaml', 'privacy-committed-personal-data'), ['data/transactions.csv is committed to the repository and its sample holds personal data (user.financial.credit_card): keep it out of the repository (.gitignore, DVC), or mark it synthetic in its Fides dataset (`tags: [synthetic]`) if it is made up.']);
    const synthetic = 'dataset:\n  - fides_key: transactions\n    tags: [synthetic]\n    retention: 1 year\n    meta: {path: data/transactions.csv}\n    collections: []\n';
    assert.deepEqual(new PrivacyWorkspace({ 'dvc.yaml': dvc, 'transactions.fides.yml': synthetic }, host).shown('dvc.yaml'), []);
    // The manifest itself reports a committed file it describes, until it says synthetic.
    const real = new PrivacyWorkspace({ 'transactions.fides.yml': synthetic.replace('    tags: [synthetic]\n', '') }, host);
    assert.deepEqual(real.shown('transactions.fides.yml'), ['privacy-committed-personal-data: data/transactions.csv']);
  });

  it('privacy-images-without-blur: a stage reading the images the anonymising stage blurs, not its output', () => {
    const pipeline = `stages:
  anonymise:
    cmd: archipel blur photos/raw --out data/anonymised
    deps:
      - photos/raw
      - archipel.yaml
    outs:
      - data/anonymised
  train:
    cmd: python train.py
    deps:
      - train.py
      - photos/raw/2025
      - data/anonymised
`;
    const ws = new PrivacyWorkspace({ 'dvc.yaml': pipeline });
    assert.deepEqual(ws.shown('dvc.yaml'), ['privacy-images-without-blur: photos/raw/2025']);
    assert.deepEqual(ws.messages('dvc.yaml', 'privacy-images-without-blur'), ['Stage train reads photos/raw/2025, the images stage anonymise anonymises (archipel blur) before they are used: read its output (data/anonymised) instead.']);
    assert.deepEqual(new PrivacyWorkspace({ 'dvc.yaml': pipeline.replace('      - photos/raw/2025\n', '') }).shown('dvc.yaml'), []);
  });

  it('the facts the security model reads: assets with categories and sensitivity, flows dataset → stage → model → endpoint', () => {
    const ws = new PrivacyWorkspace({ 'dvc.yaml': dvc, 'prediction/archipel.yaml': serving });
    const facts = privacyFacts(ws.index, scans({ '/ws/data/transactions.csv': cardScan }), relativeLabel('/ws'));
    assert.deepEqual(facts.assets.map((a) => `${a.id} ${a.kind} ${a.sensitivity} ${a.categories.join(',')} ${a.source.file}:${a.source.line}`), [
      'data/transactions.csv data strictly-confidential user.financial.credit_card dvc.yaml:6',
      'data/features.csv data strictly-confidential user.financial.credit_card dvc.yaml:8',
      'prediction/model.onnx model strictly-confidential user.financial.credit_card dvc.yaml:15',
    ]);
    assert.deepEqual(facts.flows, [
      { from: 'data/transactions.csv', to: 'stage:dvc.yaml#features', categories: ['user.financial.credit_card'], via: { file: 'dvc.yaml', line: 6 } },
      { from: 'stage:dvc.yaml#features', to: 'data/features.csv', categories: ['user.financial.credit_card'], via: { file: 'dvc.yaml', line: 8 } },
      { from: 'data/features.csv', to: 'stage:dvc.yaml#train', categories: ['user.financial.credit_card'], via: { file: 'dvc.yaml', line: 13 } },
      { from: 'stage:dvc.yaml#train', to: 'prediction/model.onnx', categories: ['user.financial.credit_card'], via: { file: 'dvc.yaml', line: 15 } },
      { from: 'prediction/model.onnx', to: 'endpoint:prediction/archipel.yaml', categories: ['user.financial.credit_card'], via: { file: 'prediction/archipel.yaml', line: 2 } },
    ]);
  });
});
