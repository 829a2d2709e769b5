// The security model derived from the deploy files (issue #65) and `archipel threats`: a stack of
// our own (Compose + Kubernetes + Terraform + a workflow) where each of the ten rules fires on the
// line that causes it, its hardened twin with none; GoogleCloudPlatform's microservices-demo (its
// LoadBalancer frontend, plaintext gRPC) and bank-of-anthos (its ledger and accounts stores, the
// password in a ConfigMap); the JSON contract exactly; the Threagile export valid against
// Threagile's schema; the risk register's loop (a treated risk is not raised; --amdec appends).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { copyTree, makeTree } from '../../tempdir';

interface Risk {
  rule: string;
  stride: string;
  severity: string;
  title: string;
  elements: string[];
  sources: { file: string; line: number }[];
}

async function threats(args: string[], cwd = path.join(fixturesDir, 'threats')): Promise<{ code: number; risks: Risk[]; out: string }> {
  const { code, out } = await runCli(['threats', ...args, '--format', 'json'], cwd);
  // Files are relative to the repository (issue #78), not to the current folder: read here from `cwd`.
  const relative = path.relative(repoRoot, cwd);
  const prefix = relative.startsWith('..') ? '' : `${relative.split(path.sep).join('/')}/`;
  const risks = (JSON.parse(out) as { risks: Risk[] }).risks.map((risk) => ({ ...risk, sources: risk.sources.map((s) => {
    assert.ok(s.file.startsWith(prefix), s.file);
    return { ...s, file: s.file.slice(prefix.length) };
  }) }));
  return { code, risks, out };
}

const firedAt = (risks: Risk[], rule: string) => risks.filter((r) => r.rule === `threat-${rule}`).flatMap((r) => r.sources.map((s) => `${s.file}:${s.line}`));

// missing-network-segmentation is not among them: the stack is a Compose project of one network (threats-precision.test.ts).
const RULES = ['unguarded-access-from-internet', 'unencrypted-communication', 'unencrypted-asset', 'missing-authentication', 'unguarded-direct-datastore-access', 'missing-vault', 'accidental-secret-leak', 'container-platform-escape', 'push-instead-of-pull-deployment'];

