// The controls that turn Threagile's rules off, read from the files (issue #78, threats78e), each a fact with its line
// and each planted twice, without and with: a web application firewall in front of a way in (an AWS WAF association,
// Cloud Armor, an Azure WAF, ModSecurity's rules on an ingress-nginx Ingress) for missing-waf; a scan step in the
// workflow that deploys (Trivy, Grype, Snyk, CodeQL, Docker Scout) for unchecked-deployment; an identity provider
// known by its product (Keycloak, Dex, oauth2-proxy…) for missing-identity-provider-isolation, off in a walled namespace.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { identityProvider } from '../../../src/threats/identityProviders';
import { scanStepLine } from '../../../src/threats/evidence';
import { wafLine } from '../../../src/threats/fileFacts';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { suiteTrees } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }
interface Entry { via: string; waf?: { file: string; line: number } }

async function threats(root: string, folder: string): Promise<{ risks: string[]; entries: Entry[] }> {
  const { out } = await runCli(['threats', folder, '--format', 'json'], root);
  const model = await runCli(['threats', folder, '--format', 'model'], root);
  const risks = (JSON.parse(out) as { risks: Risk[] }).risks.map((r) => `${r.rule.slice('threat-'.length)} ${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();
  return { risks, entries: (JSON.parse(model.out) as { entries: Entry[] }).entries };
}
const rule = (risks: string[], id: string) => risks.filter((r) => r.startsWith(`${id} `));

describe('threats: controls read from the files turn rules off (threats78e)', function () {
  this.timeout(300_000);
  const tree = suiteTrees();

  it('the lines that say so: a WAF in a block, a scan step in a workflow, an identity provider by its product', () => {
    assert.equal(wafLine(['resource "google_compute_backend_service" "web" {', '  security_policy = google_compute_security_policy.edge.id', '}']), 1);
    assert.equal(wafLine(['resource "google_compute_backend_service" "web" {', '  security_policy = null', '}']), undefined);
    assert.equal(wafLine(['resource "azurerm_application_gateway" "front" {', '  waf_configuration {', '    enabled = true', '  }', '}']), 1);
    assert.equal(wafLine(['  annotations:', '    nginx.ingress.kubernetes.io/enable-modsecurity: "true"', '    nginx.ingress.kubernetes.io/enable-owasp-core-rules: "true"']), 2);
    assert.equal(wafLine(['  annotations:', '    nginx.ingress.kubernetes.io/enable-modsecurity: "true"']), undefined, 'ModSecurity alone runs DetectionOnly: it filters nothing');
    assert.equal(scanStepLine(['    steps:', '      - uses: aquasecurity/trivy-action@0.28.0', '        with:', '          exit-code: 1']), 1);
    // Trivy exits 0 on findings unless told otherwise (issue #95): its action with no exit code, its command without one.
    assert.equal(scanStepLine(['    steps:', '      - uses: aquasecurity/trivy-action@0.28.0', '        with:', '          image-ref: ghcr.io/example/shop:1.0']), undefined);
    assert.equal(scanStepLine(['      - run: trivy image ghcr.io/example/shop:1.0']), undefined);
    assert.equal(scanStepLine(['      - run: trivy image --exit-code 1 --severity CRITICAL ghcr.io/example/shop:1.0']), 0);
    assert.equal(scanStepLine(['      - uses: aquasecurity/trivy-action@0.28.0', '        with:', '          exit-code: ${{ inputs.fail-code }}']), 0, 'an expression may be non-zero');
    assert.equal(scanStepLine(['      - uses: aquasecurity/trivy-action@0.28.0', '        with:', '          trivy-config: trivy.yaml']), 0, 'a config file the workflow does not show may set it');
    assert.equal(scanStepLine(['      - run: docker scout cves ghcr.io/example/shop:1.0']), 0);
    assert.equal(scanStepLine(['      - run: grype ghcr.io/example/shop:1.0 --fail-on high']), 0);
    assert.equal(scanStepLine(['      # - uses: aquasecurity/trivy-action@0.28.0', '      - run: kubectl apply -f k8s/']), undefined);
    assert.equal(identityProvider({ image: 'quay.io/keycloak/keycloak:24.0' }), true);
    assert.equal(identityProvider({ image: 'ghcr.io/dexidp/dex:v2.41.1' }), true);
    assert.equal(identityProvider({ resource: 'aws_cognito_user_pool' }), true);
    assert.equal(identityProvider({ image: 'ghcr.io/example/keycloak-theme:1.0' }), false);
  });

  it('missing-waf: an ALB in front of an ECS service; with an AWS WAF web ACL associated with it, none (the association its line)', async () => {
    const main = readFileSync(path.join(fixturesDir, 'oss', 'system', 'hashicorp+terraform-provider-aws', 'examples', 'ecs-alb', 'main.tf'), 'utf8');
    const waf = ['resource "aws_wafv2_web_acl" "edge" {', '  name  = "edge"', '  scope = "REGIONAL"', '}', '', 'resource "aws_wafv2_web_acl_association" "edge" {', '  resource_arn = aws_alb.main.arn', '  web_acl_arn  = aws_wafv2_web_acl.edge.arn', '}', ''].join('\n');
    const root = tree({ 'open/main.tf': main, 'filtered/main.tf': main, 'filtered/waf.tf': waf });
    const open = await threats(root, 'open');
    assert.deepEqual(rule(open.risks, 'missing-waf'), ['missing-waf main.tf:287']);
    const filtered = await threats(root, 'filtered');
    assert.deepEqual(rule(filtered.risks, 'missing-waf'), []);
    assert.deepEqual(filtered.entries.map((e) => e.waf), [{ file: 'waf.tf', line: 7 }]);
    assert.deepEqual(filtered.risks.filter((r) => !r.startsWith('missing-waf')), open.risks.filter((r) => !r.startsWith('missing-waf')), 'the other risks unchanged');
  });

  it("an ingress-nginx Ingress running the OWASP Core Rule Set: the entry's WAF on that line", async () => {
    const ingress = (annotations: string[]) => [
      'apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: shop', '  annotations:', ...annotations,
      'spec:', '  rules:', '    - http:', '        paths:', '          - path: /', '            pathType: Prefix', '            backend:', '              service:', '                name: shop', '                port:', '                  number: 80',
      '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: shop', 'spec:', '  selector: {app: shop}', '  ports:', '    - port: 80',
      '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: shop', 'spec:', '  template:', '    metadata:', '      labels: {app: shop}', '    spec:', '      containers:', '        - name: shop', '          image: ghcr.io/example/shop:1.0', '',
    ].join('\n');
    const root = tree({
      'plain/shop.yaml': ingress(['    kubernetes.io/ingress.class: nginx']),
      'crs/shop.yaml': ingress(['    nginx.ingress.kubernetes.io/enable-modsecurity: "true"', '    nginx.ingress.kubernetes.io/enable-owasp-core-rules: "true"']),
    });
    assert.deepEqual((await threats(root, 'plain')).entries.map((e) => [e.via, e.waf]), [['ingress', undefined]]);
    assert.deepEqual((await threats(root, 'crs')).entries.map((e) => [e.via, e.waf]), [['ingress', { file: 'shop.yaml', line: 7 }]]);
  });

  it("an AWS Load Balancer Controller Ingress whose ALB is associated with a WAF web ACL by annotation, and an association naming the ALB's id: the entry's WAF (issue #95)", async () => {
    assert.equal(wafLine(['  annotations:', '    alb.ingress.kubernetes.io/scheme: internet-facing', '    alb.ingress.kubernetes.io/wafv2-acl-arn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0b1c']), 2);
    assert.equal(wafLine(['  annotations:', '    alb.ingress.kubernetes.io/waf-acl-id: 2a4c0b1c-7d3e-4f5a-9b6c-8d7e6f5a4b3c']), 1);
    assert.equal(wafLine(['  annotations:', '    alb.ingress.kubernetes.io/wafv2-acl-arn: ""']), undefined, 'an empty ARN associates nothing');
    // kubernetes/examples' AI/model-serving-tensorflow (fixtures/oss/k8s-examples-2025, Apache-2.0), its Ingress given to the ALB controller.
    const folder = path.join(fixturesDir, 'oss', 'k8s-examples-2025', 'AI', 'model-serving-tensorflow');
    const files = (annotations: string) => Object.fromEntries(['ingress.yaml', 'service.yaml', 'deployment.yaml'].map((f) => [f, f === 'ingress.yaml' ? readFileSync(path.join(folder, f), 'utf8').replace('  annotations:\n', `  annotations:\n${annotations}`) : readFileSync(path.join(folder, f), 'utf8')]));
    const prefix = (name: string, tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).map(([f, text]) => [`${name}/${f}`, text]));
    const root = tree({
      ...prefix('alb', files('    alb.ingress.kubernetes.io/scheme: internet-facing\n')),
      ...prefix('alb-waf', files('    alb.ingress.kubernetes.io/scheme: internet-facing\n    alb.ingress.kubernetes.io/wafv2-acl-arn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0b1c\n')),
    });
    assert.deepEqual((await threats(root, 'alb')).entries.map((e) => [e.via, e.waf]), [['ingress', undefined]]);
    assert.deepEqual((await threats(root, 'alb-waf')).entries.map((e) => [e.via, e.waf]), [['ingress', { file: 'ingress.yaml', line: 7 }]]);
    // The association naming the load balancer by its `id` (the same ARN for an aws_lb).
    const main = readFileSync(path.join(fixturesDir, 'oss', 'system', 'hashicorp+terraform-provider-aws', 'examples', 'ecs-alb', 'main.tf'), 'utf8');
    const waf = ['resource "aws_wafv2_web_acl_association" "edge" {', '  resource_arn = aws_alb.main.id', '  web_acl_arn  = aws_wafv2_web_acl.edge.arn', '}', ''].join('\n');
    const filtered = await threats(tree({ 'byid/main.tf': main, 'byid/waf.tf': waf }), 'byid');
    assert.deepEqual(rule(filtered.risks, 'missing-waf'), []);
    assert.deepEqual(filtered.entries.map((e) => e.waf), [{ file: 'waf.tf', line: 2 }]);
  });

  it('unchecked-deployment: a workflow that deploys; the same with a Trivy scan of what it ships, none', async () => {
    const insecure = path.join(fixturesDir, 'threats', 'insecure');
    const compose = readFileSync(path.join(insecure, 'compose.yaml'), 'utf8');
    const workflow = readFileSync(path.join(insecure, '.github', 'workflows', 'deploy.yml'), 'utf8');
    const scanned = workflow.replace('      - run: kubectl apply -f k8s/', '      - uses: aquasecurity/trivy-action@0.28.0\n        with: {scan-type: fs, exit-code: "1"}\n      - run: kubectl apply -f k8s/');
    const k8s = readFileSync(path.join(insecure, 'k8s', 'api.yaml'), 'utf8');
    const root = tree({ 'open/compose.yaml': compose, 'open/.github/workflows/deploy.yml': workflow, 'open/k8s/api.yaml': k8s, 'checked/compose.yaml': compose, 'checked/.github/workflows/deploy.yml': scanned, 'checked/k8s/api.yaml': k8s });
    assert.deepEqual(rule((await threats(root, 'open')).risks, 'unchecked-deployment'), ['unchecked-deployment .github/workflows/deploy.yml:8']);
    assert.deepEqual(rule((await threats(root, 'checked')).risks, 'unchecked-deployment'), []);
    // Issue #95: a Trivy step that exits 0 on findings (`exit-code: "0"`, or no exit code: Trivy's default, trivy-action's
    // input having none) checks nothing that can stop the deployment: the risk stays, on the deployment's line.
    const soft = tree({
      'zero/compose.yaml': compose, 'zero/k8s/api.yaml': k8s, 'zero/.github/workflows/deploy.yml': scanned.replace('exit-code: "1"', 'exit-code: "0"'),
      'default/compose.yaml': compose, 'default/k8s/api.yaml': k8s, 'default/.github/workflows/deploy.yml': scanned.replace(', exit-code: "1"', ''),
    });
    assert.deepEqual(rule((await threats(soft, 'zero')).risks, 'unchecked-deployment'), ['unchecked-deployment .github/workflows/deploy.yml:10']);
    assert.deepEqual(rule((await threats(soft, 'default')).risks, 'unchecked-deployment'), ['unchecked-deployment .github/workflows/deploy.yml:10']);
  });

  it('missing-identity-provider-isolation: Keycloak beside the shop in one Compose network or an open namespace; in a namespace walled by a NetworkPolicy, none', async () => {
    const keycloak = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: keycloak', '  namespace: auth', 'spec:', '  template:', '    metadata:', '      labels: {app: keycloak}', '    spec:', '      containers:', '        - name: keycloak', '          image: quay.io/keycloak/keycloak:24.0', '          args: [start]'];
    const shop = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: shop', '  namespace: shop', 'spec:', '  template:', '    metadata:', '      labels: {app: shop}', '    spec:', '      containers:', '        - name: shop', '          image: ghcr.io/example/shop:1.0'];
    const wall = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: only-from-shop', '  namespace: auth', 'spec:', '  podSelector: {}', '  policyTypes: [Ingress]'];
    const root = tree({
      'compose/compose.yaml': ['services:', '  keycloak:', '    image: quay.io/keycloak/keycloak:24.0', '    command: start-dev', '  shop:', '    image: ghcr.io/example/shop:1.0', '    environment:', '      OIDC_ISSUER: https://keycloak:8443/realms/shop', ''].join('\n'),
      'open/k8s.yaml': [...keycloak, '---', ...shop, ''].join('\n'),
      'walled/k8s.yaml': [...keycloak, '---', ...wall, '---', ...shop, ''].join('\n'),
    });
    assert.deepEqual(rule((await threats(root, 'compose')).risks, 'missing-identity-provider-isolation'), ['missing-identity-provider-isolation compose.yaml:2']);
    assert.deepEqual(rule((await threats(root, 'open')).risks, 'missing-identity-provider-isolation'), ['missing-identity-provider-isolation k8s.yaml:4']);
    assert.deepEqual(rule((await threats(root, 'walled')).risks, 'missing-identity-provider-isolation'), []);
  });
});
