// The cost family in the editor (issue #81): a code lens with the monthly cost above each priced Terraform resource
// (its instances summed), an inlay hint after its name whose tooltip is the breakdown (items, unit prices, source and
// date); nothing on a resource that is not priced.
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { composeFace } from '../../../src/compose/api';
import { costFeature } from '../../../src/cost/editor';
import { frCost } from '../../../src/cost/fr';
import { addCatalogue, setLanguage } from '../../../src/l10n/t';
import { loadCarbon, loadPrices } from '../../../src/cost/host';
import { helmFace } from '../../../src/helm/api';
import { apiVersionsAt, helmReader } from '../../../src/helm/host';
import { kubernetesFace } from '../../../src/kubernetes/api';
import { repoRoot } from '../../helpers';
import { contextOf, indexOf, loadParser } from '../../terraform';

const feature = costFeature({ prices: () => loadPrices(repoRoot), carbon: () => loadCarbon(repoRoot), faces: { kubernetes: kubernetesFace, compose: composeFace }, ready: () => undefined });

const main = `provider "aws" {
  region = "us-east-1"
}
resource "aws_nat_gateway" "egress" {
  count = 2
}
resource "aws_instance" "web" {
  instance_type = "m5.large"
  root_block_device {
    volume_type = "gp3"
    volume_size = 20
  }
}
resource "aws_sqs_queue" "jobs" {
}
`;

