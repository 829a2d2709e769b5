// `archipel privacy` (issue #65): the JSON contract exactly, the text report with the rules'
// findings, the record of processing (Markdown, CSV), `privacy init` never overwriting, Parquet and
// JSON Lines read as CSV is, and the example's classified dataset.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { privacyCommand } from '../../../src/cli/privacy';
import { addCatalogue, currentLanguage, setLanguage } from '../../../src/l10n/t';
import { frPrivacy } from '../../../src/privacy/fr';
import { privacyInventory } from '../../../src/privacy/inventory';
import { recordOfProcessing, ropaMarkdown } from '../../../src/privacy/ropa';
import { countryOf } from '../../../src/privacy/regions';
import { FRENCH_TAXONOMY_NAMES, FRENCH_USE_NAMES } from '../../../src/privacy/taxonomyFr';
import { repoRoot } from '../../helpers';
import { copyTree, makeTree } from '../../tempdir';
import { PrivacyWorkspace, realTaxonomy } from './privacyWorkspace';

async function runPrivacy(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const previous = process.cwd();
  let out = '';
  let err = '';
  process.chdir(cwd);
  try {
    const code = await privacyCommand(args, { out: (text) => (out += text + '\n'), err: (text) => (err += text + '\n'), root: repoRoot });
    return { code, out, err };
  } finally {
    process.chdir(previous);
  }
}

const csv = 'order_id,email,card_number,amount\n1659844177734850,ana@example.com,4111111111111111,12.50\n2024155294905698,bob@example.org,5555555555554444,8.00\n';
const manifest = `dataset:
  - fides_key: orders
    retention: 1 year
    meta: {path: orders.csv}
    collections:
      - name: orders
        fields:
          - name: email
            data_categories: [user.contact.email]
system:
  - fides_key: shop
    system_type: Service
    ingress:
      - fides_key: orders
        type: dataset
    privacy_declarations:
      - name: Take orders
        data_use: essential.service.payment_processing
        data_categories: [user.contact.email, user.financial.credit_card]
        data_subjects: [customer]
        legal_basis_for_processing: Contract
`;

