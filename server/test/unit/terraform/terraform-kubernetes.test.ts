// kubernetes_manifest resources checked by the Kubernetes family's rules, findings on the HCL they come from.
import { composeFace } from '../../../src/compose/api';
import assert from 'node:assert/strict';
import type { Feature } from '../../../src/features/feature';
import { kubernetesFeature } from '../../../src/kubernetes/feature';
import { loadKubernetesValidator } from '../../../src/platform/resources';
import { repoRoot } from '../../helpers';
import { covered, diagnose, loadParser } from '../../terraform';
import { knownPinWith } from '../../../src/dockerfile/pins';

let kubernetes: Feature | undefined;
const services = { kubernetes: () => (kubernetes ??= kubernetesFeature(loadKubernetesValidator(repoRoot), knownPinWith(composeFace))) };

/** The Kubernetes findings of a module's main.tf: code, line, the text covered. */
function k8s(text: string): [string, number, string][] {
  return diagnose({ 'm/main.tf': text, 'm/variables.tf': 'variable "namespace" {}\nvariable "image" {}\nvariable "replicas" {}\nvariable "spec" {}\nvariable "key" {}\nvariable "root" {}\n' }, 'm/main.tf', services)
    .filter((d) => String(d.code).startsWith('k8s-'))
    .map((d) => [String(d.code), d.range.start.line, covered(text, d)]);
}

/** A hardened container: no hygiene finding of its own. */
const container = (extra: string) =>
  `{\n            name  = "api"\n            image = "nginx:1.27.0"\n${extra}            resources = {\n              requests = { cpu = "100m", memory = "64Mi" }\n              limits   = { memory = "64Mi" }\n            }\n            livenessProbe  = { httpGet = { path = "/", port = 80 } }\n            readinessProbe = { httpGet = { path = "/", port = 80 } }\n            securityContext = {\n              allowPrivilegeEscalation = false\n              readOnlyRootFilesystem   = true\n              runAsNonRoot             = true\n            }\n          }`;

const deployment = (spec: string, meta = 'name = "api"') => `resource "kubernetes_manifest" "api" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata   = { ${meta} }
    spec = {
${spec}
      selector = { matchLabels = { app = "api" } }
      template = {
        metadata = { labels = { app = "api" } }
        spec = {
          containers = [${container('')}]
        }
      }
    }
  }
}
`;

describe('Terraform: kubernetes_manifest checked by the Kubernetes rules', () => {
  before(loadParser);

  it('a clean manifest gives nothing; a misspelt field is on its HCL key, a wrong type on its value', () => {
    assert.deepEqual(k8s(deployment('      replicas = 2')), []);
    assert.deepEqual(k8s(deployment('      replcas = 2')), [['k8s-schema', 6, 'replcas']]);
    assert.deepEqual(k8s(deployment('      replicas = "two"')), [['k8s-schema', 6, '"two"']]);
    const [message] = diagnose({ 'm/main.tf': deployment('      replcas = 2') }, 'm/main.tf', services).filter((d) => d.code === 'k8s-schema').map((d) => d.message);
    assert.equal(message, 'Unknown field "replcas" in DeploymentSpec (spec). Did you mean "replicas"?');
  });

  it("the object rules find a container's missing settings on its HCL, the image tag on its value", () => {
    const text = deployment('      replicas = 2').replace('"nginx:1.27.0"', '"nginx:latest"').replace('runAsNonRoot             = true', 'runAsNonRoot             = false');
    assert.deepEqual(k8s(text), [
      ['k8s-run-as-non-root', 12, '"api"'],
      ['k8s-image-tag', 13, '"nginx:latest"'],
    ]);
  });

  it('what the configuration does not state is unknown: no finding on it, nor on the object holding it', () => {
    // References, an interpolation, a function call, null, a computed key, a for expression.
    const stated = deployment('      replicas = var.replicas\n      minReadySeconds = null\n      revisionHistoryLimit = max(1, 2)', 'name = "api-${var.namespace}", namespace = var.namespace, labels = { (var.key) = "x" }')
      .replace('"nginx:1.27.0"', 'var.image')
      .replace('runAsNonRoot             = true', 'runAsNonRoot             = var.root')
      .replace('metadata = { labels = { app = "api" } }', 'metadata = { labels = { for k in ["app"] : k => "api" } }');
    assert.deepEqual(k8s(stated), []);
    // A whole spec from a variable: nothing to check in it, the rest still checked.
    assert.deepEqual(k8s('resource "kubernetes_manifest" "api" {\n  manifest = {\n    apiVersion = "apps/v1"\n    kind       = "Deployment"\n    metadata   = { name = "api", labls = {} }\n    spec       = var.spec\n  }\n}\n'), [['k8s-schema', 4, 'labls']]);
  });

  it('a yamldecode heredoc is checked in place; one with an interpolation is not read', () => {
    const heredoc = 'resource "kubernetes_manifest" "svc" {\n  manifest = yamldecode(<<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  type: Bogus\n  ports:\n    - port: 80\nEOF\n  )\n}\n';
    assert.deepEqual(k8s(heredoc), [['k8s-schema', 7, 'Bogus']]);
    assert.deepEqual(k8s(heredoc.replace('name: api', 'name: ${var.namespace}')), []);
    assert.deepEqual(k8s(heredoc.replace('<<EOF', '<<-EOF')), []);
  });

  it('an unknown kind of a built-in group is said; a custom resource has no schema (information); rules reading other objects are not run', () => {
    assert.deepEqual(k8s('resource "kubernetes_manifest" "x" {\n  manifest = {\n    apiVersion = "apps/v1"\n    kind       = "Deploymnt"\n    metadata   = { name = "x" }\n  }\n}\n'), [['k8s-unknown-kind', 3, '"Deploymnt"']]);
    assert.deepEqual(k8s('resource "kubernetes_manifest" "x" {\n  manifest = {\n    apiVersion = "example.com/v1"\n    kind       = "Widget"\n    metadata   = { name = "x" }\n  }\n}\n'), [['k8s-no-schema', 3, '"Widget"']]);
    // A Service selecting pods no manifest here declares: the cross-object rule is not run on one manifest alone.
    assert.deepEqual(k8s('resource "kubernetes_manifest" "x" {\n  manifest = {\n    apiVersion = "v1"\n    kind       = "Service"\n    metadata   = { name = "x" }\n    spec       = { selector = { app = "nowhere" }, ports = [{ port = 80 }] }\n  }\n}\n'), []);
  });

  it('the JSON syntax is read alike: an interpolation is unknown, a misspelt field is on its key', () => {
    const text = JSON.stringify({ resource: { kubernetes_manifest: { cm: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: '${var.namespace}' }, dta: { a: 'b' } } } } } }, null, 2);
    const found = diagnose({ 'm/main.tf.json': text, 'm/variables.tf': 'variable "namespace" {}\n' }, 'm/main.tf.json', services).filter((d) => String(d.code).startsWith('k8s-'));
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line, covered(text, d), d.message]), [['k8s-schema', 11, 'dta', 'Unknown field "dta" in ConfigMap. Did you mean "data"?']]);
  });

  it('# archipel-ignore on the line silences a Kubernetes rule there', () => {
    assert.deepEqual(k8s(deployment('      replcas = 2 # archipel-ignore k8s-schema')), []);
  });
});

