// Helm: a chart of 50 templates rendered with its default values and every rendered manifest
// checked, cold and after a one-line edit (of a template, of values.yaml), against the
// Kubernetes family checking the same 50 manifests already rendered (the peer: no Helm binary
// runs here, and `helm template | kubeconform` would be two processes; the Kubernetes family is
// the reference for "as fast as" a plain manifest). Each side runs in a fresh process (the
// services bundled with esbuild, called as a library). Target: a template re-diagnosed after a
// one-line edit in under 50 ms.
import path from 'node:path';
import { benchBundle, runBundled } from './lib/bundle.mjs';
import { writeFiles } from './lib/fixtures.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Helm — a 50-template chart rendered and checked, against its rendered manifests checked as plain files';

const entry = `
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFeatures, familyHost } from './server/src/families/index';
import { helmFamily } from './server/src/families/helm';
import { kubernetesFamily } from './server/src/families/kubernetes';
import { diagnoseFile, indexOptions } from './server/src/service';
import { defaultSettings } from './server/src/settings';
import { WorkspaceIndex } from './server/src/workspace/index';

const [mode, root, folder, editsText, editWhat] = process.argv.slice(2);
const list = mode === 'helm' ? [kubernetesFamily, helmFamily] : [kubernetesFamily];
const started = performance.now();
const startedCpu = process.cpuUsage();
const features = createFeatures(familyHost(undefined, root, list), list);
const index = new WorkspaceIndex(indexOptions(defaultSettings));
const context = { index, settings: defaultSettings, isCancelled: () => false };
const files = readdirSync(folder, { recursive: true }).map((f) => path.join(folder, String(f))).filter((f) => /\\.(ya?ml|tpl)$/.test(f)).sort();
const uris = files.map((f) => index.update(pathToFileURL(f).href, readFileSync(f, 'utf8')).uri);
let diagnostics = 0;
for (const uri of uris) diagnostics += diagnoseFile(index.get(uri), features, context).length;
const cold = performance.now() - started;
const coldCpuUsage = process.cpuUsage(startedCpu);
const coldCpu = (coldCpuUsage.user + coldCpuUsage.system) / 1000;
// The middle template of the chart (app-25 of 50; app-2 of --tiny's 5).
const middle = \`app-\${Math.floor(uris.filter((u) => /app-\\d+\\.yaml$/.test(u)).length / 2)}.yaml\`;
const target = uris.find((u) => u.endsWith(mode === 'helm' ? \`templates/\${middle}\` : middle));
const edited = editWhat === 'values' ? uris.find((u) => u.endsWith('values.yaml')) : target;
const edits = [];
const original = index.get(edited).text;
const lines = original.split('\\n');
const at = editWhat === 'values' ? lines.findIndex((l) => l.startsWith('replicaCount:')) : Math.floor(lines.length / 2);
for (let i = 0; i < Number(editsText); i++) {
  const changed = [...lines];
  changed[at] = editWhat === 'values' ? (i % 2 === 0 ? 'replicaCount: 3' : lines[at]) : i % 2 === 0 ? changed[at] + ' # edited' : lines[at];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  index.update(edited, changed.join('\\n'));
  diagnoseFile(index.get(target), features, context);
  const cpu = process.cpuUsage(c0);
  edits.push({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
}
process.stdout.write(JSON.stringify({ cold, coldCpu, diagnostics, files: files.length, edits }));
`;

const helpers = `{{- define "bench.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "bench.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
`;

const values = `replicaCount: 2
image:
  repository: registry.example.com/team/app
  tag: "1.4.2"
  pullPolicy: IfNotPresent
autoscaling:
  enabled: false
podAnnotations:
  prometheus.io/scrape: "true"
service:
  port: 80
  targetPort: 8080
resources:
  requests: { cpu: 50m, memory: 64Mi }
  limits: { memory: 128Mi }
env:
  LOG_LEVEL: info
  FEATURE_FLAGS: a,b,c
`;

/**
 * App i, a Deployment and its Service, with each place the chart computes filled by `fill`: the
 * template's actions (what a chart writes) or what they render to with the values above (the peer's
 * file, as `helm template` writes it).
 */
function app(i, fill) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${fill.fullname}-app-${i}
  labels:
${fill.labels}
spec:
${fill.replicas}
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
${fill.annotations}
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: "${fill.image}"
          imagePullPolicy: ${fill.pullPolicy}
          ports:
            - name: http
              containerPort: ${fill.targetPort}
          readinessProbe:
            httpGet: { path: /ready, port: http }
          livenessProbe:
            httpGet: { path: /health, port: http }
          resources:
${fill.resources}
          securityContext:
            allowPrivilegeEscalation: false
          env:
${fill.env}
---
apiVersion: v1
kind: Service
metadata:
  name: ${fill.fullname}-app-${i}
  labels:
${fill.labels}
spec:
  selector:
    app: app-${i}
  ports:
    - name: http
      port: ${fill.port}
      targetPort: http
