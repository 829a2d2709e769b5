// Inputs that held `archipel threats` (issue #84), each failing on the code before: a chain of 5,000
// calls (the recursive `reach` overflowed the stack: exit 3), a hand-written threagile.yaml with a YAML
// syntax error or an anchors bomb (internal errors, exit 3: now findings on their lines, exit 1).
import assert from 'node:assert/strict';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';

describe('threats: inputs that held it (issue #84)', function () {
  this.timeout(120_000);

  it('a chain of 5,000 calls: every store reached, no stack overflow', async () => {
    const n = 5000;
    const services = Array.from({ length: n }, (_, i) => (i < n - 1 ? `  s${i}:\n    image: ghcr.io/x/s:1\n    environment:\n      NEXT_URL: http://s${i + 1}:8080\n` : `  s${i}:\n    image: postgres:16\n`));
    const tree = makeTree({ 'compose.yaml': `services:\n${services.join('')}` });
    try {
      const { code, out, err } = await runCli(['threats', '.', '--format', 'model'], tree.root);
      assert.equal(code, 1, err);
      assert.equal(err, '');
      const model = JSON.parse(out) as { stores: { id: string }[]; links: unknown[] };
      assert.deepEqual(model.stores.map((s) => s.id), [`compose:.:s${n - 1}`]);
      assert.equal(model.links.length, n - 1);
      const threagile = (await runCli(['threats', '.', '--format', 'threagile'], tree.root)).out;
      // The first of the chain processes the store's data at its end (what `reach` computes).
      assert.match(threagile, new RegExp(`^ {2}s0:\\n(?: {4}.*\\n)*? {4}data_assets_processed:\\n {6}- compose-s${n - 1}-data$`, 'm'));
    } finally {
      tree.remove();
    }
  });

  it('a threagile.yaml with a YAML syntax error: a finding on its line, exit 1', async () => {
    const tree = makeTree({ 'threagile.yaml': 'threagile_version: 1.0.0\ntitle: x\ntechnical_assets: [\n' });
    try {
      const { code, out, err } = await runCli(['threats', 'threagile.yaml', '--format', 'json'], tree.root);
      assert.equal(code, 1);
      assert.match(err, /^threagile\.yaml:4: the Threagile model cannot be read: Flow sequence in block collection must be sufficiently indented and end with a \] at line 4, column 1:$/m);
      const json = JSON.parse(out) as { risks: unknown[]; problems: { file: string; line: number; message: string }[] };
      assert.deepEqual(json.risks, []);
      assert.deepEqual(json.problems.map((p) => [p.file, p.line]), [['threagile.yaml', 4]]);
    } finally {
      tree.remove();
    }
  });

  it('a threagile.yaml anchors bomb: a finding on the first alias, exit 1', async () => {
    let text = 'threagile_version: 1.0.0\ntitle: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`;
    const tree = makeTree({ 'threagile.yaml': text });
    try {
      const { code, err } = await runCli(['threats', 'threagile.yaml'], tree.root);
      assert.equal(code, 1);
      assert.match(err, /^threagile\.yaml:4: the Threagile model cannot be read: Excessive alias count indicates a resource exhaustion attack$/m);
    } finally {
      tree.remove();
    }
  });

  it('a risk_tracking key `unencrypted-asset@*a*a*a*a*a*ab` beside an asset id of 300 `a`: answered (it ran until killed)', async () => {
    const model = `threagile_version: 1.0.0
title: wildcard
date: "2024-01-01"
author:
  name: x
business_criticality: important
data_assets:
  Cards:
    id: cards
    usage: business
    quantity: many
    confidentiality: strictly-confidential
    integrity: critical
    availability: critical
technical_assets:
  Store:
    id: ${'a'.repeat(300)}
    type: datastore
    usage: business
    size: component
    technology: database
    machine: virtual
    encryption: none
    confidentiality: strictly-confidential
    integrity: critical
    availability: critical
    data_assets_stored: [cards]
risk_tracking:
  "unencrypted-asset@*a*a*a*a*a*ab":
    status: accepted
    justification: x
`;
    const tree = makeTree({ 'threagile.yaml': model });
    try {
      const { code, out } = await runCli(['threats', 'threagile.yaml', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const risks = (JSON.parse(out) as { risks: { id: string; status: string }[] }).risks;
      // The key ends with `b`: it tracks nothing, the asset's risk is raised.
      assert.deepEqual(risks.map((r) => [r.id, r.status]), [[`unencrypted-asset@${'a'.repeat(300)}`, 'unchecked'], [`missing-vault@${'a'.repeat(300)}`, 'unchecked']]);
    } finally {
      tree.remove();
    }
  });
});
