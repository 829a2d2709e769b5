// Regions from Terraform (issue #65): a data store the workspace's Terraform creates outside the
// EU/EEA — its own region or location, its provider's region (an alias, one a module call passes, a
// variable's default) — holding personal data a Fides dataset or system of its name declares, with no
// transfer declared, is reported on the store's line; one in the EU/EEA, or with the transfer declared, is not.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';
import { loadParser } from '../../terraform';
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
            data_categories: [user.financial.credit_card]
  - fides_key: prices
    retention: 1 year
    collections:
      - name: prices
        fields:
          - name: close
            data_categories: [system.operations]
`;

const system = (transfers: boolean) => `system:
  - fides_key: shop
    name: Shop
    system_type: Service
    ingress:
      - fides_key: customers
        type: dataset
${transfers ? '    does_international_transfers: true\n    legal_basis_for_transfers: [SCCs]\n' : ''}    privacy_declarations:
      - name: Take orders
        data_use: essential.service
        data_categories: [user.contact.email]
        data_subjects: [customer]
        retention_period: 3 years
`;

const variables = (region: string) => `variable "aws_region" {
  type    = string
  default = "${region}"
}
`;

const providers = `provider "aws" {
  region = var.aws_region
}

provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
`;

const store = (name: string, extra = '') => `resource "aws_db_instance" "${name.replace(/-/g, '_')}" {
  identifier        = "${name}"
  engine            = "postgres"
  instance_class    = "db.t4g.small"
  storage_encrypted = true
${extra}}
`;

describe('privacy: regions from Terraform', () => {
  before(() => loadParser());

  const workspace = (region: string, main: string, transfers = false) =>
    new PrivacyWorkspace({ 'fides/customers.fides.yml': dataset, 'fides/shop.fides.yml': system(transfers), 'infra/variables.tf': variables(region), 'infra/providers.tf': providers, 'infra/main.tf': main });

  it('a store of personal data in us-east-1 (its provider\'s region, a variable\'s default) with no transfer declared is reported on its line; in eu-west-3 it is not', () => {
    const outside = workspace('us-east-1', store('customers'));
    assert.deepEqual(outside.shown('infra/main.tf'), ['privacy-undeclared-transfer: "customers"']);
    const [message] = outside.messages('infra/main.tf', 'privacy-undeclared-transfer');
    assert.equal(message, 'aws_db_instance.customers stores personal data (user.contact.email, user.financial.credit_card: Fides dataset customers) in us-east-1 (provider "aws", providers.tf:2), outside the EU/EEA, and no transfer is declared: set does_international_transfers: true and legal_basis_for_transfers on the system that processes it, or keep the store in the EU/EEA.');
    assert.deepEqual(workspace('eu-west-3', store('customers')).shown('infra/main.tf'), []);
  });

  it('a declared transfer (does_international_transfers and its legal basis on the system reading the dataset) silences it', () => {
    assert.deepEqual(workspace('us-east-1', store('customers'), true).shown('infra/main.tf'), []);
  });

  it('an aliased provider, the resource\'s own region, and a store no Fides manifest names or whose data is not personal', () => {
    const replica = store('customers').replace('"customers" {', '"customers_replica" {').replace('  engine ', '  region            = "ap-southeast-1"\n  engine ');
    const main = [store('customers', '  provider          = aws.virginia\n'), replica, store('prices'), store('sessions')].join('\n');
    // The replica answers to the dataset by its identifier; prices holds no personal data; sessions answers to no Fides key.
    const ws = workspace('eu-west-3', main);
    const messages = ws.messages('infra/main.tf', 'privacy-undeclared-transfer');
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /^aws_db_instance\.customers stores .* in us-east-1 \(provider "aws\.virginia", providers\.tf:7\)/);
    assert.match(messages[1], /^aws_db_instance\.customers_replica stores .* in ap-southeast-1 \(its own main\.tf:\d+\)/);
  });

  it('a Google bucket\'s location and a Fides system of the store\'s name; a module\'s store gets the provider its call passes', () => {
    const google = `resource "google_storage_bucket" "shop" {
  name     = "shop-exports"
  location = "US"
}

resource "google_sql_database_instance" "shop_eu" {
  name             = "shop"
  region           = "europe-west1"
  database_version = "POSTGRES_16"
}
`;
    const ws = new PrivacyWorkspace({ 'fides/customers.fides.yml': dataset, 'fides/shop.fides.yml': system(false), 'infra/main.tf': google });
    assert.deepEqual(ws.shown('infra/main.tf'), ['privacy-undeclared-transfer: "shop"']);
    assert.match(ws.messages('infra/main.tf', 'privacy-undeclared-transfer')[0], /Fides system shop\) in US \(its own main\.tf:3\)/);

    const child = new PrivacyWorkspace({
      'fides/customers.fides.yml': dataset,
      'fides/shop.fides.yml': system(false),
      'infra/providers.tf': providers,
      'infra/variables.tf': variables('eu-west-3'),
      'infra/main.tf': 'module "db" {\n  source    = "./modules/db"\n  providers = { aws = aws.virginia }\n}\n',
      'infra/modules/db/main.tf': store('customers'),
    });
    assert.deepEqual(child.shown('infra/modules/db/main.tf'), ['privacy-undeclared-transfer: "customers"']);
    assert.match(child.messages('infra/modules/db/main.tf', 'privacy-undeclared-transfer')[0], /in us-east-1 \(provider "aws\.virginia", providers\.tf:7\)/);
  });

  it('`archipel check` and `archipel privacy` report it on the Terraform file of a planted stack', async function () {
    this.timeout(120_000);
    const tree = makeTree({});
    try {
      const write = (name: string, text: string) => {
        mkdirSync(path.dirname(path.join(tree.root, name)), { recursive: true });
        writeFileSync(path.join(tree.root, name), text);
      };
      write('fides/customers.fides.yml', dataset);
      write('fides/shop.fides.yml', system(false));
      write('infra/variables.tf', variables('us-east-1'));
      write('infra/providers.tf', providers);
      write('infra/main.tf', store('customers'));
      const { out } = await runCli(['check', '.', '--format', 'json'], tree.root);
      const found = (JSON.parse(out) as { file: string; code: string; range: { start: { line: number } } }[]).filter((d) => d.code === 'privacy-undeclared-transfer');
      assert.deepEqual(found.map((d) => `${d.file}:${d.range.start.line + 1}`), ['infra/main.tf:1']);
      // `archipel privacy` says it too, among its findings.
      const privacy = await runCli(['privacy', '.'], tree.root);
      assert.match(privacy.out, /^infra\/main\.tf:1:\d+ warning privacy-undeclared-transfer aws_db_instance\.customers stores personal data .* in us-east-1 \(provider "aws", providers\.tf:2\)/m);
      write('infra/variables.tf', variables('eu-west-3'));
      const again = JSON.parse((await runCli(['check', '.', '--format', 'json'], tree.root)).out) as { code: string }[];
      assert.deepEqual(again.filter((d) => d.code === 'privacy-undeclared-transfer'), []);
    } finally {
      tree.remove();
    }
  });
});
