// ConfigMaps and Secrets the platform or a program the manifests run makes (kubernetes/model/madeObjects.ts, #94):
// a pod reading one is not reading nothing. On ingress-nginx's real deploy.yaml (fixtures/oss/ingress-nginx, its
// SOURCES.md): the admission Secret kube-webhook-certgen's Job creates (`--secret-name`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnoseWorkspace, fixturesDir } from '../../helpers';

const deployment = (volumes: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: example/api:1.0.0
      volumes:
${volumes}`;

const refs = (diagnostics: { code?: unknown; message: string }[]) => diagnostics.filter((d) => d.code === 'k8s-configmap-ref' || d.code === 'k8s-secret-ref').map((d) => `${String(d.code)} ${d.message}`);

describe('objects the platform or an operator makes', () => {
  it("ingress-nginx's deploy.yaml: the Secret its kube-webhook-certgen Job creates is defined", () => {
    const file = 'deploy/static/provider/cloud/deploy.yaml';
    const text = readFileSync(path.join(fixturesDir, 'oss', 'ingress-nginx', file), 'utf8');
    assert.match(text, /--secret-name=ingress-nginx-admission/);
    assert.deepEqual(refs(diagnoseWorkspace({ [file]: text }, file)), []);
  });

  it("kube-root-ca.crt and openshift-service-ca.crt are in every namespace, with their keys", () => {
    const projected = '      - name: ca\n        projected:\n          sources:\n          - configMap:\n              name: kube-root-ca.crt\n              items:\n              - key: ca.crt\n                path: ca.crt\n          - configMap:\n              name: openshift-service-ca.crt\n              items:\n              - key: service-ca.crt\n                path: service-ca.crt\n';
    assert.deepEqual(refs(diagnoseWorkspace({ 'k8s/api.yaml': deployment(projected) }, 'k8s/api.yaml')), []);
    const wrongKey = '      - name: ca\n        configMap:\n          name: kube-root-ca.crt\n          items:\n          - key: ca.pem\n            path: ca.pem\n';
    assert.deepEqual(refs(diagnoseWorkspace({ 'k8s/api.yaml': deployment(wrongKey) }, 'k8s/api.yaml')), ['k8s-configmap-ref ConfigMap "kube-root-ca.crt" has no key "ca.pem" (keys: ca.crt).']);
  });

  it("kube-webhook-certgen's Secret: in its --namespace, with its --cert-name/--key-name keys; another namespace's pod does not have it", () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: certgen
  namespace: monitoring
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: create
        image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9
        args: [create, --host=operator, --namespace=shop, --secret-name, admission, --cert-name=tls.crt, --key-name=tls.key]
`;
    const secret = (key: string) => `      - name: cert\n        secret:\n          secretName: admission\n          items:\n          - key: ${key}\n            path: ${key}\n`;
    assert.deepEqual(refs(diagnoseWorkspace({ 'k8s/job.yaml': job, 'k8s/api.yaml': deployment(secret('tls.crt')) }, 'k8s/api.yaml')), []);
    assert.deepEqual(refs(diagnoseWorkspace({ 'k8s/job.yaml': job, 'k8s/api.yaml': deployment(secret('cert')) }, 'k8s/api.yaml')), ['k8s-secret-ref Secret "admission" has no key "cert" (keys: ca, tls.crt, tls.key).']);
    const elsewhere = deployment(secret('tls.crt')).replace('namespace: shop', 'namespace: other');
    assert.equal(refs(diagnoseWorkspace({ 'k8s/job.yaml': job, 'k8s/api.yaml': elsewhere }, 'k8s/api.yaml')).length, 1);
  });
});
