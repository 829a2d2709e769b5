// The workspace's policies on what Archipel builds from templates (#96): a chart's rendered objects, each violation on
// the template's line that wrote the failing value (an action's output at the action, copied text at its place).
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { TestWorkspace, covered } from '../../workspace';

const latestPolicy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: disallow-latest-tag
spec:
  validationFailureAction: Enforce
  rules:
    - name: validate-image-tag
      match:
        any:
          - resources:
              kinds: [Pod]
      validate:
        message: "Using a mutable image tag such as 'latest' is not allowed."
        pattern:
          spec:
            containers:
              - image: "!*:latest"
`;

const chartYaml = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
const values = (tag: string) => `image:\n  repository: nginx\n  tag: "${tag}"\n`;
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        - name: sidecar
          image: busybox:latest
`;

const policyLines = (ws: TestWorkspace, uri: string): string[] => {
  const text = ws.file(uri).text;
  return ws.diagnose(uri).filter((d: Diagnostic) => String(d.code).startsWith('policy')).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${covered(text, d)}`);
};

describe('policy: the workspace policies on Helm renders', () => {
  it("a chart's rendered Deployment with :latest is a violation on the template's line: an action's output at the action, copied text at its place", () => {
    const files = (tag: string, policy = latestPolicy): Record<string, string> => ({
      'file:///ws/policies/latest.yaml': policy,
      'file:///ws/charts/web/Chart.yaml': chartYaml,
      'file:///ws/charts/web/values.yaml': values(tag),
      'file:///ws/charts/web/templates/deployment.yaml': deployment,
    });
    const template = 'file:///ws/charts/web/templates/deployment.yaml';
    const ws = new TestWorkspace(files('latest'));
    assert.equal(ws.file(template).skipped, 'template');
    // The value the actions wrote: the span of the actions that wrote it (Kyverno says a pattern's first failure).
    assert.deepEqual(policyLines(ws, template), ['14:18 policy:disallow-latest-tag/validate-image-tag "{{ .Values.image.repository }}:{{ .Values.image.tag }}"']);
    const message = ws.diagnose(template).find((d) => String(d.code).startsWith('policy:'))?.message;
    assert.match(String(message), /Using a mutable image tag such as 'latest' is not allowed.*\/spec\/template\/spec\/containers\/0\/image/);
    // A values edit that pins the tag leaves the sidecar's, text the template holds as it is: at its own place.
    ws.update('file:///ws/charts/web/values.yaml', values('1.27'));
    assert.deepEqual(policyLines(ws, template), ['16:18 policy:disallow-latest-tag/validate-image-tag busybox:latest']);
    // No policy in the workspace: nothing.
    const none = files('latest');
    delete none['file:///ws/policies/latest.yaml'];
    assert.deepEqual(policyLines(new TestWorkspace(none), template), []);
  });
});