describe('cost in the editor', () => {
  before(loadParser);
  const index = () => indexOf({ 'main.tf': main });

  it('a lens with the monthly cost on each priced resource, its instances summed; none on what is not priced', () => {
    const i = index();
    const file = i.get('file:///w/main.tf');
    assert.ok(file);
    const lenses = feature.codeLenses?.(file, contextOf(i)) ?? [];
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.range.start.character, l.command?.title, l.command?.command]), [
      [3, 27, '$65.70 a month (2 instances)', ''],
      [6, 24, '$71.68 a month', ''],
    ]);
  });

  it('an inlay hint after each priced name, its tooltip the breakdown: items, unit prices, sources with their dates', () => {
    const i = index();
    const file = i.get('file:///w/main.tf');
    assert.ok(file);
    const hints = feature.inlayHints?.(file, { start: { line: 0, character: 0 }, end: { line: 15, character: 0 } }, contextOf(i)) ?? [];
    assert.deepEqual(hints.map((h) => [h.position, h.label, h.paddingLeft]), [
      [{ line: 3, character: 35 }, '$65.70 a month (2 instances)', true],
      [{ line: 6, character: 29 }, '$71.68 a month', true],
    ]);
    assert.equal((hints[1].tooltip as MarkupContent).value, [
      '**aws_instance.web**: $71.68 a month',
      '',
      '| item | quantity | unit | unit price | monthly | source (date) |',
      '|---|--:|---|--:|--:|---|',
      '| Instance usage (Linux/UNIX, on-demand, m5.large) | 730 | hours | $0.096 | $70.08 | https://aws.amazon.com/ec2/pricing/on-demand/ (2026-11-26) |',
      '| root_block_device: Storage (general purpose SSD, gp3) | 20 | GB | $0.08 | $1.60 | https://aws.amazon.com/ebs/pricing/ (2026-11-26) |',
      '',
      "Carbon: 3.03 kgCO2e a month (Cloud Carbon Footprint's method).",
      '',
      'On-demand prices of us-east-1 in USD, each with its source and date.',
    ].join('\n'));
    assert.equal((hints[0].tooltip as MarkupContent).value.split('\n')[0], '**aws_nat_gateway.egress\\[0\\]** and 1 more instances: $65.70 a month');
    // Only the hints in the range asked.
    assert.deepEqual((feature.inlayHints?.(file, { start: { line: 5, character: 0 }, end: { line: 15, character: 0 } }, contextOf(i)) ?? []).map((h) => h.label), ['$71.68 a month']);
  });

  it('a lens on each priced Kubernetes workload: requests × replicas on the node type of the nearest archipel.yaml', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: app:1
          resources:
            requests: { cpu: "1", memory: 4Gi }
            limits: { cpu: "1", memory: 4Gi }
`;
    const i = indexOf({ 'k8s/web.yaml': deployment, 'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n' });
    const file = i.get('file:///w/k8s/web.yaml');
    assert.ok(file);
    const lenses = feature.codeLenses?.(file, contextOf(i)) ?? [];
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[1, '$53.81 a month']]);
    // 2 replicas × a quarter of an e2-standard-4 (1 of 4 vCPUs, 4 of 16 GiB) × 730 h × $0.14743 = $53.81 (the node type of archipel.yaml).
    // The hover on the workload's line (its kind, where the lens is): its breakdown and carbon (365 node-hours × 4 vCPU × 2.15 W × PUE 1.09: 0.38 kg, + embodied 1,230.3 kg × 365 / 35,040 h × 4 / 32: 1.60 kg); none on another line.
    const hover = feature.hover?.(file, deployment.indexOf('Deployment'), contextOf(i));
    assert.equal((hover?.contents as MarkupContent).value, [
      '**Deployment/web**: $53.81 a month',
      '',
      '| item | quantity | unit | unit price | monthly | source (date) |',
      '|---|--:|---|--:|--:|---|',
      '| Pod requests (1 vCPU, 4 GiB) × 2 on e2-standard-4 | 365 | node-hours | $0.1474 | $53.81 | https://cloud.google.com/compute/vm-instance-pricing (2026-07-30) |',
      '',
      "Carbon: 1.98 kgCO2e a month (Cloud Carbon Footprint's method).",
      '',
      'On-demand prices of europe-west1 in USD, each with its source and date.',
    ].join('\n'));
    assert.equal(feature.hover?.(file, deployment.indexOf('replicas'), contextOf(i)), undefined);
  });

  it('a hover with the breakdown on a priced resource\'s header line, its range the name; none elsewhere nor on what is not priced', () => {
    const i = index();
    const file = i.get('file:///w/main.tf');
    assert.ok(file);
    const hover = feature.hover?.(file, main.indexOf('"aws_instance"'), contextOf(i));
    assert.deepEqual(hover?.range, { start: { line: 6, character: 24 }, end: { line: 6, character: 29 } });
    assert.equal((hover?.contents as MarkupContent).value.split('\n')[0], '**aws_instance.web**: $71.68 a month');
    assert.ok((hover?.contents as MarkupContent).value.includes("Carbon: 3.03 kgCO2e a month (Cloud Carbon Footprint's method)."));
    const nat = feature.hover?.(file, main.indexOf('egress'), contextOf(i));
    assert.ok((nat?.contents as MarkupContent).value.includes('Carbon: not known for this component.'));
    assert.equal(feature.hover?.(file, main.indexOf('instance_type'), contextOf(i)), undefined);
    assert.equal(feature.hover?.(file, main.indexOf('aws_sqs_queue'), contextOf(i)), undefined);
  });

  it('renders a chart once per change of its files: a second lens or hover renders nothing, an edit of its values once', () => {
    const renders: string[] = [];
    const counted = costFeature({ prices: () => loadPrices(repoRoot), carbon: () => loadCarbon(repoRoot), faces: { kubernetes: kubernetesFace, compose: composeFace, helm: helmFace({ apiVersions: () => apiVersionsAt(repoRoot), reader: helmReader, rendered: (chart) => renders.push(chart) }) }, ready: () => undefined });
    const values = 'replicaCount: 2\nresources:\n  requests: { cpu: "1", memory: 4Gi }\n';
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n';
    const i = indexOf({
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'chart/values.yaml': values,
      'chart/templates/deployment.yaml': deployment,
      'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n',
    });
    const uri = 'file:///w/chart/values.yaml';
    const lenses = () => (counted.codeLenses?.(i.get(uri)!, contextOf(i)) ?? []).map((l) => l.command?.title);
    // The lens asks for the release's render twice (the keys' workloads, the system priced): one render.
    assert.deepEqual(lenses(), ['$53.81 a month (chart)', '$53.81 a month (chart)', '$53.81 a month (chart)']);
    assert.deepEqual(renders, ['file:///w/chart/']);
    // Again, and a hover: nothing rendered.
    assert.deepEqual(lenses(), ['$53.81 a month (chart)', '$53.81 a month (chart)', '$53.81 a month (chart)']);
    assert.equal((counted.hover?.(i.get(uri)!, 0, contextOf(i))?.contents as MarkupContent).value.split('\n')[0], '**replicaCount** in chart: $53.81 a month, the cost of Deployment/web');
    assert.equal(renders.length, 1);
    // A file the chart does not read changes (the cost section's node type: twice the vCPUs at twice the price, the same share; the same render).
    i.update('file:///w/archipel.yaml', 'cost:\n  kubernetes: { machineType: e2-standard-8, region: europe-west1 }\n');
    assert.deepEqual(lenses(), ['$53.81 a month (chart)', '$53.81 a month (chart)', '$53.81 a month (chart)']);
    assert.equal(renders.length, 1);
    // An edit of the values: rendered once more, at the new cost (3 replicas).
    i.update(uri, values.replace('replicaCount: 2', 'replicaCount: 3'));
    assert.deepEqual(lenses(), ['$80.72 a month (chart)', '$80.72 a month (chart)', '$80.72 a month (chart)']);
    assert.equal(renders.length, 2);
    assert.equal((counted.hover?.(i.get(uri)!, 0, contextOf(i))?.contents as MarkupContent).value.split('\n')[0], '**replicaCount** in chart: $80.72 a month, the cost of Deployment/web');
    assert.equal(renders.length, 2);
    // An edit of a template: once more.
    i.update('file:///w/chart/templates/deployment.yaml', deployment.replace('image: app:1', 'image: app:2'));
    lenses();
    assert.equal(renders.length, 3);
  });

  it('a lens on each values key of a chart that changes the cost: replicas, requests, the HPA bounds (its maximum at the HPA maximum)', () => {
    const withHelm = costFeature({ prices: () => loadPrices(repoRoot), carbon: () => loadCarbon(repoRoot), faces: { kubernetes: kubernetesFace, compose: composeFace, helm: helmFace({ apiVersions: () => apiVersionsAt(repoRoot), reader: helmReader }) }, ready: () => undefined });
    const values = 'replicaCount: 3\nimage: app:1\nresources:\n  requests: { cpu: "1", memory: 4Gi }\n  limits: { cpu: "1", memory: 4Gi }\nautoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 4\n';
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers:\n        - name: app\n          image: {{ .Values.image }}\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n';
    const hpa = '{{- if .Values.autoscaling.enabled }}\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: {{ .Values.autoscaling.minReplicas }}\n  maxReplicas: {{ .Values.autoscaling.maxReplicas }}\n{{- end }}\n';
    const i = indexOf({
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'chart/values.yaml': values,
      'chart/templates/deployment.yaml': deployment,
      'chart/templates/hpa.yaml': hpa,
      'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n',
    });
    const file = i.get('file:///w/chart/values.yaml');
    assert.ok(file);
    // No Application deploys the chart: its default release (named after its folder). The HPA's minimum, 2 replicas ×
    // a quarter of an e2-standard-4: $53.81 (as the manifest above); at its maximum, 4: $107.62. replicaCount is read by
    // the Deployment's template (under the HPA's condition): it drives the Deployment's cost.
    assert.deepEqual((withHelm.codeLenses?.(file, contextOf(i)) ?? []).map((l) => [l.range.start.line, l.range.start.character, l.command?.title]), [
      [0, 0, '$53.81 a month (chart)'],
      [3, 14, '$53.81 a month (chart)'],
      [3, 24, '$53.81 a month (chart)'],
      [7, 2, '$53.81 a month (chart)'],
      [8, 2, '$107.62 a month at the HPA maximum (chart)'],
    ]);
    // The hover of a key that changes the cost: what it costs in the release, then the breakdown of each workload it drives (its range the key).
    const hover = withHelm.hover?.(file, values.indexOf('replicaCount') + 3, contextOf(i));
    const breakdown = [
      '**Deployment/web**: $53.81 a month',
      '',
      '| item | quantity | unit | unit price | monthly | source (date) |',
      '|---|--:|---|--:|--:|---|',
      '| Pod requests (1 vCPU, 4 GiB) × 2 on e2-standard-4 (HPA minimum) | 365 | node-hours | $0.1474 | $53.81 | https://cloud.google.com/compute/vm-instance-pricing (2026-07-30) |',
      '',
      "Carbon: 1.98 kgCO2e a month (Cloud Carbon Footprint's method).",
      '',
      '$107.62 at the HPA maximum',
      '',
      'On-demand prices of europe-west1 in USD, each with its source and date.',
    ];
    assert.deepEqual(hover?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } });
    assert.equal((hover?.contents as MarkupContent).value, ['**replicaCount** in chart: $53.81 a month, the cost of Deployment/web', '', ...breakdown].join('\n'));
    // On maxReplicas: the workloads at the HPA maximum.
    const max = withHelm.hover?.(file, values.indexOf('maxReplicas'), contextOf(i));
    assert.deepEqual(max?.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 13 } });
    assert.equal((max?.contents as MarkupContent).value, ['**autoscaling.maxReplicas** in chart: $107.62 a month at the HPA maximum, the cost of Deployment/web', '', ...breakdown].join('\n'));
    // Nothing on a key that changes no cost, nor on a line without a key.
    assert.equal(withHelm.hover?.(file, values.indexOf('image'), contextOf(i)), undefined);
    assert.equal(withHelm.hover?.(file, values.indexOf('enabled'), contextOf(i)), undefined);
    // In French when the editor is.
    addCatalogue('fr', frCost);
    setLanguage('fr');
    try {
      const french = (withHelm.hover?.(file, values.indexOf('replicaCount'), contextOf(i))?.contents as MarkupContent).value.split('\n');
      assert.deepEqual([french[0], french[2], french[4], french[8], french[10], french[12]], [
        '**replicaCount** dans chart: $53.81 par mois, le coût de Deployment/web',
        '**Deployment/web**: $53.81 par mois',
        '| élément | quantité | unité | prix unitaire | par mois | source (date) |',
        'Carbone : 1.98 kgCO2e par mois (méthode de Cloud Carbon Footprint).',
        '$107.62 au maximum du HPA',
        'Prix à la demande de europe-west1 en USD, chacun avec sa source et sa date.',
      ]);
    } finally {
      setLanguage('en');
    }
  });
});
