// The cost family's rules (issue #81): a budget of archipel.yaml exceeded, on its value, with the total; a resource
// class with a cheaper equivalent of the same capacity (gp2 → gp3, previous generation → current) with the difference;
// quiet on Infracost's goldens but for those true findings, and on the example.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { composeFace } from '../../../src/compose/api';
import { costFeature } from '../../../src/cost/editor';
import { loadCarbon, loadPrices } from '../../../src/cost/host';
import { successorOf } from '../../../src/cost/rules';
import { kubernetesFace } from '../../../src/kubernetes/api';
import { diagnoseFile } from '../../../src/service';
import { fixturesDir, repoRoot } from '../../helpers';
import { contextOf, covered, indexOf, loadParser } from '../../terraform';

const feature = costFeature({ prices: () => loadPrices(repoRoot), carbon: () => loadCarbon(repoRoot), faces: { kubernetes: kubernetesFace, compose: composeFace }, ready: () => undefined });

function check(files: Record<string, string>, name: string): { covered: string; code: string; message: string }[] {
  const index = indexOf(files);
  const file = index.get(`file:///w/${name}`);
  if (!file) throw new Error(`no file ${name}`);
  return diagnoseFile(file, [feature], contextOf(index)).map((d: Diagnostic) => ({ covered: covered(files[name], d), code: String(d.code), message: String(d.message) }));
}

const shop = `provider "aws" {
  region = "us-east-1"
}
resource "aws_instance" "old" {
  instance_type = "m3.large"
  root_block_device {
    volume_type = "gp2"
    volume_size = 80
  }
}
resource "aws_instance" "burst" {
  count         = 2
  instance_type = "t2.medium"
}
resource "aws_instance" "current" {
  instance_type = "m5.large"
  root_block_device {
    volume_type = "gp3"
  }
}
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  type              = "gp2"
  size              = 500
}
resource "aws_instance" "unpriced_successor" {
  instance_type = "r3.xlarge"
}
`;

