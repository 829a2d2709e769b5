// A ConfigMap a kustomize base's workload mounts is read as the build draws it (issue #95): micro-commerce's OpenTelemetry
// Collector mounts `otel-collector-config` (exporter `aspire-dashboard:18889`), and its overlay puts both in the namespace
// micro-commerce; the ConfigMap was read from the manifest as written, whose workload is no node of the map, and the call
// was missing. Reduction in fixtures/oss/system/baotoq+micro-commerce.
import assert from 'node:assert/strict';
import { corpus, evidencedCalls } from '../system/repositories';

describe('Kubernetes: a ConfigMap mounted by a workload a kustomization builds (issue #95)', () => {
  it("the collector's exporter is its call, at the ConfigMap's line", async () => {
    const calls = await evidencedCalls('baotoq+micro-commerce', corpus);
    assert.ok(calls.some((c) => /^otel-collector → aspire-dashboard \[.*18889.*\] infra\/k8s\/base\/otel-collector\/configmap\.yaml:26$/.test(c)), calls.join('\n'));
  });
});