/** A hardened typed Deployment (the provider's blocks): no finding of its own. */
const typedDeployment = (extra = '', containerExtra = '') => `resource "kubernetes_deployment_v1" "api" {
  metadata {
    name = "api"
  }
  spec {
    replicas = 2
    selector {
      match_labels = { app = "api" }
    }
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
${extra}        container {
          name  = "api"
          image = "nginx:1.27.0"
          port {
            name           = "http"
            container_port = 8080
          }
          resources {
            requests = { cpu = "100m", memory = "64Mi" }
            limits   = { memory = "64Mi" }
          }
          liveness_probe {
            http_get {
              path = "/"
              port = "8080"
            }
          }
          readiness_probe {
            http_get {
              path = "/"
              port = "http"
            }
          }
          security_context {
            allow_privilege_escalation = false
            read_only_root_filesystem  = true
            run_as_non_root            = true
          }
${containerExtra}        }
      }
    }
  }
  wait_for_rollout = false
}
`;

describe('Terraform: the typed Kubernetes resources checked by the Kubernetes object rules', () => {
  before(loadParser);

  it('a hardened typed Deployment gives nothing: blocks read under the API names, a port string of digits a number', () => {
    assert.deepEqual(k8s(typedDeployment()), []);
  });

  it("findings land on the provider's blocks and values", () => {
    const text = typedDeployment('        host_pid = true\n', '          env {\n            name  = "DB_PASSWORD"\n            value = "hunter2"\n          }\n').replace('"nginx:1.27.0"', '"nginx:latest"').replace('run_as_non_root            = true', 'run_as_non_root            = false');
    assert.deepEqual(k8s(text), [
      ['k8s-run-as-non-root', 16, '"api"'],
      ['k8s-host-namespace', 14, 'host_pid'],
      ['k8s-image-tag', 17, '"nginx:latest"'],
      ['k8s-env-secret-literal', 45, '"hunter2"'],
    ]);
  });

  it('a dynamic block, a reference or a misspelt provider field gives no finding it could make false', () => {
    const dynamic = typedDeployment().replace('        container {', '        dynamic "container" {\n          for_each = var.spec\n          content {\n            name = container.value\n          }\n        }\n        container {').replace('"nginx:1.27.0"', 'var.image');
    assert.deepEqual(k8s(dynamic), []);
    assert.deepEqual(k8s(typedDeployment().replace('replicas = 2', 'replcas = 2')), []);
  });
});