describe('cost rules', () => {
  before(loadParser);

  it('previous generations and gp2 volumes: on the value, with the price difference', () => {
    assert.deepEqual(check({ 'main.tf': shop }, 'main.tf'), [
      { covered: 'm3.large', code: 'cost-cheaper-equivalent', message: 'm3.large is a previous generation: m5.large has as many vCPUs and as much memory at $0.096 an hour instead of $0.133, $27.01 a month less (us-east-1, prices of 2026-11-26).' },
      { covered: 'gp2', code: 'cost-cheaper-equivalent', message: 'gp3 gives the same size and baseline performance as gp2 at $0.08 per GB-month instead of $0.10: $1.60 a month less on 80 GB (us-east-1, prices of 2026-11-26).' },
      { covered: 't2.medium', code: 'cost-cheaper-equivalent', message: 't2.medium is a previous generation: t3.medium has as many vCPUs and as much memory at $0.0416 an hour instead of $0.0464, $3.50 a month less (us-east-1, prices of 2026-11-26).' },
      { covered: 'gp2', code: 'cost-cheaper-equivalent', message: 'gp3 gives the same size and baseline performance as gp2 at $0.08 per GB-month instead of $0.10: $10.00 a month less on 500 GB (us-east-1, prices of 2026-11-26).' },
    ]);
  });

  it('beyond us-east-1: at the region\'s prices, dated by their source (AWS\'s price maps)', () => {
    const paris = `provider "aws" {
  region = "eu-west-3"
}
resource "aws_instance" "burst" {
  instance_type = "t2.medium"
  root_block_device {
    volume_type = "gp2"
    volume_size = 100
  }
}
`;
    assert.deepEqual(check({ 'main.tf': paris }, 'main.tf'), [
      { covered: 't2.medium', code: 'cost-cheaper-equivalent', message: 't2.medium is a previous generation: t3.medium has as many vCPUs and as much memory at $0.0472 an hour instead of $0.0528, $4.09 a month less (eu-west-3, prices of 2025-04-04).' },
      { covered: 'gp2', code: 'cost-cheaper-equivalent', message: 'gp3 gives the same size and baseline performance as gp2 at $0.0928 per GB-month instead of $0.116: $2.32 a month less on 100 GB (eu-west-3, prices of 2024-07-18).' },
    ]);
  });

  it('the successors keep the capacity: same size, no size the newer family lacks', () => {
    assert.equal(successorOf('m4.large'), 'm5.large');
    assert.equal(successorOf('t2.micro'), 't3.micro');
    assert.equal(successorOf('m3.medium'), undefined);
    assert.equal(successorOf('m4.10xlarge'), undefined);
    assert.equal(successorOf('m5.large'), undefined);
  });

  it('a budget exceeded: on the budget value, with the total of the Terraform files under the archipel.yaml', () => {
    const files = { 'main.tf': shop, 'archipel.yaml': 'cost:\n  budget: 100\n' };
    assert.deepEqual(check(files, 'archipel.yaml'), [
      { covered: '100', code: 'cost-budget-exceeded', message: 'The monthly cost of the system, $539.04, exceeds the budget of $100.00 by $439.04 (cost.budget).' },
    ]);
    assert.deepEqual(check({ ...files, 'archipel.yaml': 'cost:\n  budget: 600\n' }, 'archipel.yaml'), []);
    // In the section's currency, after its discount.
    assert.deepEqual(check({ ...files, 'archipel.yaml': 'cost:\n  budget: 200\n  discount: 0.1\n  currency: { code: EUR, rate: 0.86, date: 2026-11-26 }\n' }, 'archipel.yaml'), [
      { covered: '200', code: 'cost-budget-exceeded', message: 'The monthly cost of the system, 417.22 EUR, exceeds the budget of 200.00 EUR by 217.22 EUR (cost.budget).' },
    ]);
    // Files outside its folder are not its system's.
    assert.deepEqual(check({ 'other/main.tf': shop, 'app/archipel.yaml': 'cost:\n  budget: 1\n' }, 'app/archipel.yaml'), []);
  });

  it('Kubernetes requests without limits: on the requests key, with what it asks; quiet with limits or without requests', () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: app:1
          resources:
            requests: { cpu: 50m }
            limits: { memory: 64Mi }
      containers:
        - name: app
          image: app:1
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
        - name: sidecar
          image: proxy:1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: requests
data:
  resources: "requests: {cpu: 1}"
`;
    assert.deepEqual(check({ 'k8s/web.yaml': manifest }, 'k8s/web.yaml'), [
      { covered: 'requests', code: 'cost-requests-without-limits', message: 'Container app requests cpu 250m, memory 256Mi with no limits: it may use any free capacity of its node, so its cost is not bounded by the files (priced by its requests). Set resources.limits.' },
    ]);
  });

  it('microservices-demo and the example: every container with requests has limits', () => {
    const demo = readFileSync(path.join(fixturesDir, 'oss', 'microservices-demo', 'release', 'kubernetes-manifests.yaml'), 'utf8');
    assert.deepEqual(check({ 'demo.yaml': demo }, 'demo.yaml'), []);
  });

  it("Infracost's goldens: only true findings (gp2 volumes, previous generations), the example: none", () => {
    const found: Record<string, number> = {};
    const root = path.join(fixturesDir, 'oss', 'infracost');
    for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const name = `${dir.name}.tf`;
      const text = readFileSync(path.join(root, dir.name, name), 'utf8');
      for (const d of check({ [name]: text }, name)) {
        assert.ok(['gp2', 't2.medium', 'm3.large', 'm4.large', 'c4.large', 'r4.large', 'r3.xlarge'].includes(d.covered), `${name}: ${d.covered}: ${d.message}`);
        found[name] = (found[name] ?? 0) + 1;
      }
    }
    // instance_test's t2.medium (3) and m3.large (3): true (t3.medium and m5.large, same size, cheaper); its m3.medium and r3.xlarge have no priced successor of their size.
    assert.deepEqual(found, { 'instance_test.tf': 6 });
    const example = path.join(repoRoot, 'examples', 'portfolio');
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(full);
        else if (/\.(tf|ya?ml)$/.test(full)) files[path.relative(example, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
      }
    };
    walk(example);
    assert.ok(Object.keys(files).length >= 5, Object.keys(files).join(', '));
    for (const name of Object.keys(files)) assert.deepEqual(check(files, name), [], name);
  });
});