describe('CLI: archipel privacy', function () {
  this.timeout(120_000);

  it('--format json is the contract: {"assets":[{"file","fields":[{"name","categories"}]}],"flows":[{"from","to","categories","via":{"file","line"}}]}', async () => {
    const tree = makeTree({ 'data/orders.csv': csv, 'data/orders.fides.yml': manifest });
    try {
      const { code, out } = await runPrivacy(['data', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(out), {
        assets: [{ file: 'data/orders.csv', fields: [{ name: 'order_id', categories: [] }, { name: 'email', categories: ['user.contact.email'] }, { name: 'card_number', categories: ['user.financial.credit_card'] }, { name: 'amount', categories: [] }] }],
        flows: [
          { from: 'data/orders.csv', to: 'dataset:orders', categories: ['user.contact.email'], via: { file: 'data/orders.fides.yml', line: 4 } },
          { from: 'dataset:orders', to: 'system:shop', categories: ['user.contact.email', 'user.financial.credit_card'], via: { file: 'data/orders.fides.yml', line: 14 } },
        ],
      });
    } finally {
      tree.remove();
    }
  });

  it('the text report: each file\'s personal fields, the flows, the rules\' findings on their lines', async () => {
    const tree = makeTree({ 'orders.csv': csv, 'shop.fides.yml': manifest.replace('    retention: 1 year\n', '').replace('[customer]', '[customers]') });
    try {
      const { code, out } = await runPrivacy([], tree.root);
      assert.equal(code, 1, 'an unknown subject is an error');
      assert.equal(out, [
        'orders.csv (csv, 2 rows sampled: every row)',
        '  email        user.contact.email',
        '  card_number  user.financial.credit_card',
        '',
        'Flows of personal data:',
        '  orders.csv → dataset:orders  [user.contact.email]  (shop.fides.yml:3)',
        '  dataset:orders → system:shop  [user.contact.email, user.financial.credit_card]  (shop.fides.yml:13)',
        '',
        'shop.fides.yml:5:15 warning privacy-no-retention Collection orders holds personal data (user.contact.email) and no retention is declared for it: add `retention:` to the dataset, the collection or its fields.',
        'shop.fides.yml:16:15 warning privacy-no-retention The privacy declaration "Take orders" processes personal data (user.contact.email, user.financial.credit_card) with no retention_period, and no dataset it reads declares a retention.',
        'shop.fides.yml:19:25 error privacy-unknown-subject Unknown data subject "customers": not in the fideslang taxonomy nor added by a manifest of the workspace. Did you mean "customer"?',
        '',
      ].join('\n'));
    } finally {
      tree.remove();
    }
  });

  it('--format ropa-md and ropa-csv: the record of processing, what is not declared said so', async () => {
    const tree = makeTree({ 'orders.csv': csv, 'shop.fides.yml': manifest, 'loose.csv': 'contact_email\nzoe@example.net\n' });
    try {
      const md = await runPrivacy(['--format', 'ropa-md'], tree.root);
      assert.equal(md.code, 0);
      assert.equal(md.out, [
        '# Record of processing activities (GDPR Art. 30)',
        '',
        '- Controller: not declared',
        '- Data protection officer: not declared',
        '- Representative: not declared',
        '- Created:',
        '- Last updated:',
        '',
        'The dates come from the git history of the Fides manifests: they are not committed to a git repository here.',
        '',
        '| System | Department | Joint controller (Art. 26) | Processing | Purpose (data use) | Legal basis (Art. 6) | Categories of data subjects | Categories of personal data | Special categories (Art. 9) | Recipients | Processors (Art. 28) | Transfers outside the EU/EEA | Safeguards (Art. 45–47) | Retention | Security measures | Datasets |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
        '| shop | not declared | not declared | Take orders | Essential for Payment Processing (essential.service.payment_processing) | Contract | Customer (customer) | User Contact Email (user.contact.email); Credit Card Information (user.financial.credit_card) | none declared | not declared | not declared | not declared | not declared | 1 year | not declared | orders |',
        '',
        '## Personal data found with no declared processing',
        '',
        '- `loose.csv`: user.contact.email',
        '',
      ].join('\n'));
      const csvOut = await runPrivacy(['--format', 'ropa-csv'], tree.root);
      assert.equal(csvOut.out.split('\r\n')[0], 'Controller,Data protection officer,System,Department,Joint controller (Art. 26),Processing,Purpose (data use),Legal basis (Art. 6),Categories of data subjects,Categories of personal data,Special categories (Art. 9),Recipients,Processors (Art. 28),Transfers outside the EU/EEA,Safeguards (Art. 45–47),Retention,Security measures,Datasets');
      assert.equal(csvOut.out.split('\r\n')[1], 'not declared,not declared,shop,not declared,not declared,Take orders,Essential for Payment Processing (essential.service.payment_processing),Contract,Customer (customer),User Contact Email (user.contact.email); Credit Card Information (user.financial.credit_card),none declared,not declared,not declared,not declared,not declared,1 year,not declared,orders\n');
    } finally {
      tree.remove();
    }
  });

  it('privacy init writes a Fides dataset beside each data file and never replaces one', async () => {
    const tree = makeTree({ 'data/orders.csv': csv });
    try {
      const first = await runPrivacy(['init', 'data'], tree.root);
      assert.equal(first.code, 0);
      assert.equal(first.out, 'data/orders.fides.yml: 4 fields, 2 with personal data\n');
      const written = readFileSync(path.join(tree.root, 'data', 'orders.fides.yml'), 'utf8');
      assert.ok(written.endsWith('dataset:\n  - fides_key: orders\n    name: orders\n    meta:\n      path: orders.csv\n    collections:\n      - name: orders\n        fields:\n          - name: order_id\n          - name: email\n            data_categories: [user.contact.email]\n          - name: card_number\n            data_categories: [user.financial.credit_card]\n          - name: amount\n'), written);
      writeFileSync(path.join(tree.root, 'data', 'orders.fides.yml'), '# mine\n');
      const again = await runPrivacy(['init', 'data'], tree.root);
      assert.equal(again.code, 1);
      assert.equal(again.err, 'data/orders.fides.yml exists: not replaced (archipel privacy init never overwrites a file; remove it or compare it with the scan: archipel privacy data/orders.csv)\n');
      assert.equal(readFileSync(path.join(tree.root, 'data', 'orders.fides.yml'), 'utf8'), '# mine\n');
    } finally {
      tree.remove();
    }
  });

  it('reads Parquet (DuckDB) and JSON Lines as it reads CSV', async () => {
    const tree = makeTree({ 'orders.csv': csv, 'events.jsonl': '{"user": {"email": "ana@example.com"}, "ip": "10.1.2.3"}\n{"user": {"email": "bob@example.org"}, "ip": "192.168.0.9"}\n' });
    try {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      await connection.run(`COPY (SELECT * FROM read_csv('${path.join(tree.root, 'orders.csv')}', all_varchar = true)) TO '${path.join(tree.root, 'orders.parquet')}' (FORMAT parquet)`);
      connection.closeSync();
      instance.closeSync();
      const { out } = await runPrivacy(['--format', 'json'], tree.root);
      const assets = (JSON.parse(out) as { assets: { file: string; fields: { name: string; categories: string[] }[] }[] }).assets;
      assert.deepEqual(assets.map((a) => `${a.file}: ${a.fields.filter((f) => f.categories.length > 0).map((f) => `${f.name}=${f.categories.join('+')}`).join(' ')}`), [
        'events.jsonl: user.email=user.contact.email ip=user.device.ip_address',
        'orders.csv: email=user.contact.email card_number=user.financial.credit_card',
        'orders.parquet: email=user.contact.email card_number=user.financial.credit_card',
      ]);
    } finally {
      tree.remove();
    }
  });

  it('the example\'s synthetic card transactions: every PII column classified, no finding, the generator reproducible', async () => {
    const tree = copyTree(path.join(repoRoot, 'examples', 'portfolio', 'fraud'));
    try {
      const { code, out } = await runPrivacy(['--format', 'json'], tree.root);
      assert.equal(code, 0);
      const [asset] = (JSON.parse(out) as { assets: { file: string; fields: { name: string; categories: string[] }[] }[] }).assets;
      assert.equal(asset.file, 'transactions.csv');
      const scanned = await runPrivacy([], tree.root);
      assert.doesNotMatch(scanned.out, /privacy-/);
      assert.match(scanned.out, /^transactions\.csv \(csv, 400 rows sampled: every row\)$/m);
      for (const line of ['card_number', 'card_holder', 'email', 'iban', 'nir', 'date_of_birth', 'client_ip']) assert.match(scanned.out, new RegExp(`^  ${line} `, 'm'));
      // Its generator writes the committed file again, byte for byte (exit 1 otherwise).
      execFileSync(process.execPath, [path.join(repoRoot, 'examples', 'portfolio', 'fraud', 'generate-transactions.mjs'), '--check']);
    } finally {
      tree.remove();
    }
  });
});

describe('privacy: the record of processing in French (--lang fr)', () => {
  it('says « non déclaré » for what the manifests do not declare, in the privacy family\'s own catalogue; French category names', () => {
    const ws = new PrivacyWorkspace({ 'shop.fides.yml': 'system:\n  - fides_key: shop\n    name: Shop\n    does_international_transfers: false\n    privacy_declarations:\n      - name: Take orders\n        data_use: essential.service\n        data_categories: [user.contact.email, user.financial.credit_card]\n        data_subjects: [customer]\n' });
    const inventory = privacyInventory(ws.index);
    const language = currentLanguage();
    // The privacy family's catalogue alone: no other family's may supply its words.
    assert.equal(frPrivacy['not declared'], 'non déclaré');
    assert.equal(frPrivacy.none, 'aucun');
    addCatalogue('fr', frPrivacy);
    setLanguage('fr');
    try {
      const ropa = recordOfProcessing(inventory, realTaxonomy(), () => true, []);
      assert.deepEqual(ropa.organization, { controller: 'non déclaré', dpo: 'non déclaré', representative: 'non déclaré' });
      assert.deepEqual({ ...ropa.rows[0] }, {
        system: 'Shop', department: 'non déclaré', jointController: 'non déclaré', processing: 'Take orders', purpose: 'Fourniture du service (essential.service)', legalBasis: 'non déclaré', subjects: 'Client (customer)',
        categories: 'Adresse électronique (user.contact.email); Carte bancaire (user.financial.credit_card)',
        specialCategories: 'aucune déclarée', recipients: 'non déclaré', processors: 'non déclaré', transfers: 'aucun', safeguards: 'aucun', retention: 'non déclaré', security: 'non déclaré', datasets: 'non déclaré',
      });
    } finally {
      setLanguage(language);
    }
    // In English, fideslang's names.
    assert.equal(recordOfProcessing(inventory, realTaxonomy(), () => true, []).rows[0].categories, 'User Contact Email (user.contact.email); Credit Card Information (user.financial.credit_card)');
  });

  it('CNIL\'s columns (#95): the joint controller (Art. 26) and the six legal bases of Art. 6 in CNIL\'s words, in French; as written in English', () => {
    const bases = ['Consent', 'Contract', 'Legal obligations', 'Vital interests', 'Public interest', 'Legitimate interests', 'Legal Obligation', 'Local statute'];
    const declarations = bases.map((b) => `      - name: ${b}\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n        legal_basis_for_processing: ${b}\n`).join('');
    const ws = new PrivacyWorkspace({ 'shop.fides.yml': `system:\n  - fides_key: shop\n    name: Shop\n    joint_controller_info: Acme Holding, dpo@acme.example\n    privacy_declarations:\n${declarations}  - fides_key: crm\n    name: CRM\n    joint_controller:\n      name: Partner SA\n      email: privacy@partner.example\n    privacy_declarations:\n      - name: Follow-up\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n  - fides_key: mail\n    privacy_declarations:\n      - name: Newsletter\n        data_use: marketing\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n` });
    const inventory = privacyInventory(ws.index);
    const english = recordOfProcessing(inventory, realTaxonomy(), () => true, []).rows;
    assert.deepEqual(english.map((r) => r.legalBasis), [...bases, 'not declared', 'not declared']);
    assert.deepEqual([...new Set(english.map((r) => r.jointController))], ['Acme Holding, dpo@acme.example', 'Partner SA, privacy@partner.example', 'not declared']);
    const language = currentLanguage();
    addCatalogue('fr', frPrivacy);
    setLanguage('fr');
    try {
      const ropa = recordOfProcessing(inventory, realTaxonomy(), () => true, []);
      assert.deepEqual(ropa.rows.map((r) => r.legalBasis), [
        'Consentement (art. 6.1.a)', 'Contrat (art. 6.1.b)', 'Obligation légale (art. 6.1.c)', 'Sauvegarde des intérêts vitaux (art. 6.1.d)', "Mission d'intérêt public (art. 6.1.e)",
        'Intérêt légitime (art. 6.1.f)', 'Obligation légale (art. 6.1.c)', 'Local statute', 'non déclaré', 'non déclaré',
      ]);
      assert.equal(ropa.rows[9].jointController, 'non déclaré');
      assert.match(ropaMarkdown(ropa), /^\| Système \| Service \| Responsable conjoint du traitement \(art\. 26\) \| Traitement \| Finalité \| Base légale \(art\. 6\) \|/m);
      assert.match(ropaMarkdown(ropa), /^\| Shop \| non déclaré \| Acme Holding, dpo\\@acme\.example \| Consent \| .* \| Consentement \(art\. 6\.1\.a\) \|/m);
    } finally {
      setLanguage(language);
    }
  });

  it('names the processors (sous-traitants, Art. 28): the systems it sends to whose responsibility says Processor or Sub-Processor (#78)', () => {
    const ws = new PrivacyWorkspace({ 'shop.fides.yml': 'system:\n  - fides_key: shop\n    name: Shop\n    egress:\n      - fides_key: psp\n        type: system\n      - fides_key: crm\n        type: system\n      - fides_key: mailer\n        type: system\n    privacy_declarations:\n      - name: Take orders\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n  - fides_key: psp\n    name: Payment provider\n    responsibility: [Processor]\n    privacy_declarations: []\n  - fides_key: mailer\n    name: Mailer\n    responsibility: [Sub-Processor]\n    privacy_declarations: []\n  - fides_key: crm\n    name: CRM\n    responsibility: [Controller]\n    privacy_declarations: []\n' });
    const rows = recordOfProcessing(privacyInventory(ws.index), realTaxonomy(), () => true, []).rows;
    assert.deepEqual(rows.map((r) => [r.system, r.recipients, r.processors]), [['Shop', 'Payment provider; CRM; Mailer', 'Payment provider; Mailer']]);
  });

  it('names the safeguards of a transfer (adequacy decision, SCC, BCR: Art. 45–47) from legal_basis_for_transfers, in English and French (#78)', () => {
    const ws = new PrivacyWorkspace({ 'shop.fides.yml': 'system:\n  - fides_key: shop\n    name: Shop\n    does_international_transfers: true\n    legal_basis_for_transfers: [SCCs, BCRs, Adequacy Decision, Local rule]\n    meta:\n      region: us-east-1\n    privacy_declarations:\n      - name: Take orders\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n' });
    const inventory = privacyInventory(ws.index);
    assert.deepEqual(recordOfProcessing(inventory, realTaxonomy(), () => true, []).rows.map((r) => [r.transfers, r.safeguards]), [['yes: shop (us-east-1, United States) — SCCs, BCRs, Adequacy Decision, Local rule', 'Standard contractual clauses (Art. 46); Binding corporate rules (Art. 47); Adequacy decision (Art. 45); Local rule']]);
    const language = currentLanguage();
    addCatalogue('fr', frPrivacy);
    setLanguage('fr');
    try {
      assert.equal(recordOfProcessing(inventory, realTaxonomy(), () => true, []).rows[0].safeguards, "Clauses contractuelles types (art. 46); Règles d'entreprise contraignantes (art. 47); Décision d'adéquation (art. 45); Local rule");
    } finally {
      setLanguage(language);
    }
  });

  it('--format ropa-json: the record\'s JSON contract exactly (organization, dates, rows with the table\'s keys, undeclared) (#78)', async () => {
    const tree = makeTree({ 'orders.csv': csv, 'shop.fides.yml': manifest, 'loose.csv': 'contact_email\nzoe@example.net\n' });
    try {
      const json = await runPrivacy(['--format', 'ropa-json'], tree.root);
      assert.equal(json.code, 0);
      assert.deepEqual(JSON.parse(json.out), {
        organization: { controller: 'not declared', dpo: 'not declared', representative: 'not declared' },
        dates: { created: null, updated: null },
        rows: [{
          system: 'shop', department: 'not declared', jointController: 'not declared', processing: 'Take orders', purpose: 'Essential for Payment Processing (essential.service.payment_processing)', legalBasis: 'Contract',
          subjects: 'Customer (customer)', categories: 'User Contact Email (user.contact.email); Credit Card Information (user.financial.credit_card)', specialCategories: 'none declared',
          recipients: 'not declared', processors: 'not declared', transfers: 'not declared', safeguards: 'not declared', retention: '1 year', security: 'not declared', datasets: 'orders', countries: [],
        }],
        undeclared: [{ file: 'loose.csv', categories: ['user.contact.email'] }],
      });
      // The keys in the table's order, two-space indented.
      assert.deepEqual(Object.keys((JSON.parse(json.out) as { rows: object[] }).rows[0]), ['system', 'department', 'jointController', 'processing', 'purpose', 'legalBasis', 'subjects', 'categories', 'specialCategories', 'recipients', 'processors', 'transfers', 'safeguards', 'retention', 'security', 'datasets', 'countries']);
      assert.equal(json.out.split('\n')[1], '  "organization": {');
    } finally {
      tree.remove();
    }
  });

  it('--format ropa-md: the record\'s dates (« Date de création », « Mise à jour ») from the manifests\' git history, in English and French (#78)', async () => {
    const tree = makeTree({ 'shop.fides.yml': manifest, 'more/crm.fides.yml': 'system:\n  - fides_key: crm\n    privacy_declarations: []\n', 'orders.csv': csv });
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    const commit = (date: string, ...files: string[]) => {
      execFileSync('git', ['-C', tree.root, 'add', '--', ...files], { env });
      execFileSync('git', ['-C', tree.root, '-c', 'user.name=Planter', '-c', 'user.email=planter@example.org', 'commit', '-q', '-m', date], { env: { ...env, GIT_COMMITTER_DATE: `${date}T12:00:00Z`, GIT_AUTHOR_DATE: `${date}T12:00:00Z` } });
    };
    try {
      execFileSync('git', ['-C', tree.root, 'init', '-q'], { env });
      commit('2024-03-01', 'shop.fides.yml');
      commit('2024-06-15', 'more/crm.fides.yml');
      writeFileSync(path.join(tree.root, 'shop.fides.yml'), manifest.replace('retention: 1 year', 'retention: 2 years'));
      commit('2025-01-20', 'shop.fides.yml');
      commit('2025-02-02', 'orders.csv'); // not a manifest: not the record's date
      const md = await runPrivacy(['--format', 'ropa-md'], tree.root);
      assert.deepEqual(md.out.split('\n').slice(2, 8), ['- Controller: not declared', '- Data protection officer: not declared', '- Representative: not declared', '- Created: 2024-03-01', '- Last updated: 2025-01-20', '']);
      const language = currentLanguage();
      addCatalogue('fr', frPrivacy);
      setLanguage('fr');
      try {
        const fr = await runPrivacy(['--format', 'ropa-md'], tree.root);
        assert.deepEqual(fr.out.split('\n').slice(5, 7), ['- Date de création : 2024-03-01', '- Mise à jour : 2025-01-20']);
      } finally {
        setLanguage(language);
      }
    } finally {
      tree.remove();
    }
  });

  it('names each transfer\'s destination country: a cloud region (AWS, Google Cloud, Azure) or fideslang\'s third_country_transfers, outside the EU/EEA only, in English and French (#78)', () => {
    const ws = new PrivacyWorkspace({ 'shop.fides.yml': 'system:\n  - fides_key: shop\n    name: Shop\n    does_international_transfers: true\n    legal_basis_for_transfers: [SCCs]\n    third_country_transfers: [FRA, CHE, XKX]\n    meta:\n      region: europe-west2\n    egress:\n      - fides_key: crm\n        type: system\n      - fides_key: stats\n        type: system\n    privacy_declarations:\n      - name: Take orders\n        data_use: essential.service\n        data_categories: [user.contact.email]\n        data_subjects: [customer]\n  - fides_key: crm\n    meta:\n      region: eastus2\n    privacy_declarations: []\n  - fides_key: stats\n    meta:\n      region: eu-west-3\n    privacy_declarations: []\n' });
    const inventory = privacyInventory(ws.index);
    assert.equal(recordOfProcessing(inventory, realTaxonomy(), () => true, []).rows[0].transfers, 'yes: shop (europe-west2, United Kingdom), crm (eastus2, United States), Switzerland, XKX — SCCs');
    // ropa-json's countries: alpha-2 where known, as written otherwise; the EEA's (FRA, eu-west-3) left out.
    assert.deepEqual(recordOfProcessing(inventory, realTaxonomy(), () => true, []).countries, [['GB', 'US', 'CH', 'XKX']]);
    const language = currentLanguage();
    addCatalogue('fr', frPrivacy);
    setLanguage('fr');
    try {
      assert.equal(recordOfProcessing(inventory, realTaxonomy(), () => true, []).rows[0].transfers, 'oui: shop (europe-west2, Royaume-Uni), crm (eastus2, États-Unis), Suisse, XKX — SCCs');
    } finally {
      setLanguage(language);
    }
  });

  it('countryOf: a cloud region\'s or a code\'s country, from the providers\' public lists (#78)', () => {
    assert.deepEqual(['us-east-1', 'eu-central-2', 'ap-southeast-2', 'europe-west9', 'asia-northeast3', 'westeurope', 'uksouth', 'USA', 'de', 'United Kingdom', 'mars-1'].map((r) => countryOf(r)?.code), ['US', 'CH', 'AU', 'FR', 'KR', 'NL', 'GB', 'US', 'DE', 'GB', undefined]);
  });

  it('every fideslang data subject, data category and data use in use has a French name', () => {
    const taxonomy = realTaxonomy();
    const missing = [...taxonomy.data_subjects, ...taxonomy.data_categories].filter(([key, entry]) => !entry.replaced_by && !Object.hasOwn(FRENCH_TAXONOMY_NAMES, key)).map(([key]) => key);
    assert.deepEqual(missing, []);
    assert.deepEqual([...taxonomy.data_uses].filter(([key, entry]) => !entry.replaced_by && !Object.hasOwn(FRENCH_USE_NAMES, key)).map(([key]) => key), []);
    assert.deepEqual([Object.keys(FRENCH_TAXONOMY_NAMES).length, Object.keys(FRENCH_USE_NAMES).length], [100, 55]);
  });
});