`;
}

/** What the template writes at each computed place. */
const actions = {
  fullname: '{{ include "bench.fullname" . }}',
  labels: '    {{- include "bench.labels" . | nindent 4 }}',
  replicas: '  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}',
  annotations: '      {{- with .Values.podAnnotations }}\n      annotations:\n        {{- toYaml . | nindent 8 }}\n      {{- end }}',
  image: '{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}',
  pullPolicy: '{{ .Values.image.pullPolicy }}',
  targetPort: '{{ .Values.service.targetPort }}',
  resources: '            {{- toYaml .Values.resources | nindent 12 }}',
  env: '            {{- range $name, $value := .Values.env }}\n            - name: {{ $name }}\n              value: {{ $value | quote }}\n            {{- end }}',
  port: '{{ .Values.service.port }}',
};

/** What each renders to with the values above. */
const renderedActions = {
  fullname: 'release-name-bench',
  labels: '    app.kubernetes.io/name: bench\n    app.kubernetes.io/instance: release-name\n    helm.sh/chart: bench-0.1.0',
  replicas: '  replicas: 2',
  annotations: '      annotations:\n        prometheus.io/scrape: "true"',
  image: 'registry.example.com/team/app:1.4.2',
  pullPolicy: 'IfNotPresent',
  targetPort: '8080',
  resources: '            limits:\n              memory: 128Mi\n            requests:\n              cpu: 50m\n              memory: 64Mi',
  env: '            - name: FEATURE_FLAGS\n              value: "a,b,c"\n            - name: LOG_LEVEL\n              value: "info"',
  port: '80',
};

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs, edits, progress } = context;
  const { base, bundle } = await benchBundle('helm', entry, root);
  progress('generating the chart and its rendered manifests');
  const chart = { 'Chart.yaml': 'apiVersion: v2\nname: bench\nversion: 0.1.0\nappVersion: "1.4.2"\nicon: https://example.com/icon.svg\n', 'values.yaml': values, 'templates/_helpers.tpl': helpers };
  const manifests = {};
  // --tiny: 5 templates, 2 edits.
  for (let i = 0; i < (context.tiny ? 5 : 50); i++) {
    chart[`templates/app-${i}.yaml`] = app(i, actions);
    manifests[`app-${i}.yaml`] = app(i, renderedActions);
  }
  writeFiles(path.join(base, 'chart'), chart);
  writeFiles(path.join(base, 'rendered'), manifests);
  const editRuns = context.tiny ? 2 : Math.max(edits, 10);
  const rows = { cold: [], coldPeer: [], coldCpu: [], coldPeerCpu: [], edit: [], editPeer: [], values: [], valuesCpu: [], editCpu: [], editPeerCpu: [] };
  for (let r = 0; r < runs; r++) {
    progress(`run ${r + 1}/${runs}`);
    const ours = runBundled(bundle, ['helm', root, path.join(base, 'chart'), String(editRuns), 'template']);
    const peer = runBundled(bundle, ['k8s', root, path.join(base, 'rendered'), String(editRuns), 'template']);
    const valuesEdit = runBundled(bundle, ['helm', root, path.join(base, 'chart'), String(editRuns), 'values']);
    rows.cold.push(ours.cold);
    rows.coldPeer.push(peer.cold);
    rows.coldCpu.push(ours.coldCpu);
    rows.coldPeerCpu.push(peer.coldCpu);
    rows.edit.push(median(ours.edits.map((e) => e.ms)));
    rows.editCpu.push(median(ours.edits.map((e) => e.cpuMs)));
    rows.editPeer.push(median(peer.edits.map((e) => e.ms)));
    rows.editPeerCpu.push(median(peer.edits.map((e) => e.cpuMs)));
    rows.values.push(median(valuesEdit.edits.map((e) => e.ms)));
    rows.valuesCpu.push(median(valuesEdit.edits.map((e) => e.cpuMs)));
  }
  const row = (name, ours, peer) => ({ name, ours: median(rows[ours]), peer: median(rows[peer]) });
  return {
    peer: 'the Kubernetes family on the 50 rendered manifests (no Helm binary here)',
    rows: [
      row('cold: load, render and check the 50-template chart (process start to last diagnostic)', 'cold', 'coldPeer'),
      row('the same, CPU time', 'coldCpu', 'coldPeerCpu'),
      row('one-line edit of a template: that template re-rendered and re-diagnosed (target < 50 ms)', 'edit', 'editPeer'),
      row('the same, CPU time', 'editCpu', 'editPeerCpu'),
      row('one-line edit of values.yaml: a template re-diagnosed (the chart re-rendered)', 'values', 'editPeer'),
      row('the same, CPU time', 'valuesCpu', 'editPeerCpu'),
    ],
    notes: [`Median of ${runs} fresh processes, ${editRuns} edits each; the peer's edit is a one-line edit of one rendered manifest.`],
  };
}
