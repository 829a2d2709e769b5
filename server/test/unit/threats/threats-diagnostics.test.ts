// The derived risks as diagnostics (issue #65, threats/feature.ts): in `archipel check` on the planted
// insecure stack every rule fires on the lines `archipel threats` places it, once, and none on its
// hardened twin; quiet where the workspace does not ask (no Fides manifest, no threat in a register);
// incremental (an edit that changes none of the facts makes no new analysis); the quick fix that
// tracks a risk in the AMDEC register.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { copyTree } from '../../tempdir';
import { TestWorkspace } from '../../workspace';
import { threatStats } from '../../../src/threats/workspace';

// missing-network-segmentation is not among them: the stack is a Compose project of one network (threats-precision.test.ts).
const RULES = ['unguarded-access-from-internet', 'unencrypted-communication', 'unencrypted-asset', 'missing-authentication', 'unguarded-direct-datastore-access', 'missing-vault', 'accidental-secret-leak', 'container-platform-escape', 'push-instead-of-pull-deployment'];

/** The shop classifies its data: the web service's Fides system reads its orders (e-mail addresses). */
const FIDES = 'system:\n  - fides_key: web\n    name: web\n    system_type: Service\n    dataset_references: [orders]\n    privacy_declarations:\n      - name: Sell to customers\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n        retention_period: 3 years\n';

interface Checked {
  file: string;
  range: Diagnostic['range'];
  severity: string;
  code: string;
  message: string;
}

async function checkThreats(folder: string, extra: Record<string, string>): Promise<{ found: Checked[]; derived: string[] }> {
  const tree = copyTree(path.join(fixturesDir, 'threats', folder));
  try {
    for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(tree.root, name), text);
    const { out } = await runCli(['check', '.', '--format', 'json'], tree.root);
    const found = (JSON.parse(out) as Checked[]).filter((d) => d.code.startsWith('threat-'));
    const threats = await runCli(['threats', '.', '--format', 'json'], tree.root);
    const derived = (JSON.parse(threats.out) as { risks: { rule: string; sources: { file: string; line: number }[] }[] }).risks.flatMap((r) => r.sources.map((s) => `${s.file}:${s.line} ${r.rule}`));
    return { found, derived };
  } finally {
    tree.remove();
  }
}

const at = (d: Checked) => `${d.file}:${d.range.start.line + 1} ${d.code}`;

describe('threats: the derived risks as diagnostics', function () {
  this.timeout(120_000);

  it('the insecure stack: every rule fires in check, on the lines archipel threats gives, each once', async () => {
    const { found, derived } = await checkThreats('insecure', { 'shop.fides.yml': FIDES });
    for (const rule of RULES) assert.ok(found.some((d) => d.code === `threat-${rule}`), rule);
    assert.deepEqual(found.map(at).sort(), [...new Set(derived)].sort(), 'the same risks on the same lines');
    assert.equal(new Set(found.map((d) => `${at(d)} ${d.message}`)).size, found.length, 'each once');
    const place = (code: string) => found.filter((d) => d.code === `threat-${code}`).map((d) => `${d.file}:${d.range.start.line + 1}`);
    assert.deepEqual(place('accidental-secret-leak'), ['compose.yaml:19'], 'POSTGRES_PASSWORD written in the file');
    assert.deepEqual(place('container-platform-escape'), ['compose.yaml:13'], 'the Docker socket mounted');
    assert.deepEqual(place('unguarded-direct-datastore-access'), ['compose.yaml:17'], "the database's port published");
    assert.deepEqual(place('push-instead-of-pull-deployment'), ['.github/workflows/deploy.yml:8'], 'kubectl apply from CI');
    // STRIDE, likelihood × impact, the attack path, the tracking key: all in the message.
    const link = found.find((d) => d.code === 'threat-unencrypted-communication' && d.range.start.line === 6)!;
    assert.match(link.message, /STRIDE information-disclosure; likelihood unlikely × impact high: medium\. Attack path: Internet → web → db\. Risk tracking key: unencrypted-communication@/);
    assert.equal(found.find((d) => d.code === 'threat-missing-vault')!.severity, 'information');
  });

  it('its hardened twin: no threat diagnostic', async () => {
    const { found } = await checkThreats('hardened', { 'shop.fides.yml': FIDES });
    assert.deepEqual(found.map(at), []);
  });

  it('quiet unless asked: a workspace that neither classifies its data nor tracks threats gets none', async () => {
    const { found, derived } = await checkThreats('insecure', {});
    assert.ok(derived.length > 0, 'archipel threats still reports them');
    assert.deepEqual(found.map(at), []);
  });

  it('missing-vault only where a store holds classified data', async () => {
    // A register tracking one threat asks for the diagnostics; no store is classified: no missing-vault.
    const register = 'kind: amdec\nmethod: rpn\ntitle: Shop risks\nthreshold: 1000\nrisks:\n  - id: T-01\n    category: technical\n    item: web\n    failure_mode: Secret written in a file\n    effect: leak\n    cause: a literal\n    severity: 5\n    occurrence: 2\n    detection: 5\n    rpn: 50\n    justification: A test password\n    x-threat: accidental-secret-leak@*\n';
    const { found } = await checkThreats('insecure', { 'risks.amdec.yaml': register });
    assert.ok(found.length > 0);
    assert.ok(!found.some((d) => d.code === 'threat-missing-vault'));
    assert.ok(!found.some((d) => d.code === 'threat-accidental-secret-leak'), 'accepted in the register: not raised');
  });
});