describe('threats: the security model derived from the deploy files', function () {
  this.timeout(120_000);

  it('the JSON contract exactly: {"risks":[{"rule","stride","severity","title","elements","sources":[{"file","line"}],"id","likelihood","impact","status","cwe","mitigation"}]}', async () => {
    const { out, risks } = await threats(['insecure']);
    assert.deepEqual(Object.keys(JSON.parse(out) as object), ['risks']);
    assert.ok(risks.length > 0);
    for (const risk of risks) {
      assert.deepEqual(Object.keys(risk), ['rule', 'stride', 'severity', 'title', 'elements', 'sources', 'id', 'likelihood', 'impact', 'status', 'cwe', 'mitigation']);
      for (const source of risk.sources) assert.deepEqual(Object.keys(source), ['file', 'line']);
    }
  });

  it('a stack of our own: every rule fires, on the line that causes it', async () => {
    const { code, risks } = await threats(['insecure']);
    assert.equal(code, 1, 'elevated risks: exit 1');
    for (const rule of RULES) assert.ok(firedAt(risks, rule).length > 0, rule);
    assert.ok(firedAt(risks, 'unguarded-access-from-internet').includes('insecure/compose.yaml:5'), 'the web port published');
    assert.deepEqual(firedAt(risks, 'unguarded-direct-datastore-access'), ['insecure/compose.yaml:17'], "the database's port published");
    assert.ok(firedAt(risks, 'unencrypted-communication').includes('insecure/compose.yaml:7'), 'postgres:// without sslmode');
    assert.ok(firedAt(risks, 'missing-authentication').includes('insecure/compose.yaml:11'), 'redis:// without a password');
    assert.ok(firedAt(risks, 'unencrypted-asset').includes('insecure/infra/main.tf:1'), 'RDS without storage_encrypted');
    assert.ok(firedAt(risks, 'unguarded-access-from-internet').includes('insecure/infra/main.tf:8'), 'publicly_accessible = true');
    assert.deepEqual(firedAt(risks, 'accidental-secret-leak'), ['insecure/compose.yaml:19'], 'POSTGRES_PASSWORD written in the file');
    assert.deepEqual(firedAt(risks, 'container-platform-escape'), ['insecure/compose.yaml:13'], 'the Docker socket mounted');
    assert.deepEqual(firedAt(risks, 'push-instead-of-pull-deployment'), ['insecure/.github/workflows/deploy.yml:8'], 'kubectl apply from CI');
    // Issue #78: Threagile's rules the deploy files decide, beside the first ten.
    assert.deepEqual(firedAt(risks, 'missing-waf'), ['insecure/compose.yaml:5'], 'the web published with no WAF in front');
    assert.deepEqual(firedAt(risks, 'unchecked-deployment'), ['insecure/.github/workflows/deploy.yml:8'], 'the workflow that deploys');
    const web = risks.find((r) => r.rule === 'threat-unencrypted-communication' && r.sources.some((s) => s.line === 7))!;
    assert.equal(web.stride, 'information-disclosure');
    assert.deepEqual(web.elements.map((e) => e.split(':').pop()), ['internet', 'web', 'db'], 'the attack path Internet → web → db');
  });

  it('its hardened twin: no risk', async () => {
    const { code, risks } = await threats(['hardened']);
    assert.deepEqual(risks, []);
    assert.equal(code, 0);
  });

  it('microservices-demo: the LoadBalancer frontend unguarded, plaintext links to the Redis cart', async () => {
    const { risks } = await threats(['GoogleCloudPlatform+microservices-demo'], path.join(fixturesDir, 'oss', 'system'));
    const unguarded = risks.filter((r) => r.rule === 'threat-unguarded-access-from-internet');
    assert.ok(unguarded.some((r) => r.elements.some((e) => e.endsWith('/frontend')) && r.sources.some((s) => s.file.endsWith('kubernetes-manifests/frontend.yaml'))), JSON.stringify(unguarded.map((r) => r.sources)));
    assert.ok(risks.some((r) => r.rule === 'threat-unencrypted-communication' && r.elements.at(-1)!.endsWith('/redis-cart') && r.elements[0] === 'internet'), 'Internet → frontend → cartservice → redis-cart');
  });

  it('bank-of-anthos: its ledger and accounts stores, the password in a ConfigMap', async () => {
    const cwd = path.join(fixturesDir, 'oss', 'system');
    const { out } = await runCli(['threats', 'GoogleCloudPlatform+bank-of-anthos', '--format', 'model'], cwd);
    const model = JSON.parse(out) as { stores: { name: string }[] };
    for (const store of ['accounts-db', 'ledger-db']) assert.ok(model.stores.some((s) => s.name === store), store);
    const { risks } = await threats(['GoogleCloudPlatform+bank-of-anthos'], cwd);
    assert.ok(firedAt(risks, 'accidental-secret-leak').includes('GoogleCloudPlatform+bank-of-anthos/kubernetes-manifests/accounts-db.yaml:19'));
    assert.ok(risks.some((r) => r.rule === 'threat-unencrypted-communication' && r.elements.at(-1)!.endsWith('/ledger-db')));
  });

  it("the derived model as a threagile.yaml that Threagile's schema accepts", async () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/threagile/schema.json'), 'utf8')) as Record<string, unknown>;
    // The schema says `id` (draft-04) under a draft-07 `$schema` (https, which Ajv does not know by that name).
    const { id, $schema: _draft, ...rest } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile({ ...rest, $id: String(id) });
    for (const [folder, cwd] of [['insecure', path.join(fixturesDir, 'threats')], ['hardened', path.join(fixturesDir, 'threats')], ['GoogleCloudPlatform+microservices-demo', path.join(fixturesDir, 'oss', 'system')], ['examples/portfolio', repoRoot]] as const) {
      const { out } = await runCli(['threats', folder, '--format', 'threagile'], cwd);
      const document = parse(out, { version: '1.2', merge: true }) as unknown;
      assert.ok(validate(document), `${folder}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  it('the risk register closes the loop: --amdec appends, a treated or accepted risk is not raised again', async () => {
    const tree = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
    try {
      const register = path.join(tree.root, 'risks.amdec.yaml');
      writeFileSync(register, 'kind: amdec\nmethod: rpn\ntitle: Shop risks\nthreshold: 1000\nrisks:\n');
      const before = await threats(['.'], tree.root);
      await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], tree.root);
      const text = readFileSync(register, 'utf8');
      assert.equal((text.match(/x-threat:/g) ?? []).length, before.risks.length, 'one AMDEC risk a threat');
      assert.match(text, /- id: T-01\n {4}category: technical\n {4}item: /);
      // Accept the first with a justification, treat the second with a done action.
      const risks = text.split('\n  - id: ');
      risks[1] = risks[1].replace('    detection: 5', '    detection: 5\n    justification: The web port is only reachable on the office network');
      risks[2] = risks[2].replace('    detection: 5', '    detection: 5\n    actions:\n      - {id: A-1, action: Put a proxy in front, owner: ops, due: 2027-01-31, status: done}');
      writeFileSync(register, risks.join('\n  - id: '));
      const after = await threats(['.'], tree.root);
      assert.equal(after.risks.length, before.risks.length - 2);
      const all = await threats(['.', '--all'], tree.root);
      assert.equal(all.risks.length, before.risks.length);
    } finally {
      tree.remove();
    }
  });
});

describe('threats: the privacy facts on the stores', function () {
  this.timeout(120_000);

  it('a store the Fides system calling it declares card data for is strictly confidential', async () => {
    const tree = makeTree({
      'compose.yaml': 'services:\n  fraud-scoring:\n    image: ghcr.io/example/fraud:1.0\n    environment:\n      DB_URL: postgres://fraud:${PW}@transactions-db:5432/tx?sslmode=verify-full\n  transactions-db:\n    image: postgres:16\n',
      'systems.fides.yml': 'system:\n  - fides_key: fraud_scoring\n    name: Fraud scoring\n    system_type: Service\n    dataset_references: [transactions]\n    privacy_declarations:\n      - name: Detect fraud\n        data_use: essential.fraud_detection\n        data_categories: [user.financial.credit_card, user.contact.email]\n        data_subjects: [customer]\n',
    });
    try {
      const { out } = await runCli(['threats', '.', '--format', 'model'], tree.root);
      const model = JSON.parse(out) as { stores: { name: string; categories: string[]; confidentiality: string }[]; links: { to: string; tls: boolean; credentials: boolean }[] };
      const store = model.stores.find((s) => s.name === 'transactions-db')!;
      assert.deepEqual(store.categories, ['user.contact.email', 'user.financial.credit_card']);
      assert.equal(store.confidentiality, 'strictly-confidential');
      const link = model.links.find((l) => l.to.endsWith(':transactions-db'))!;
      assert.deepEqual([link.tls, link.credentials], [true, true], 'sslmode=verify-full and a user in the URL');
    } finally {
      tree.remove();
    }
  });
});

describe("threats: a hand-written threagile.yaml (Threagile's demo)", function () {
  this.timeout(120_000);

  it('is read with no error, the same rules run on it, its risk_tracking honoured', async () => {
    const cwd = path.join(fixturesDir, 'oss', 'threagile');
    const raised = await threats(['threagile.yaml'], cwd);
    const all = await threats(['threagile.yaml', '--all'], cwd);
    // The demo's model as written: its Jenkins pushes, its Git repository, its unencrypted links.
    for (const rule of ['push-instead-of-pull-deployment', 'accidental-secret-leak', 'unencrypted-communication', 'missing-vault']) assert.ok(firedAt(raised.risks, rule).length > 0, rule);
    assert.ok(all.risks.length > raised.risks.length, 'tracked risks (mitigated, accepted) are not raised');
    const text = readFileSync(path.join(cwd, 'threagile.yaml'), 'utf8');
    for (const risk of raised.risks) for (const source of risk.sources) assert.match(text.split('\n')[source.line - 1], /^\s+id: /, `${risk.rule} on an asset's id line`);
  });
});
