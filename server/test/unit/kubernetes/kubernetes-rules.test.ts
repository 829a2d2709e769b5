import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { cleanDeployment, cleanWorkspace } from '../../fixtures/manifests-clean';
import { codes, diagnoseWorkspace, fixturesDir, type TextDiagnostic } from '../../helpers';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { kubernetesRules } from '../../../src/kubernetes/checks/index';
import { KubernetesGraph } from '../../../src/kubernetes/model/objects';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** The clean workspace with one file's text changed (`from` must occur in it). */
function changed(file: string, from: string, to: string, extra: Record<string, string> = {}): Record<string, string> {
  const text = cleanWorkspace[file];
  assert.ok(text.includes(from), `fixture ${file} has no ${JSON.stringify(from)}`);
  return { ...cleanWorkspace, [file]: text.replace(from, to), ...extra };
}

function only(diagnostics: TextDiagnostic[], code: string): TextDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

describe('Kubernetes rules', () => {
  it('the clean workspace has no diagnostics at all', () => {
    for (const file of Object.keys(cleanWorkspace)) {
      assert.deepEqual(diagnoseWorkspace(cleanWorkspace, file).map((d) => `${file} ${String(d.code)} ${d.message}`), []);
    }
  });

  describe('k8s-selector-mismatch', () => {
    it('reports a selector that does not select the template labels, on the mismatching label', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/deployment.yaml', '    matchLabels:\n      app: api', '    matchLabels:\n      app: apy'), 'k8s/deployment.yaml'), 'k8s-selector-mismatch');
      assert.equal(`${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`, '9:11-14');
      assert.match(d.message, /does not match the pod template's labels \(app=api\)/);
      assert.deepEqual(d.data, { labels: { app: 'api' } });
    });
    it('accepts matchExpressions that select the labels', () => {
      const files = changed('k8s/deployment.yaml', '    matchLabels:\n      app: api', '    matchExpressions:\n      - {key: app, operator: In, values: [api, web]}');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/deployment.yaml'), 'k8s-selector-mismatch'), []);
    });
  });

  describe('k8s-service-no-match', () => {
    it('warns when no workload in the namespace has the selected labels', () => {
      const diagnostics = diagnoseWorkspace(changed('k8s/service.yaml', '    app: api', '    tier: payments'), 'k8s/service.yaml');
      assert.deepEqual(codes(diagnostics, 'k8s-service-no-match'), ['6:2 k8s-service-no-match']);
      assert.equal(only(diagnostics, 'k8s-service-no-match')[0].severity, DiagnosticSeverity.Warning);
    });
    it('puts a misspelt selector value on that value, with the pods\' value as its quick fix', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/service.yaml', '    app: api', '    app: apy'), 'k8s/service.yaml'), 'k8s-service-no-match');
      assert.equal(`${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`, '7:9-7:12');
      assert.match(d.message, /app=apy differs from the pods of Deployment "api" in namespace "shop" \(app=api\)\. Did you mean "api"\?/);
      assert.deepEqual(d.data, { replacement: 'api' });
    });
    it('is namespace-aware', () => {
      const files = changed('k8s/service.yaml', 'namespace: shop', 'namespace: other');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/service.yaml'), 'k8s-service-no-match'), ['6:2 k8s-service-no-match']);
    });
    it('updates when the workload file changes', () => {
      const files = changed('k8s/deployment.yaml', '        app: api\n', '        app: api-v2\n');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/service.yaml'), 'k8s-service-no-match'), ['7:9 k8s-service-no-match']);
    });
  });

  describe('k8s-service-target-port', () => {
    it('reports a named targetPort that no selected container names', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/service.yaml', 'targetPort: http', 'targetPort: https'), 'k8s/service.yaml'), 'k8s-service-target-port');
      assert.equal(`${d.range.start.line}:${d.range.start.character}`, '11:18');
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.match(d.message, /No container of Deployment "api" in namespace "shop" has a port named "https" \(named ports: http\)/);
    });
    it('warns for a numeric targetPort the pods do not declare, accepts one they do', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/service.yaml', 'targetPort: http', 'targetPort: 9090'), 'k8s/service.yaml'), 'k8s-service-target-port');
      assert.equal(d.severity, DiagnosticSeverity.Warning);
      assert.deepEqual(codes(diagnoseWorkspace(changed('k8s/service.yaml', 'targetPort: http', 'targetPort: 8080'), 'k8s/service.yaml'), 'k8s-service-target-port'), []);
    });
  });

  describe('k8s-probe-port', () => {
    it('reports a probe on a port name the container does not have', () => {
      const files = changed('k8s/deployment.yaml', 'path: /ready\n              port: http', 'path: /ready\n              port: metrics');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/deployment.yaml'), 'k8s-probe-port'), ['37:20 k8s-probe-port']);
    });
    it('warns at a numeric probe port none of the declared ports (kube-linter\'s liveness-port)', () => {
      const files = changed('k8s/deployment.yaml', 'path: /ready\n              port: http', 'path: /ready\n              port: 9000');
      assert.equal(only(diagnoseWorkspace(files, 'k8s/deployment.yaml'), 'k8s-probe-port')[0].severity, DiagnosticSeverity.Warning);
      const ok = changed('k8s/deployment.yaml', 'path: /ready\n              port: http', 'path: /ready\n              port: 8080');
      assert.deepEqual(codes(diagnoseWorkspace(ok, 'k8s/deployment.yaml'), 'k8s-probe-port'), []);
    });
  });

  describe('k8s-configmap-ref and k8s-secret-ref', () => {
    it('reports a missing ConfigMap with data for the create quick fix', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/deployment.yaml', 'name: api-config', 'name: api-conf'), 'k8s/deployment.yaml'), 'k8s-configmap-ref');
      assert.match(d.message, /ConfigMap "api-conf" is not defined in this workspace in namespace "shop"/);
      assert.deepEqual(d.data, { create: 'ConfigMap', name: 'api-conf', namespace: 'shop', keys: ['LOG_LEVEL'] });
    });
    it('reports a missing key', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/configmap.yaml', 'LOG_LEVEL: info', 'LEVEL: info'), 'k8s/deployment.yaml'), 'k8s-configmap-ref');
      assert.match(d.message, /ConfigMap "api-config" has no key "LOG_LEVEL" \(keys: LEVEL\)/);
      assert.equal(d.range.start.line, 28);
    });
    it('checks envFrom, volumes and projected volumes too, and skips optional references', () => {
      const volumes = `      volumes:\n        - name: a\n          configMap: {name: missing-a}\n        - name: b\n          projected:\n            sources:\n              - configMap: {name: missing-b, items: [{key: x, path: x}]}\n              - secret: {name: api-secret, items: [{key: NOPE, path: y}]}\n        - name: c\n          configMap: {name: missing-c, optional: true}\n`;
      const files = changed('k8s/deployment.yaml', '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n', `          envFrom:\n            - configMapRef: {name: missing-env}\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n${volumes}`);
      const diagnostics = diagnoseWorkspace(files, 'k8s/deployment.yaml');
      assert.deepEqual(only(diagnostics, 'k8s-configmap-ref').map((d) => /"([^"]+)"/.exec(d.message)?.[1]), ['missing-env', 'missing-a', 'missing-b']);
      assert.match(only(diagnostics, 'k8s-secret-ref')[0].message, /Secret "api-secret" has no key "NOPE"/);
    });
    it('a missing Secret is a warning when the workspace defines Secrets, information otherwise', () => {
      const files = changed('k8s/deployment.yaml', 'name: api-secret', 'name: db-secret');
      assert.equal(only(diagnoseWorkspace(files, 'k8s/deployment.yaml'), 'k8s-secret-ref')[0].severity, DiagnosticSeverity.Warning);
      const withoutSecrets = { ...files };
      delete withoutSecrets['k8s/secret.yaml'];
      const [d] = only(diagnoseWorkspace(withoutSecrets, 'k8s/deployment.yaml'), 'k8s-secret-ref');
      assert.equal(d.severity, DiagnosticSeverity.Information);
    });
    it('counts SealedSecrets and ExternalSecrets as defining a Secret', () => {
      const files = changed('k8s/deployment.yaml', 'name: api-secret', 'name: sealed');
      files['k8s/sealed.yaml'] = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: sealed, namespace: shop}\nspec:\n  encryptedData: {TOKEN: AgB}\n';
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/deployment.yaml'), 'k8s-secret-ref'), []);
    });
  });

  describe('k8s-ingress-backend and k8s-ingress-tls-secret', () => {
    it('reports a backend Service that does not exist', () => {
      const files = changed('k8s/ingress.yaml', '                name: api\n', '                name: apii\n');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/ingress.yaml'), 'k8s-ingress-backend'), ['17:22 k8s-ingress-backend']);
    });
    it('a custom resource of the namespace makes it information (its operator may create the Service), not one of an operator that writes only Secrets', () => {
      const files = changed('k8s/ingress.yaml', '                name: api\n', '                name: apii\n');
      files['k8s/external-secret.yaml'] = 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: token, namespace: shop}\nspec:\n  target: {name: token}\n';
      files['k8s/cert.yaml'] = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: shop, namespace: shop}\nspec:\n  secretName: shop-tls\n';
      assert.equal(only(diagnoseWorkspace(files, 'k8s/ingress.yaml'), 'k8s-ingress-backend')[0].severity, DiagnosticSeverity.Error);
      files['k8s/kafka.yaml'] = 'apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: {name: events, namespace: shop}\nspec: {}\n';
      const [d] = only(diagnoseWorkspace(files, 'k8s/ingress.yaml'), 'k8s-ingress-backend');
      assert.equal(d.severity, DiagnosticSeverity.Information);
      assert.match(d.message, /the operator of Kafka "events" in namespace "shop" may create it/);
    });
    it('reports a port the Service does not have', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/ingress.yaml', 'name: web', 'name: grpc'), 'k8s/ingress.yaml'), 'k8s-ingress-backend');
      assert.match(d.message, /Service "api" has no port named "grpc" \(ports: web \(80\)\)/);
      assert.deepEqual(codes(diagnoseWorkspace(changed('k8s/ingress.yaml', 'name: web', 'number: 80'), 'k8s/ingress.yaml'), 'k8s-ingress-backend'), []);
    });
    it('warns about a TLS Secret nothing defines; a cert-manager Certificate defines it', () => {
      const files = changed('k8s/ingress.yaml', 'secretName: api-secret', 'secretName: shop-tls');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/ingress.yaml'), 'k8s-ingress-tls-secret'), ['8:18 k8s-ingress-tls-secret']);
      files['k8s/cert.yaml'] = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: shop, namespace: shop}\nspec:\n  secretName: shop-tls\n';
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/ingress.yaml'), 'k8s-ingress-tls-secret'), []);
    });
  });

  describe('HorizontalPodAutoscaler and PodDisruptionBudget', () => {
    it('k8s-hpa-target: the target must exist with that kind and group', () => {
      assert.deepEqual(codes(diagnoseWorkspace(changed('k8s/hpa.yaml', '    name: api', '    name: web'), 'k8s/hpa.yaml'), 'k8s-hpa-target'), ['9:10 k8s-hpa-target']);
      assert.deepEqual(codes(diagnoseWorkspace(changed('k8s/hpa.yaml', 'kind: Deployment', 'kind: StatefulSet'), 'k8s/hpa.yaml'), 'k8s-hpa-target'), ['9:10 k8s-hpa-target']);
    });
    it('k8s-hpa-replicas: minReplicas ≤ maxReplicas', () => {
      assert.deepEqual(codes(diagnoseWorkspace(changed('k8s/hpa.yaml', 'minReplicas: 2', 'minReplicas: 8'), 'k8s/hpa.yaml'), 'k8s-hpa-replicas'), ['10:15 k8s-hpa-replicas']);
    });
    it('k8s-pdb-hpa: the PDB must leave room under the HPA minimum', () => {
      const [d] = only(diagnoseWorkspace(changed('k8s/pdb.yaml', 'minAvailable: 1', 'minAvailable: 2'), 'k8s/pdb.yaml'), 'k8s-pdb-hpa');
      assert.match(d.message, /minAvailable 2 leaves no pod of Deployment "api" in namespace "shop" evictable at the autoscaler's minimum of 2/);
      assert.equal(only(diagnoseWorkspace(changed('k8s/pdb.yaml', 'minAvailable: 1', 'minAvailable: 100%'), 'k8s/pdb.yaml'), 'k8s-pdb-hpa').length, 1);
      assert.equal(only(diagnoseWorkspace(changed('k8s/pdb.yaml', 'minAvailable: 1', 'maxUnavailable: 0'), 'k8s/pdb.yaml'), 'k8s-pdb-hpa').length, 1);
    });
  });

  describe('k8s-duplicate-object', () => {
    it('two files of one folder that nothing applies together are alternatives: a hint naming the other file at its name line', () => {
      const files = { ...cleanWorkspace, 'k8s/copy.yaml': cleanWorkspace['k8s/configmap.yaml'] };
      const [d] = only(diagnoseWorkspace(files, 'k8s/copy.yaml'), 'k8s-duplicate-object');
      assert.equal(d.severity, DiagnosticSeverity.Hint);
      assert.equal(d.message, 'ConfigMap "api-config" in namespace "shop" is also defined at configmap.yaml:4: alternatives, unless something applies both files together.');
    });
    it("kubernetes/examples' StorageClass \"slow\" in aws-ebs.yaml and gce-pd.yaml: a hint, not an error", () => {
      const storageClass = (provisioner: string) => `kind: StorageClass\napiVersion: storage.k8s.io/v1\nmetadata:\n  name: slow\nprovisioner: ${provisioner}\nparameters:\n  type: pd-standard\n`;
      const files = { 'storage/aws-ebs.yaml': storageClass('kubernetes.io/aws-ebs'), 'storage/gce-pd.yaml': storageClass('kubernetes.io/gce-pd') };
      const found = only(diagnoseWorkspace(files, 'storage/gce-pd.yaml'), 'k8s-duplicate-object');
      assert.deepEqual(found.map((d) => [d.severity, d.range.start.line, d.message]), [[DiagnosticSeverity.Hint, 3, 'StorageClass "slow" is also defined at aws-ebs.yaml:4: alternatives, unless something applies both files together.']]);
    });
    it('is an error when something applies both: one multi-document file, a kustomization listing both, an Argo CD or Flux application on the folder', () => {
      const copy = cleanWorkspace['k8s/configmap.yaml'];
      const multi = only(diagnoseWorkspace({ 'k8s/all.yaml': `${copy}---\n${copy}` }, 'k8s/all.yaml'), 'k8s-duplicate-object');
      assert.deepEqual(multi.map((d) => [d.severity, d.message]), [
        [DiagnosticSeverity.Error, 'ConfigMap "api-config" in namespace "shop" is also defined at all.yaml:12.'],
        [DiagnosticSeverity.Error, 'ConfigMap "api-config" in namespace "shop" is also defined at all.yaml:4.'],
      ]);
      const kustomized = { 'k8s/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n', 'k8s/a.yaml': copy, 'k8s/b.yaml': copy };
      assert.deepEqual(only(diagnoseWorkspace(kustomized, 'k8s/b.yaml'), 'k8s-duplicate-object').map((d) => d.severity), [DiagnosticSeverity.Error]);
      const listedOnce = { 'k8s/kustomization.yaml': 'resources: [a.yaml]\n', 'k8s/a.yaml': copy, 'k8s/b.yaml': copy };
      assert.deepEqual(only(diagnoseWorkspace(listedOnce, 'k8s/b.yaml'), 'k8s-duplicate-object').map((d) => d.severity), [DiagnosticSeverity.Hint]);
      const flux = { 'clusters/shop.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: shop, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./k8s\n  prune: true\n  sourceRef: {kind: GitRepository, name: shop}\n', 'k8s/a.yaml': copy, 'k8s/b.yaml': copy };
      assert.deepEqual(only(diagnoseWorkspace(flux, 'k8s/b.yaml'), 'k8s-duplicate-object').map((d) => d.severity), [DiagnosticSeverity.Error]);
    });
    it('does not count other namespaces, kustomize patches or separate kustomize roots', () => {
      const otherNs = { ...cleanWorkspace, 'k8s/copy.yaml': cleanWorkspace['k8s/configmap.yaml'].replace('namespace: shop', 'namespace: staging') };
      assert.deepEqual(codes(diagnoseWorkspace(otherNs, 'k8s/copy.yaml'), 'k8s-duplicate-object'), []);
      const overlay = {
        'base/kustomization.yaml': 'resources: [configmap.yaml]\n',
        'base/configmap.yaml': cleanWorkspace['k8s/configmap.yaml'],
        'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: configmap-patch.yaml\n',
        'prod/configmap-patch.yaml': cleanWorkspace['k8s/configmap.yaml'],
        'staging/kustomization.yaml': 'resources: [configmap.yaml]\n',
        'staging/configmap.yaml': cleanWorkspace['k8s/configmap.yaml'],
      };
      for (const file of Object.keys(overlay)) assert.deepEqual(codes(diagnoseWorkspace(overlay, file), 'k8s-duplicate-object'), [], file);
    });
  });

  describe('k8s-argocd-path', () => {
    const app = (path: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: "https://git.example.com/shop.git", targetRevision: main, path: ${path}}\n  destination: {server: "https://kubernetes.default.svc", namespace: shop}\n`;
    it('warns when the source path is no folder of the workspace', () => {
      assert.deepEqual(codes(diagnoseWorkspace({ ...cleanWorkspace, 'argo/app.yaml': app('deploy/shop') }, 'argo/app.yaml'), 'k8s-argocd-path'), ['5:84 k8s-argocd-path']);
    });
    it('accepts a path that exists', () => {
      assert.deepEqual(codes(diagnoseWorkspace({ ...cleanWorkspace, 'argo/app.yaml': app('k8s') }, 'argo/app.yaml'), 'k8s-argocd-path'), []);
    });
  });

  describe('k8s-kustomize-path', () => {
    it('reports resources, components and patches that do not exist; ignores remote ones', () => {
      const files = {
        'app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - missing.yaml\n  - ../base\n  - https://github.com/example/repo//k8s?ref=v1\ncomponents: [../components/nope]\npatches:\n  - path: patch.yaml\n',
        'app/deployment.yaml': cleanDeployment,
        'base/kustomization.yaml': 'resources: []\n',
      };
      const diagnostics = diagnoseWorkspace(files, 'app/kustomization.yaml');
      assert.deepEqual(codes(diagnostics, 'k8s-kustomize-path'), ['4:4 k8s-kustomize-path', '7:13 k8s-kustomize-path', '9:10 k8s-kustomize-path']);
      assert.deepEqual(codes(diagnostics, 'k8s-no-schema'), []);
    });
  });

  describe('k8s-removed-api', () => {
    it('is an error with a replacement when removed in the configured version', () => {
      const files = changed('k8s/hpa.yaml', 'apiVersion: autoscaling/v2\n', 'apiVersion: autoscaling/v2beta2\n');
      const [d] = only(diagnoseWorkspace(files, 'k8s/hpa.yaml'), 'k8s-removed-api');
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.match(d.message, /autoscaling\/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes 1\.26 \(configured: 1\.36\): use autoscaling\/v2/);
      assert.deepEqual(d.data, { replacement: 'autoscaling/v2' });
    });
    it('is a warning when the configured version still serves it', () => {
      const files = changed('k8s/pdb.yaml', 'apiVersion: policy/v1', 'apiVersion: policy/v1beta1');
      const [d] = only(diagnoseWorkspace(files, 'k8s/pdb.yaml', { kubernetes: { version: '1.24' } }), 'k8s-removed-api');
      assert.equal(d.severity, DiagnosticSeverity.Warning);
    });
    it('leaves current API versions alone', () => {
      assert.deepEqual(codes(diagnoseWorkspace(cleanWorkspace, 'k8s/hpa.yaml'), 'k8s-removed-api'), []);
    });
  });

  describe('pod hygiene', () => {
    const hygiene = (from: string, to: string, code: string) => codes(diagnoseWorkspace(changed('k8s/deployment.yaml', from, to), 'k8s/deployment.yaml'), code);
    it('k8s-resources', () => {
      assert.deepEqual(hygiene('            limits:\n              memory: 256Mi\n', '', 'k8s-resources'), ['42:10 k8s-resources']);
    });
    it('k8s-liveness-probe and k8s-readiness-probe', () => {
      assert.deepEqual(hygiene('          livenessProbe:\n            httpGet:\n              path: /live\n              port: http\n', '', 'k8s-liveness-probe'), ['18:16 k8s-liveness-probe']);
      assert.deepEqual(hygiene('          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http\n', '', 'k8s-readiness-probe'), ['18:16 k8s-readiness-probe']);
    });
    it('k8s-privileged and k8s-privilege-escalation', () => {
      assert.deepEqual(hygiene('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n            privileged: true', 'k8s-privileged'), ['50:24 k8s-privileged']);
      assert.deepEqual(hygiene('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true', 'k8s-privilege-escalation'), ['49:38 k8s-privilege-escalation']);
    });
    it('k8s-run-as-non-root: the pod or the container must say so', () => {
      assert.deepEqual(hygiene('        runAsNonRoot: true', '        runAsNonRoot: false', 'k8s-run-as-non-root'), ['18:16 k8s-run-as-non-root']);
      assert.deepEqual(hygiene('        runAsNonRoot: true', '        runAsUser: 1000', 'k8s-run-as-non-root'), []);
    });
    it('k8s-host-path and k8s-host-namespace', () => {
      assert.deepEqual(hygiene('      containers:', '      hostNetwork: true\n      volumes:\n        - name: docker\n          hostPath: {path: /var/run/docker.sock}\n      containers:', 'k8s-host-path'), ['20:10 k8s-host-path']);
      assert.deepEqual(hygiene('      containers:', '      hostNetwork: true\n      containers:', 'k8s-host-namespace'), ['17:6 k8s-host-namespace']);
    });
    it('k8s-image-tag: no tag or :latest; a digest is fine', () => {
      assert.deepEqual(hygiene(':1.2.3', ':latest', 'k8s-image-tag'), ['19:17 k8s-image-tag']);
      assert.deepEqual(hygiene(':1.2.3', '', 'k8s-image-tag'), ['19:17 k8s-image-tag']);
      assert.deepEqual(hygiene('ghcr.io/example/api:1.2.3', 'localhost:5000/api@sha256:0123456789abcdef', 'k8s-image-tag'), []);
      assert.deepEqual(hygiene('ghcr.io/example/api:1.2.3', 'localhost:5000/api', 'k8s-image-tag'), ['19:17 k8s-image-tag']);
    });
    it('k8s-port-name: at most 15 characters, a lowercase DNS label', () => {
      assert.deepEqual(hygiene('- name: http', '- name: http-metrics-endpoint', 'k8s-port-name'), ['21:20 k8s-port-name']);
      assert.deepEqual(hygiene('- name: http', '- name: HTTP_1', 'k8s-port-name'), ['21:20 k8s-port-name']);
    });
    it("kube-linter's ignore-check annotation silences the same check", () => {
      const files = changed('k8s/deployment.yaml', ':1.2.3', ':latest');
      files['k8s/deployment.yaml'] = files['k8s/deployment.yaml'].replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    ignore-check.kube-linter.io/latest-tag: "pinned by the release job"\n');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/deployment.yaml'), 'k8s-image-tag'), []);
    });
    it('# archipel-ignore and per-rule settings work as for every rule', () => {
      assert.deepEqual(hygiene(':1.2.3', ':latest # archipel-ignore k8s-image-tag', 'k8s-image-tag'), []);
      const files = changed('k8s/deployment.yaml', ':1.2.3', ':latest');
      assert.deepEqual(codes(diagnoseWorkspace(files, 'k8s/deployment.yaml', { rules: { 'k8s-image-tag': 'off' } }), 'k8s-image-tag'), []);
    });
  });
});

describe('rules asked by kind', () => {
  /** Every YAML file of a corpus of the repository, in one index. */
  function corpusIndex(folder: string): WorkspaceIndex {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const root = path.join(fixturesDir, 'oss', folder);
    for (const file of readdirSync(root, { recursive: true }).map(String).filter((f) => /\.ya?ml$/i.test(f)).sort()) {
      index.update(pathToFileURL(path.join(root, file)).href, readFileSync(path.join(root, file), 'utf8'));
    }
    return index;
  }

  it('a rule that declares its kinds says nothing of any other kind, on every object of three corpora (the feature asks it about its kinds only)', () => {
    const declaring = kubernetesRules.filter((rule) => rule.kinds !== undefined);
    assert.ok(declaring.length >= 10, `${declaring.length} rules declare their kinds`);
    let asked = 0;
    const kinds = new Set<string>();
    for (const folder of ['kube-linter', 'k8s-examples-2025', 'microservices-demo']) {
      const index = corpusIndex(folder);
      const graph = KubernetesGraph.of(index);
      for (const object of graph.all()) {
        kinds.add(object.kind);
        for (const rule of declaring) {
          if (rule.kinds!.includes(object.kind)) continue;
          asked++;
          assert.deepEqual(rule.check(object, { graph, settings: defaultSettings }), [], `${rule.info.id} on ${object.kind} ${object.name ?? ''} (${object.uri})`);
        }
      }
    }
    assert.ok(asked > 1000 && kinds.size > 15, `${asked} checks over ${kinds.size} kinds`);
  });

  it('an object with annotations but no kube-linter opt-out keeps every finding; with one, only that check is silenced', () => {
    const files = changed('k8s/deployment.yaml', ':1.2.3', ':latest');
    const annotated = (annotation: string) => ({ ...files, 'k8s/deployment.yaml': files['k8s/deployment.yaml'].replace('  namespace: shop\n', `  namespace: shop\n  annotations:\n    ${annotation}\n`) });
    const plain = diagnoseWorkspace(annotated('team: shop'), 'k8s/deployment.yaml').map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
    assert.ok(plain.some((d) => d.endsWith(' k8s-image-tag')), plain.join('\n'));
    const silenced = diagnoseWorkspace(annotated('ignore-check.kube-linter.io/latest-tag: "pinned"'), 'k8s/deployment.yaml').map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
    assert.deepEqual(silenced, plain.filter((d) => !d.endsWith(' k8s-image-tag')));
  });
});
