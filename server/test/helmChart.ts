// The small chart the Helm tests of the protocol and extension-host layers and of the system map
// share: a Deployment template with its helpers, values and Chart.yaml.

export const webChartYaml = 'apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: "2.0"\nicon: https://example.com/icon.svg\n';
export const webHelpers = '{{- define "web.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 }}{{- end }}\n';

/** The Deployment template: `replicas` is line 6 (given: a test misspells it), `extra` lines end its container. */
export function webDeployment(replicas: string, extra: readonly string[] = []): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "web.fullname" . }}',
    'spec:',
    replicas,
    '  selector:',
    '    matchLabels:',
    '      app: {{ .Chart.Name }}',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: {{ .Chart.Name }}',
    '    spec:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '      containers:',
    '        - name: web',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '          ports:',
    '            - containerPort: 8080',
    '          readinessProbe: { httpGet: { path: /, port: 8080 } }',
    '          livenessProbe: { httpGet: { path: /, port: 8080 } }',
    '          resources:',
    '            requests: { cpu: 10m, memory: 16Mi }',
    '            limits: { memory: 32Mi }',
    '          # A read-only root too: kube-linter\'s default, the k8s-read-only-root-fs warning.',
    '          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }',
    ...extra,
    '',
  ].join('\n');
}
