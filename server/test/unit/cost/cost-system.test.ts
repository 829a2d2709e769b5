// The whole system priced (issue #81): Terraform, Kubernetes workloads by requests × replicas on a node
// type, Compose hosts by a setting, their carbon with Cloud Carbon Footprint's coefficients, archipel.yaml's
// cost section (currency, discount, own rates), and the JSON contract the issue spells out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { awsFootprint, azureDatabaseFootprint, googleFootprint, rdsFootprint, type CarbonData } from '../../../src/cost/carbon';
import { costSettings } from '../../../src/cost/settings';
import { cores, gibibytes } from '../../../src/cost/workloads';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Report {
  currency: string;
  priceDate: string;
  totalMonthlyCost: number;
  totalMonthlyCo2eKg: number;
  components: { id: string; name: string; sources: { file: string; line: number }[]; monthlyCost: number; monthlyCo2eKg: number | null; items: Record<string, unknown>[]; energyKwh?: number; maxMonthlyCost?: number; includedIn?: string; greenerRegion?: { region: string; co2eKg: number } }[];
  unpriced: { address: string; reason: string; file: string }[];
}

const carbon = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'carbon.json'), 'utf8')) as CarbonData;
const demo = readFileSync(path.join(fixturesDir, 'oss', 'microservices-demo', 'release', 'kubernetes-manifests.yaml'), 'utf8');

/** A planted-style AWS stack (a shop): every resource that bills is priced or listed with its reason. */
const shop = `provider "aws" {
  region = "us-east-1"
}
resource "aws_vpc" "shop" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.shop.id
  cidr_block = "10.0.\${count.index}.0/24"
}
resource "aws_nat_gateway" "egress" {
  subnet_id = aws_subnet.private[0].id
}
resource "aws_lb" "web" {
  load_balancer_type = "application"
}
resource "aws_eks_cluster" "shop" {
  name     = "shop"
  version  = "1.33"
  role_arn = "arn:aws:iam::123456789012:role/eks"
}
resource "aws_eks_node_group" "workers" {
  cluster_name   = aws_eks_cluster.shop.name
  instance_types = ["m5.large"]
}
resource "aws_instance" "bastion" {
  instance_type = "t3.micro"
}
resource "aws_db_instance" "orders" {
  engine            = "postgres"
  engine_version    = "16.4"
  instance_class    = "db.t4g.small"
  allocated_storage = 50
  storage_type      = "gp3"
  multi_az          = true
}
resource "aws_s3_bucket" "assets" {
  bucket = "shop-assets"
}
resource "aws_sqs_queue" "orders" {
  name = "orders"
}
resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  memory_size   = 512
}
resource "aws_security_group" "db" {
  vpc_id = aws_vpc.shop.id
}
`;