describe('threats: incremental, and the quick fix', () => {
  const compose = 'services:\n  web:\n    image: ghcr.io/example/shop-web:1.0\n    ports:\n      - "8080:8080"\n    environment:\n      DATABASE_URL: postgres://shop:${DB_PASSWORD:-x}@db:5432/shop\n  db:\n    image: postgres:16\n';
  const register = 'kind: amdec\nmethod: rpn\ntitle: Shop risks\nthreshold: 1000\nrisks:\n  - id: T-01\n    category: technical\n    item: web\n    failure_mode: Missing vault\n    effect: leak\n    cause: no vault\n    severity: 5\n    occurrence: 2\n    detection: 5\n    rpn: 50\n    justification: Accepted for the test\n    x-threat: missing-vault@*\n';
  const files = { 'file:///shop/compose.yaml': compose, 'file:///shop/risks.amdec.yaml': register, 'file:///shop/README.md': '# Shop\n' };

  it('an edit that changes none of the facts makes no new analysis; one that does, makes one', () => {
    const workspace = new TestWorkspace(files);
    const first = workspace.diagnose('file:///shop/compose.yaml').filter((d) => String(d.code).startsWith('threat-'));
    assert.ok(first.length > 0);
    const made = threatStats.analyses;
    workspace.update('file:///shop/README.md', '# Shop\n\nThe shop.\n');
    workspace.diagnose('file:///shop/compose.yaml');
    // A comment at the end of the Compose file: its lines above, its blocks' evidence unchanged.
    workspace.update('file:///shop/compose.yaml', `${compose}# the shop\n`);
    const again = workspace.diagnose('file:///shop/compose.yaml').filter((d) => String(d.code).startsWith('threat-'));
    assert.equal(threatStats.analyses, made, 'the analysis kept');
    assert.deepEqual(again, first);
    // TLS on the database's address: the facts change, the analysis is made again.
    workspace.update('file:///shop/compose.yaml', compose.replace('/shop\n', '/shop?sslmode=verify-full\n'));
    const tls = workspace.diagnose('file:///shop/compose.yaml').filter((d) => String(d.code).startsWith('threat-'));
    assert.equal(threatStats.analyses, made + 1);
    assert.ok(!tls.some((d) => d.code === 'threat-unencrypted-communication' && d.range.start.line === 6));
  });

  it('the quick fix tracks the risk in the AMDEC register, and it is no longer raised', () => {
    const workspace = new TestWorkspace(files);
    const risks = workspace.diagnose('file:///shop/compose.yaml').filter((d) => d.code === 'threat-unguarded-access-from-internet');
    assert.equal(risks.length, 1);
    const action = workspace.codeActions('file:///shop/compose.yaml', risks).find((a) => a.title === 'Track this risk in the risk register (risks.amdec.yaml)');
    assert.ok(action, 'the quick fix');
    const text = workspace.apply('file:///shop/risks.amdec.yaml', action);
    assert.match(text, /\n {2}- id: T-02\n {4}category: technical\n {4}item: "web"\n/);
    assert.match(text, /x-threat: "unguarded-access-from-internet@/);
    workspace.update('file:///shop/risks.amdec.yaml', text.replace(/(x-threat: "unguarded-access-from-internet@)/, 'justification: Behind the office VPN\n    $1'));
    assert.ok(!workspace.diagnose('file:///shop/compose.yaml').some((d) => d.code === 'threat-unguarded-access-from-internet'));
  });

  it('the quick fix writes valid YAML into a flow register that does not end the file (`risks: []` then `threshold:`)', () => {
    const flowRegister = 'kind: amdec\nmethod: rpn\ntitle: Shop risks\nrisks: []\nthreshold: 1000\n';
    const asking = new TestWorkspace({ ...files, 'file:///shop/risks.amdec.yaml': flowRegister, 'file:///shop/other.amdec.yaml': register });
    const raised = asking.diagnose('file:///shop/compose.yaml').filter((d) => d.code === 'threat-unguarded-access-from-internet');
    assert.equal(raised.length, 1);
    // Two AMDEC files, one holding threats: that one takes it.
    const action = asking.codeActions('file:///shop/compose.yaml', raised).find((a) => a.title === 'Track this risk in the risk register (other.amdec.yaml)');
    assert.ok(action);
    const only = new TestWorkspace({ 'file:///shop/compose.yaml': compose, 'file:///shop/risks.amdec.yaml': flowRegister, 'file:///shop/systems.fides.yml': 'system:\n  - fides_key: web\n    name: web\n    system_type: Service\n    privacy_declarations:\n      - name: Shop\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n' });
    const onlyRisks = only.diagnose('file:///shop/compose.yaml').filter((d) => d.code === 'threat-unguarded-access-from-internet');
    assert.equal(onlyRisks.length, 1);
    const fix = only.codeActions('file:///shop/compose.yaml', onlyRisks).find((a) => a.title === 'Track this risk in the risk register (risks.amdec.yaml)');
    assert.ok(fix, 'the only AMDEC file, its `risks: []` not at the end');
    const text = only.apply('file:///shop/risks.amdec.yaml', fix);
    const parsed = parse(text) as { risks: { id: string; 'x-threat': string }[]; threshold: number };
    assert.deepEqual(parsed.risks.map((r) => r.id), ['T-01']);
    assert.match(parsed.risks[0]['x-threat'], /^unguarded-access-from-internet@/);
    assert.equal(parsed.threshold, 1000);
  });
});
