// Fides manifests (issue #65): taxonomy keys checked with a did-you-mean fix, references between
// manifests, retention, transfers outside the EU/EEA or to external systems, completion and hover.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { PrivacyWorkspace } from './privacyWorkspace';

const dataset = `dataset:
  - fides_key: customers
    retention: 3 years after the last order
    collections:
      - name: customers
        fields:
          - name: email
            data_categories: [user.contact.email]
          - name: card
            data_categories:
              - user.financial.credit_card
`;

const system = `system:
  - fides_key: shop
    name: Shop
    system_type: Service
    ingress:
      - fides_key: customers
        type: dataset
    privacy_declarations:
      - name: Take orders
        data_use: essential.service
        data_categories: [user.contact.email]
        data_subjects: [customer]
`;

describe('privacy: Fides manifests', () => {
  it('a dataset and a system that name known keys and each other have no problem', () => {
    const ws = new PrivacyWorkspace({ 'customers.fides.yml': dataset, 'shop.yml': system });
    assert.deepEqual(ws.shown('customers.fides.yml'), []);
    assert.deepEqual(ws.shown('shop.yml'), []);
  });

  it('a misspelt category, use or subject: an error on the key with the closest one as a quick fix', () => {
    const text = system.replace('[user.contact.email]', '[user.contact.emial]').replace('essential.service\n', 'essential.servic\n').replace('[customer]', '[customers]');
    const ws = new PrivacyWorkspace({ 'customers.fides.yml': dataset, 'shop.yml': text });
    assert.deepEqual(ws.shown('shop.yml'), ['privacy-unknown-category: user.contact.emial', 'privacy-unknown-subject: customers', 'privacy-unknown-use: essential.servic']);
    assert.deepEqual(ws.messages('shop.yml', 'privacy-unknown-category'), ['Unknown data category "user.contact.emial": not in the fideslang taxonomy nor added by a manifest of the workspace. Did you mean "user.contact.email"?']);
    const [diagnostic] = ws.diagnose('shop.yml').filter((d) => d.code === 'privacy-unknown-category');
    assert.deepEqual(diagnostic.range, { start: { line: 10, character: 26 }, end: { line: 10, character: 44 } });
    assert.deepEqual(diagnostic.data, { replacement: 'user.contact.email' });
  });

  it('fideslang\'s demo manifests: the keys the current taxonomy no longer has, and a deprecated use with its replacement', () => {
    const demo = (name: string) => readFileSync(path.join(fixturesDir, 'oss', 'fides', name), 'utf8');
    const ws = new PrivacyWorkspace({ 'demo_dataset.yml': demo('demo_dataset.yml'), 'demo_system.yml': demo('demo_system.yml'), 'demo_extended_taxonomy.yml': demo('demo_extended_taxonomy.yml'), 'profiling.yml': system.replace('essential.service\n', 'personalize.profiling\n') });
    assert.deepEqual(ws.shown('demo_dataset.yml').filter((s) => !s.startsWith('privacy-no-retention')), ['privacy-unknown-category: user.contact.state']);
    assert.deepEqual(ws.shown('demo_system.yml').filter((s) => !s.startsWith('privacy-no-retention')), ['privacy-unknown-use: improve.system', 'privacy-unknown-category: user.cookie_id', 'privacy-unknown-use: advertising']);
    assert.deepEqual(ws.messages('demo_dataset.yml', 'privacy-unknown-category'), ['Unknown data category "user.contact.state": not in the fideslang taxonomy nor added by a manifest of the workspace. Did you mean "user.contact.address.state"?']);
    assert.deepEqual(ws.shown('demo_extended_taxonomy.yml'), ['privacy-unknown-use: third_party_sharing.personalized_advertising']);
    assert.deepEqual(ws.messages('profiling.yml', 'privacy-deprecated-key'), ['The data use "personalize.profiling" is deprecated since fideslang 2.1.1: use "personalize.content.profiling".']);
  });

  it('a key a manifest of the workspace adds is known', () => {
    const extension = 'data_category:\n  - fides_key: user.loyalty_card\n    parent_key: user\n';
    const ws = new PrivacyWorkspace({ 'taxonomy.fides.yml': extension, 'customers.fides.yml': dataset.replace('[user.contact.email]', '[user.loyalty_card]') });
    assert.deepEqual(ws.shown('customers.fides.yml'), []);
  });

  it('privacy-unknown-reference: a dataset no manifest defines, a meta.path to no file; privacy-duplicate-key', () => {
    const ws = new PrivacyWorkspace({ 'shop.yml': system, 'a.fides.yml': dataset.replace('    retention', '    meta: {path: data/customers.csv}\n    retention'), 'b.fides.yml': dataset }, { exists: () => false });
    assert.deepEqual(ws.shown('a.fides.yml'), ['privacy-duplicate-key: customers', 'privacy-unknown-reference: data/customers.csv']);
    assert.deepEqual(ws.messages('a.fides.yml', 'privacy-unknown-reference'), ['data/customers.csv does not exist: meta.path names the data file the dataset describes, relative to this manifest.']);
    const alone = new PrivacyWorkspace({ 'shop.yml': system });
    assert.deepEqual(alone.shown('shop.yml'), ['privacy-unknown-reference: customers', 'privacy-no-retention: Take orders']);
    assert.deepEqual(alone.messages('shop.yml', 'privacy-unknown-reference'), ['No Fides dataset "customers" in the workspace: expected the fides_key of a dataset a manifest defines.']);
  });

  it('privacy-duplicate-key within a Fides project (fides.toml): Fides\' sample project and its copy elsewhere; placeholders ignored', () => {
    // Files of ethyca/fides (fixtures/oss/fides-project/SOURCES.md): the sample project (its own fides.toml)
    // and the repository's copy of one of its datasets, two SaaS test datasets keyed `<instance_fides_key>`.
    const root = path.join(fixturesDir, 'oss', 'fides-project');
    const names = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    const manifests = names.filter((n) => n.endsWith('.yml')).sort();
    assert.deepEqual(manifests, [
      'data/dataset/postgres_example_test_extended_dataset.yml',
      'src/fides/data/sample_project/sample_resources/postgres_example_test_extended_dataset.yml',
      'tests/fixtures/saas/test_data/interruptible/interruptible_dataset.yml',
      'tests/fixtures/saas/test_data/saas_erasure_order_dataset.yml',
    ]);
    const files = Object.fromEntries(manifests.map((n) => [n, readFileSync(path.join(root, n), 'utf8')]));
    const keyFindings = (ws: PrivacyWorkspace) => manifests.flatMap((n) => ws.shown(n).filter((f) => /duplicate-key|unknown-reference/.test(f)).map((f) => `${n}: ${f}`));
    const on = (configs: readonly string[]) => new PrivacyWorkspace(files, { exists: (p) => configs.some((c) => p === `/ws/${c}`) });
    // Two projects: the repository's (.fides/fides.toml) and the sample's (its fides.toml): no duplicate.
    assert.deepEqual(keyFindings(on(names.filter((n) => n.endsWith('fides.toml')))), []);
    // Without the sample's configuration, one project: the copy is a duplicate of the other, both reported.
    assert.deepEqual(keyFindings(on(['.fides/fides.toml'])), [
      'data/dataset/postgres_example_test_extended_dataset.yml: privacy-duplicate-key: postgres_example_test_extended_dataset',
      'src/fides/data/sample_project/sample_resources/postgres_example_test_extended_dataset.yml: privacy-duplicate-key: postgres_example_test_extended_dataset',
    ]);
    // A placeholder is no key: two datasets `<instance_fides_key>` are no duplicate, a reference to one no unknown dataset.
    const ws = new PrivacyWorkspace({ ...files, 'saas_system.yml': system.replace('customers', '<instance_fides_key>') }, { exists: () => false });
    assert.deepEqual(ws.shown('saas_system.yml').filter((f) => f.includes('reference')), []);
    assert.deepEqual(keyFindings(ws).filter((f) => f.includes('instance')), []);
  });

  it('privacy-no-retention: on the collection holding personal data, and on a declaration whose datasets declare none', () => {
    const ws = new PrivacyWorkspace({ 'customers.fides.yml': dataset.replace('    retention: 3 years after the last order\n', ''), 'shop.yml': system });
    assert.deepEqual(ws.shown('customers.fides.yml'), ['privacy-no-retention: customers']);
    assert.deepEqual(ws.messages('customers.fides.yml', 'privacy-no-retention'), ['Collection customers holds personal data (user.contact.email, user.financial.credit_card) and no retention is declared for it: add `retention:` to the dataset, the collection or its fields.']);
    assert.deepEqual(ws.messages('shop.yml', 'privacy-no-retention'), ['The privacy declaration "Take orders" processes personal data (user.contact.email) with no retention_period, and no dataset it reads declares a retention.']);
    // A retention on each personal field is enough; so is the declaration's retention_period.
    const fields = dataset.replace('    retention: 3 years after the last order\n', '').replace('[user.contact.email]', '[user.contact.email]\n            retention: 1 year').replace('              - user.financial.credit_card\n', '              - user.financial.credit_card\n            retention: 1 year\n');
    const covered = new PrivacyWorkspace({ 'customers.fides.yml': fields, 'shop.yml': system.replace('        data_subjects: [customer]\n', '        data_subjects: [customer]\n        retention_period: 1 year\n') });
    assert.deepEqual(covered.shown('customers.fides.yml'), []);
    assert.deepEqual(covered.shown('shop.yml'), []);
  });

  it('privacy-undeclared-transfer: to an external system, to a system in a region outside the EU/EEA, a system or a dataset stored there', () => {
    const egress = (key: string) => system.replace('    privacy_declarations:', `    egress:\n      - fides_key: ${key}\n        type: system\n    privacy_declarations:`);
    const us = 'system:\n  - fides_key: analytics_us\n    system_type: Service\n    meta: {region: us-east-1}\n    privacy_declarations: []\n';
    const ws = new PrivacyWorkspace({ 'customers.fides.yml': dataset, 'shop.yml': egress('mailer'), 'us.yml': us, 'shop2.yml': egress('analytics_us').replace('fides_key: shop', 'fides_key: shop2') });
    assert.deepEqual(ws.shown('shop.yml'), ['privacy-undeclared-transfer: mailer']);
    assert.deepEqual(ws.messages('shop.yml', 'privacy-undeclared-transfer'), ['System shop sends personal data (user.contact.email) to mailer, a system the workspace does not describe (an external system), and declares no sharing: set data_shared_with_third_parties and third_parties on its privacy declaration, or describe mailer in a manifest.']);
    assert.deepEqual(ws.messages('shop2.yml', 'privacy-undeclared-transfer'), ['System shop2 sends personal data (user.contact.email) to analytics_us, in us-east-1 (outside the EU/EEA), with no transfer declared: set does_international_transfers: true and legal_basis_for_transfers.']);
    // Declared: no finding.
    const declared = egress('analytics_us').replace('    egress:', '    does_international_transfers: true\n    legal_basis_for_transfers: SCCs\n    egress:');
    const shared = egress('mailer').replace('        data_subjects: [customer]\n', '        data_subjects: [customer]\n        data_shared_with_third_parties: true\n        third_parties: Mailer Inc.\n');
    const clean = new PrivacyWorkspace({ 'customers.fides.yml': dataset, 'shop.yml': declared, 'us.yml': us, 'mail.yml': shared.replace('fides_key: shop\n', 'fides_key: shop3\n') });
    assert.deepEqual(clean.shown('shop.yml'), []);
    assert.deepEqual(clean.shown('mail.yml'), []);
    // A system or a dataset whose own region is outside.
    const here = new PrivacyWorkspace({ 'customers.fides.yml': dataset.replace('    retention', '    meta: {region: asia-northeast1}\n    retention'), 'shop.yml': system.replace('    system_type: Service\n', '    system_type: Service\n    meta:\n      location: US\n') });
    assert.deepEqual(here.shown('shop.yml'), ['privacy-undeclared-transfer: US']);
    assert.deepEqual(here.shown('customers.fides.yml'), ['privacy-undeclared-transfer: asia-northeast1']);
    assert.deepEqual(here.messages('customers.fides.yml', 'privacy-undeclared-transfer'), ['Dataset customers stores personal data (user.contact.email, user.financial.credit_card) in asia-northeast1, outside the EU/EEA, and no system reading it declares the transfer (does_international_transfers: true and legal_basis_for_transfers).']);
  });

  it('privacy-transfer-without-safeguard: a transfer outside the EU/EEA said (third_country_transfers, does_international_transfers) with no legal_basis_for_transfers, on its line (#78)', () => {
    const us = 'system:\n  - fides_key: analytics_us\n    system_type: Service\n    meta: {region: us-east-1}\n    privacy_declarations: []\n';
    const toUs = system.replace('    privacy_declarations:', '    does_international_transfers: true\n    egress:\n      - fides_key: analytics_us\n        type: system\n    privacy_declarations:');
    const thirds = system.replace('    privacy_declarations:', '    third_country_transfers: [FRA, USA, GBR]\n    privacy_declarations:').replace('fides_key: shop\n', 'fides_key: shop2\n');
    const ws = new PrivacyWorkspace({ 'customers.fides.yml': dataset, 'us.yml': us, 'shop.yml': toUs, 'shop2.yml': thirds });
    // Said but with no basis: this rule, not privacy-undeclared-transfer (one decision, one finding).
    assert.deepEqual(ws.shown('shop.yml'), ['privacy-transfer-without-safeguard: does_international_transfers']);
    assert.deepEqual(ws.messages('shop.yml', 'privacy-transfer-without-safeguard'), ['System shop declares transfers outside the EU/EEA with no safeguard: set legal_basis_for_transfers (Adequacy Decision, SCCs, BCRs).']);
    assert.deepEqual(ws.shown('shop2.yml'), ['privacy-transfer-without-safeguard: USA']);
    assert.deepEqual(ws.messages('shop2.yml', 'privacy-transfer-without-safeguard'), ['System shop2 transfers data to USA, GBR, outside the EU/EEA, with no safeguard: set legal_basis_for_transfers (Adequacy Decision, SCCs, BCRs).']);
    // With a basis, or only EEA countries: none.
    const clean = new PrivacyWorkspace({ 'customers.fides.yml': dataset, 'us.yml': us, 'shop.yml': toUs.replace('    egress:', '    legal_basis_for_transfers: [SCCs]\n    egress:'), 'shop2.yml': thirds.replace('[FRA, USA, GBR]', '[FRA, DEU, NOR]') });
    assert.deepEqual([clean.shown('shop.yml'), clean.shown('shop2.yml')], [[], []]);
  });

  it('completes categories, uses and subjects where a manifest names them, with the taxonomy\'s names', () => {
    const ws = new PrivacyWorkspace({});
    const inList = ws.completion('c.fides.yml', dataset.replace('[user.contact.email]', '[user.contact.em|]'));
    const email = inList.find((i) => i.label === 'user.contact.email');
    assert.equal(email?.detail, 'User Contact Email');
    assert.deepEqual(email?.textEdit, { range: { start: { line: 7, character: 30 }, end: { line: 7, character: 45 } }, newText: 'user.contact.email' });
    assert.equal(inList.length, 85);
    const item = ws.completion('c.fides.yml', dataset.replace('              - user.financial.credit_card', '              - user.fin|'));
    assert.ok(item.some((i) => i.label === 'user.financial.credit_card'));
    const use = ws.completion('s.yml', system.replace('data_use: essential.service', 'data_use: ess|'));
    assert.equal(use.length, 55, 'every data use but the deprecated one');
    assert.ok(use.some((i) => i.label === 'essential.fraud_detection'));
    assert.equal(ws.completion('s.yml', system.replace('[customer]', '[cu|]')).length, 15);
    assert.deepEqual(ws.completion('s.yml', system.replace('name: Shop', 'name: Sh|')), []);
  });

  it('hovers a key with its name and description from the taxonomy', () => {
    const ws = new PrivacyWorkspace({});
    const hover = ws.hover('c.fides.yml', dataset.replace('[user.contact.email]', '[user.contact.em|ail]'));
    assert.deepEqual(hover?.range, { start: { line: 7, character: 30 }, end: { line: 7, character: 48 } });
    assert.match((hover?.contents as { value: string }).value, /^\*\*User Contact Email\*\* — `user\.contact\.email`\n\nUser's contact email address\.$/);
  });

  it('a file the YAML reader cannot take (a stack-deep flow) costs no other file its findings', () => {
    const ws = new PrivacyWorkspace({ 'deep.yml': `dataset:\n  - args: [${': a'.repeat(30_000)}\n`, 'shop.yml': system });
    assert.deepEqual(ws.shown('shop.yml'), ['privacy-unknown-reference: customers', 'privacy-no-retention: Take orders']);
  });

  it('is not a Fides manifest: other YAML with a dataset key', () => {
    const ws = new PrivacyWorkspace({ 'compose.yml': 'services:\n  web: {image: nginx}\ndataset: [user.contact.emial]\n' });
    assert.deepEqual(ws.shown('compose.yml'), []);
  });
});