describe('cost: the whole system', () => {
  it('the example: GKE and RDS priced, the workloads and the Helm chart\'s render as shares of its node pool, the Compose stack on its archipel.yaml host, the rest listed with its reason; carbon', async () => {
    const { code, out } = await runCli(['cost', '--format', 'json'], path.join(repoRoot, 'examples', 'portfolio'));
    assert.equal(code, 0);
    const report = JSON.parse(out) as Report;
    assert.equal(report.totalMonthlyCost, 879.312002);
    assert.equal(report.totalMonthlyCo2eKg, 34.713223);
    assert.deepEqual(report.components.map((c) => [c.id, c.sources[0], c.monthlyCost, c.monthlyCo2eKg, c.maxMonthlyCost ?? null, c.includedIn ?? null]), [
      // RDS in eu-west-3 (730 h × $0.036 + 20 GB × $0.133); its carbon: CCF's t4g.small (Graviton2), its 20 GB of SSD, embodied.
      ['terraform:aws_db_instance:mlflow', { file: 'infra/terraform/main.tf', line: 37 }, 28.94, 6.979555, null, null],
      // The cluster under the map's id (the map draws it as an environment): the view and `archipel diff` join on it.
      ['terraform:cluster:google:portfolio-prod', { file: 'infra/terraform/modules/gke-cluster/main.tf', line: 12 }, 73, null, null, null],
      // The module's node pool under its address in the root's plan (issue #93).
      ['module.gke.google_container_node_pool.default', { file: 'infra/terraform/modules/gke-cluster/main.tf', line: 51 }, 669.74743, 23.776592, null, null],
      ['k8s:Deployment/stock-prediction/stock-predictor', { file: 'kubernetes/deployment.yaml', line: 2 }, 14.529317, 0.534205, 72.646586, 'module.gke.google_container_node_pool.default'],
      ['k8s:Deployment/fraud-detection/fraud-scoring', { file: 'kubernetes/fraud/scoring-deployment.yaml', line: 6 }, 40.359214, 1.483904, null, 'module.gke.google_container_node_pool.default'],
      ['k8s:StatefulSet/fraud-detection/fraud-transactions', { file: 'kubernetes/fraud/transactions-statefulset.yaml', line: 6 }, 27.444266, 1.009054, null, 'module.gke.google_container_node_pool.default'],
      // The chart as Argo CD's stock-prediction-api-staging deploys it (values-staging.yaml: one replica), at the template's line.
      ['k8s:Deployment/stock-prediction-staging/stock-predictor', { file: 'charts/stock-predictor/templates/deployment.yaml', line: 2 }, 7.264659, 0.267103, null, 'module.gke.google_container_node_pool.default'],
      // The Compose stack on the host examples/portfolio/archipel.yaml names (cost.compose: e2-standard-4 in europe-west1): 730 h × $0.14743092.
      ['compose:docker-compose.yml', { file: 'docker-compose.yml', line: 1 }, 107.624572, 3.957076, null, null],
    ]);
    // Requests of the predictor (250m + the sidecar's 20m; 256Mi + 32Mi) × the HPA's 2 replicas, on e2-standard-4 (4 vCPU, 16 GB): CPU is the larger share.
    assert.deepEqual(report.components[3].items, [{ name: 'Pod requests (0.27 vCPU, 0.28125 GiB) × 2 on e2-standard-4 (HPA minimum)', quantity: 98.55, unit: 'node-hours', unitPrice: 0.14743092, monthlyCost: 14.529317 }]);
    assert.deepEqual(report.components[2].greenerRegion, { region: 'northamerica-northeast1', co2eKg: 20.382422 });
    assert.equal(report.components[2].energyKwh, 41.392314);
    assert.deepEqual(report.unpriced, [
      { address: 'k8s:CronJob/stock-prediction/photo-anonymiser', reason: 'a CronJob runs for hours the files do not say (usage: monthly_hrs)', file: 'kubernetes/anonymiser-cronjob.yaml' },
    ]);
  });

  it('keeps the JSON contract: {currency, priceDate, totalMonthlyCost, totalMonthlyCo2eKg, components, unpriced}', async () => {
    const { out } = await runCli(['cost', '--format', 'json'], path.join(repoRoot, 'examples', 'portfolio'));
    const report = JSON.parse(out) as Report;
    assert.deepEqual(Object.keys(report), ['currency', 'priceDate', 'totalMonthlyCost', 'totalMonthlyCo2eKg', 'components', 'unpriced']);
    for (const c of report.components) {
      assert.deepEqual(Object.keys(c).slice(0, 6), ['id', 'name', 'sources', 'monthlyCost', 'monthlyCo2eKg', 'items']);
      for (const i of c.items) assert.deepEqual(Object.keys(i).slice(0, 5), ['name', 'quantity', 'unit', 'unitPrice', 'monthlyCost']);
    }
    for (const u of report.unpriced) assert.deepEqual(Object.keys(u), ['address', 'reason', 'file']);
  });

  it('microservices-demo on a GKE node type named by archipel.yaml: every workload priced', async () => {
    const tree = makeTree({ 'kubernetes-manifests.yaml': demo, 'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n' });
    try {
      const { code, out } = await runCli(['cost', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const report = JSON.parse(out) as Report;
      assert.deepEqual(report.unpriced, []);
      assert.deepEqual(report.components.map((c) => [c.id, c.monthlyCost]), [
        ['k8s:Deployment//emailservice', 2.690614], ['k8s:Deployment//checkoutservice', 2.690614], ['k8s:Deployment//recommendationservice', 2.690614],
        ['k8s:Deployment//frontend', 2.690614], ['k8s:Deployment//paymentservice', 2.690614], ['k8s:Deployment//productcatalogservice', 2.690614],
        ['k8s:Deployment//cartservice', 5.381229], ['k8s:Deployment//loadgenerator', 8.071843], ['k8s:Deployment//currencyservice', 2.690614],
        ['k8s:Deployment//shippingservice', 2.690614], ['k8s:Deployment//redis-cart', 1.88343], ['k8s:Deployment//adservice', 5.381229],
      ]);
      assert.equal(report.totalMonthlyCost, 42.242643);
      assert.equal(report.totalMonthlyCo2eKg, 1.553154);
    } finally {
      tree.remove();
    }
  });

  it('without a node type, every workload is listed with the reason; without requests, its cost is unknowable', async () => {
    const tree = makeTree({ 'app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n' });
    try {
      let report = JSON.parse((await runCli(['cost', '--format', 'json'], tree.root)).out) as Report;
      assert.deepEqual(report.unpriced, [{ address: 'k8s:Deployment//web', reason: 'no node type: no node pool priced in the same run, nor cost.kubernetes.machineType in archipel.yaml', file: 'app.yaml' }]);
      const withNode = makeTree({ 'app.yaml': readFileSync(path.join(tree.root, 'app.yaml'), 'utf8'), 'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n' });
      try {
        report = JSON.parse((await runCli(['cost', '--format', 'json'], withNode.root)).out) as Report;
        assert.deepEqual(report.unpriced, [{ address: 'k8s:Deployment//web', reason: 'container web requests no CPU or memory: its cost is unknowable', file: 'app.yaml' }]);
      } finally {
        withNode.remove();
      }
    } finally {
      tree.remove();
    }
  });

  it('archipel.yaml: a Compose host, a discount, a currency at its dated rate, an own rate', async () => {
    const tree = makeTree({
      'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n',
      'archipel.yaml': 'cost:\n  compose: { machineType: e2-standard-2, region: europe-west1 }\n  currency: { code: EUR, rate: 0.5, date: 2026-11-26 }\n  discount: 0.2\n  rates: { e2-standard-2: 0.1 }\n',
    });
    try {
      const { code, out } = await runCli(['cost', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const report = JSON.parse(out) as Report;
      assert.equal(report.currency, 'EUR');
      // 730 h × the own rate $0.10, less 20 %, at 0.5 EUR a dollar.
      assert.deepEqual(report.components.map((c) => [c.id, c.name, c.monthlyCost, c.items]), [
        ['compose:docker-compose.yml', '2 Compose services on one e2-standard-2', 29.2, [{ name: 'Instance usage (Linux/UNIX, on-demand, e2-standard-2)', quantity: 730, unit: 'hours', unitPrice: 0.04, monthlyCost: 29.2 }]],
      ]);
      assert.equal(report.totalMonthlyCost, 29.2);
    } finally {
      tree.remove();
    }
  });

  it('reads quantities and says what is wrong with a cost section', () => {
    assert.deepEqual(['250m', '2', '0.5', 'x', '1e3'].map(cores), [0.25, 2, 0.5, undefined, undefined]);
    assert.deepEqual(['256Mi', '1Gi', '1G', '512'].map(gibibytes), [0.25, 1, 1e9 / 1024 ** 3, 512 / 1024 ** 3]);
    assert.deepEqual(costSettings({ kubernetes: { machineType: 'e2-standard-4' }, currency: { code: 'euro', rate: 1, date: '2026-11-26' }, discount: 2, rates: { x: 'cheap' } }).problems, [
      'cost.kubernetes needs machineType and region (strings)',
      'cost.currency needs code (ISO 4217, e.g. EUR), rate (> 0: one USD in that currency) and date (YYYY-MM-DD)',
      'cost.discount is a share between 0 and 1 (0.1: 10 % off)',
      'cost.rates.x is not a price (a number >= 0)',
    ]);
  });

  it("carbon: Cloud Carbon Footprint's compute, storage and embodied emissions, and the greenest region", () => {
    // e2 (Skylake, Broadwell, Haswell, EPYC 2nd gen): 0.7075–3.595 W per vCPU, 2.15125 W at 50 %; europe-west1's PUE 1.09, 0.00011 t/kWh.
    const one = googleFootprint(carbon, 'europe-west1', [{ type: 'e2-standard-4', vcpus: 4, hours: 730 }], [{ gb: 100, ssd: false }]);
    // 2.15125 × 4 × 730 × 1.09 / 1000 = 6.846999 kWh, + 0.1 TB × 730 h × 0.65 Wh × 1.09 / 1000 = 0.051721 kWh; × 0.11 kg = 0.758859 kg,
    // + embodied 1,230.3 kg × 730 / 35,040 h × 4 / 32 vCPU = 3.203906 kg. In northamerica-northeast1 (0.028 kg/kWh): 0.193164 + 3.203906.
    assert.deepEqual(one, { kwh: 6.898719, co2eKg: 3.962765, greener: { region: 'northamerica-northeast1', co2eKg: 3.39707 } });
    assert.equal(googleFootprint(carbon, 'mars-north1', [{ type: 'e2-standard-4', vcpus: 4, hours: 730 }], []), undefined);
    // EC2 t3.micro (Cascade Lake: 0.64–3.97 W, 2.305 W at 50 %; burstable, 2 vCPUs × its 10 % baseline / 50 %: 0.4), AWS's PUE 1.135,
    // us-east-1's (SERC) 0.000379069 t/kWh; its 8 GB gp2 volume replicated twice: 0.763923 + 0.015907 kWh × 0.379069 kg = 0.29561 kg,
    // + embodied 1,610.3792 kg × 730 / 35,040 × 2 / 8 = 8.387392 kg (cost-carbon-ccf.test.ts: parity with CCF's method).
    assert.deepEqual(awsFootprint(carbon, 'us-east-1', [{ type: 't3.micro', hours: 730 }], [{ gb: 8, ssd: true }]), { kwh: 0.779831, co2eKg: 8.683002, greener: { region: 'eu-north-1', co2eKg: 8.394254 } });
    // RDS db.t3.micro in eu-west-3 (0.0000511 t/kWh): CCF reads the class without `db.` in its EC2 table (2 vCPUs, Cascade Lake,
    // burstable: no memory, its vCPU-hours × its 10 % baseline / 50 %, as CCF's usage-type match scales them), 0.763923 kWh + 20 GB gp2 ×
    // 730 h × 1.2 Wh/TB-h × 1.135 = 0.019885 kWh; × 0.0511 kg,
    // + embodied 8.387392 kg. The backup item without a quantity adds nothing.
    const rds = (az: string, cls: string, storage = 'Storage (general purpose SSD, gp2)', gb = 20) => [
      { name: `Database instance (on-demand, ${az}, ${cls})`, unit: 'hours', quantity: 730 }, { name: storage, unit: 'GB', quantity: gb }, { name: 'Additional backup storage', unit: 'GB' },
    ];
    assert.deepEqual(rdsFootprint(carbon, 'eu-west-3', rds('Single-AZ', 'db.t3.micro')), { kwh: 0.783808, co2eKg: 8.427444, greener: { region: 'eu-north-1', co2eKg: 8.394289 } });
    // Multi-AZ: CCF's replication factor 2 on the usage (compute and storage: twice the kWh); the embodied emissions once.
    assert.deepEqual(rdsFootprint(carbon, 'eu-west-3', rds('Multi-AZ', 'db.t3.micro')), { kwh: 1.567617, co2eKg: 8.467497, greener: { region: 'eu-north-1', co2eKg: 8.401187 } });
    // Magnetic storage on HDD (0.65 Wh/TB-h): 100 GB = 0.053856 kWh.
    assert.deepEqual(rdsFootprint(carbon, 'eu-west-3', rds('Single-AZ', 'db.t3.micro', 'Storage (magnetic)', 100)), { kwh: 0.817779, co2eKg: 8.42918, greener: { region: 'eu-north-1', co2eKg: 8.394588 } });
    // The example's db.t4g.small (Graviton2: 0.47–1.69 W, 1.08 W at 50 %; embodied 1,332.856 kg, the family's largest 8 vCPUs).
    assert.deepEqual(rdsFootprint(carbon, 'eu-west-3', rds('Single-AZ', 'db.t4g.small')), { kwh: 0.735752, co2eKg: 6.979555, greener: { region: 'eu-north-1', co2eKg: 6.948433 } });
    // A class carbon.json does not hold, or a region without a grid factor: none.
    assert.equal(rdsFootprint(carbon, 'eu-west-3', rds('Single-AZ', 'db.m6g.large')), undefined);
    assert.equal(rdsFootprint(carbon, 'mars-north-1', rds('Single-AZ', 'db.t3.micro')), undefined);
    // A type CCF's table does not give processors for: no footprint rather than a guess.
    assert.equal(awsFootprint(carbon, 'us-east-1', [{ type: 'm3.medium', hours: 730 }], []), undefined);
    // Azure Database: 2,920 vCore-hours at CCF's Azure average (0.74–3.54 W, 2.14 W at 50 %), PUE 1.185, + 32 GB of SSD: 7.438046 kWh
    // × westus's (WECC) 0.322167 kg; MySQL's replicated three times (CCF's factor), PostgreSQL's not. swedencentral: 0.00567 kg/kWh.
    assert.deepEqual(azureDatabaseFootprint(carbon, 'westus', 'postgresql', 2920, 32), { kwh: 7.438046, co2eKg: 2.396293, greener: { region: 'swedencentral', co2eKg: 0.042174 } });
    assert.deepEqual(azureDatabaseFootprint(carbon, 'westus', 'mysql', 730, 20), { kwh: 5.615905, co2eKg: 1.809259, greener: { region: 'swedencentral', co2eKg: 0.031842 } });
  });

  it("Google's managed services: Cloud SQL (with its carbon: CCF's median watts per vCPU, its billed memory, its SSD, twice when regional), Memorystore and a forwarding rule", async () => {
    const tree = makeTree({ 'main.tf': `provider "google" {
  region = "us-central1"
}
resource "google_sql_database_instance" "orders" {
  database_version = "POSTGRES_15"
  settings {
    tier              = "db-custom-2-7680"
    availability_type = "REGIONAL"
    disk_size         = 100
  }
}
resource "google_redis_instance" "cache" {
  memory_size_gb = 5
  tier           = "STANDARD_HA"
}
resource "google_compute_global_forwarding_rule" "web" {
  name = "web"
}
` });
    try {
      const report = JSON.parse((await runCli(['cost', '--format', 'json'], tree.root)).out) as Report;
      // 2 vCPU × 730 h × $0.0826 + 7.5 GB × 730 h × $0.014 + 100 GB × $0.34 + 730 h × $0.01; 5 GB × 730 h × $0.054; 730 h × $0.01.
      assert.deepEqual(report.components.map((c) => [c.name, c.monthlyCost]), [['google_sql_database_instance.orders', 238.546], ['google_redis_instance.cache', 197.1], ['google_compute_global_forwarding_rule.web', 7.3]]);
      // 2,920 vCPU-hours × 2.395 W (CCF's median 0.68–4.11 W at 50 %) × PUE 1.11 = 7.762674 kWh; 10,950 GB-hours × 0.000392 kWh × 1.11
      // = 4.764564 kWh; 0.2 TB × 730 h × 1.2 Wh × 1.11 = 0.194472 kWh; × us-central1's 0.456 kg/kWh. Memorystore and the rule: none.
      assert.deepEqual(report.components.map((c) => c.monthlyCo2eKg), [5.8011, null, null]);
      assert.deepEqual(report.unpriced, []);
    } finally {
      tree.remove();
    }
  });

  it('Azure Database flexible servers: priced, with their carbon (their vCores and storage, CCF\'s replication for MySQL)', async () => {
    const tree = makeTree({ 'main.tf': `resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "westus"
}
resource "azurerm_postgresql_flexible_server" "orders" {
  location   = azurerm_resource_group.rg.location
  sku_name   = "GP_Standard_D4s_v3"
  storage_mb = 32768
}
resource "azurerm_mysql_flexible_server" "legacy" {
  location = azurerm_resource_group.rg.location
  sku_name = "B_Standard_B1ms"
}
resource "azurerm_postgresql_flexible_server" "ha" {
  location = "westus"
  sku_name = "GP_Standard_D2ds_v5"
  high_availability {
    mode = "ZoneRedundant"
  }
}
` });
    try {
      const report = JSON.parse((await runCli(['cost', '--format', 'json'], tree.root)).out) as Report;
      // 730 h × $0.39 + 32 GB × $0.138; 730 h × $0.022 + 20 GB × $0.138 (the backups depend on usage).
      assert.deepEqual(report.components.map((c) => [c.name, c.monthlyCost, c.monthlyCo2eKg]), [['azurerm_postgresql_flexible_server.orders', 289.116, 2.396293], ['azurerm_mysql_flexible_server.legacy', 18.82, 1.809259]]);
      assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['azurerm_postgresql_flexible_server.ha', 'high availability: its standby server is not priced yet']]);
    } finally {
      tree.remove();
    }
  });

  it('the example: each component drawn by the system map under the map JSON\'s id (the view and archipel diff join on it)', async () => {
    const cwd = path.join(repoRoot, 'examples', 'portfolio');
    const cost = JSON.parse((await runCli(['cost', '--format', 'json'], cwd)).out) as Report;
    const map = JSON.parse((await runCli(['diagram', 'system', '--format', 'json'], cwd)).out) as { nodes: { id: string; sources: { file: string; line: number }[] }[] };
    const drawn = new Map(map.nodes.map((n) => [n.id, n]));
    assert.deepEqual(cost.components.filter((c) => drawn.has(c.id)).map((c) => c.id), [
      'terraform:aws_db_instance:mlflow',
      'terraform:cluster:google:portfolio-prod',
      'k8s:Deployment/stock-prediction/stock-predictor',
      'k8s:Deployment/fraud-detection/fraud-scoring',
      'k8s:StatefulSet/fraud-detection/fraud-transactions',
      'k8s:Deployment/stock-prediction-staging/stock-predictor',
    ]);
    // Those the map does not draw (a node pool is not a node of the map; a Compose host neither, its services are): their ids.
    assert.deepEqual(cost.components.filter((c) => !drawn.has(c.id)).map((c) => c.id), ['module.gke.google_container_node_pool.default', 'compose:docker-compose.yml']);
    // Joined on the same file: the cluster's node is the priced block.
    assert.deepEqual(drawn.get('terraform:cluster:google:portfolio-prod')?.sources[0], cost.components[1].sources[0]);
    assert.deepEqual(drawn.get('terraform:aws_db_instance:mlflow')?.sources[0], cost.components[0].sources[0]);
  });

  it('a planted-style AWS stack: every resource that bills priced or listed with its reason, the free ones left out', async () => {
    const tree = makeTree({ 'main.tf': shop });
    try {
      const report = JSON.parse((await runCli(['cost', '--format', 'json'], tree.root)).out) as Report;
      // Each under the system map's id (named resources by their name, the others by their file and address).
      assert.deepEqual(report.components.map((c) => [c.id, c.name, c.monthlyCost]), [
        ['terraform:aws_nat_gateway:main.tf#aws_nat_gateway.egress', 'aws_nat_gateway.egress', 32.85],
        ['terraform:aws_lb:main.tf#aws_lb.web', 'aws_lb.web', 16.425],
        ['terraform:cluster:aws:shop', 'aws_eks_cluster.shop', 438],
        // One node (no scaling_config) of the first of its instance_types, m5.large, and its 20 GB gp2 disk.
        ['aws_eks_node_group.workers', 'aws_eks_node_group.workers', 72.08],
        ['terraform:aws_instance:main.tf#aws_instance.bastion', 'aws_instance.bastion', 8.392],
        // Its requests and duration are usages: priced, at nothing until a usage file gives them.
        ['terraform:aws_lambda_function:thumbnails', 'aws_lambda_function.thumbnails', 0],
      ]);
      assert.equal(report.totalMonthlyCost, 567.747);
      // The node's and the bastion's carbon (CCF's EC2 coefficients: t3.micro's embodied share is of an 8-vCPU t3.2xlarge, m5.large's of a
      // 96-vCPU m5.24xlarge); the NAT gateway, the ALB and EKS's control plane have no machine of their own here.
      assert.deepEqual(report.components.map((c) => c.monthlyCo2eKg), [null, null, null, 3.03251, 8.683002, null]);
      assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
        ['aws_db_instance.orders', 'no Multi-AZ price for postgres on db.t4g.small'],
        ['aws_s3_bucket.assets', 'resource type aws_s3_bucket is not priced yet'],
        ['aws_sqs_queue.orders', 'resource type aws_sqs_queue is not priced yet'],
      ]);
    } finally {
      tree.remove();
    }
  });

  it('--usage gives a CronJob its hours (by its id), and a DaemonSet runs on every node of the priced pool', async () => {
    const tree = makeTree({
      'gke.tf': 'resource "google_container_node_pool" "pool" {\n  location   = "europe-west1-b"\n  node_count = 2\n  node_config {\n    machine_type = "e2-standard-4"\n  }\n}\n',
      'jobs.yaml': 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\n  namespace: ops\nspec:\n  schedule: "0 2 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              resources:\n                requests: { cpu: "2", memory: 1Gi }\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n',
      'usage.yml': 'version: 0.1\nresource_usage:\n  k8s:CronJob/ops/nightly:\n    monthly_hrs: 30\n',
    });
    try {
      const report = JSON.parse((await runCli(['cost', '--format', 'json', '--usage', 'usage.yml'], tree.root)).out) as Report;
      assert.deepEqual(report.components.map((c) => [c.id, c.items.map((i) => [i.name, i.quantity]), c.monthlyCost, c.includedIn ?? null]), [
        ['google_container_node_pool.pool', [['Instance usage (Linux/UNIX, on-demand, e2-standard-4)', 1460], ['Standard provisioned storage (pd-standard)', 200]], 223.249143, null],
        // 2 vCPU of 4: half a node for 30 hours.
        ['k8s:CronJob/ops/nightly', [['Pod requests (2 vCPU, 1 GiB) × 1 on e2-standard-4', 15]], 2.211464, 'google_container_node_pool.pool'],
        // One pod on each of the 2 nodes: 0.1 of 4 vCPU.
        ['k8s:DaemonSet/ops/agent', [['Pod requests (0.1 vCPU, 0.125 GiB) × 2 on e2-standard-4', 36.5]], 5.381229, 'google_container_node_pool.pool'],
      ]);
      assert.deepEqual(report.unpriced, []);
    } finally {
      tree.remove();
    }
  });
});
