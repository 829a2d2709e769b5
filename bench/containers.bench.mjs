// Containers: a 2,000-line Compose file and a 300-line Dockerfile re-diagnosed after a one-line
// edit, against a Kubernetes file of the same size (the peer: Archipel's Kubernetes family, the
// reference for "as fast as"); and a cold check of 1,000 Compose files and 1,000 Dockerfiles
// against 2,000 Kubernetes files of the same sizes, with each process's peak RSS.
// Each side runs in a fresh process (the services bundled with esbuild, called as a library).
import path from 'node:path';
import { benchBundle, runBundled } from './lib/bundle.mjs';
import { writeFiles } from './lib/fixtures.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Containers — Compose files and Dockerfiles against Kubernetes files of the same size';

/** The services as a library: index, diagnose, edit; timings and peak RSS printed as JSON. */
const entry = `
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeFeature } from './server/src/compose/feature';
import { knownPinWith } from './server/src/dockerfile/pins';
import { composeFace } from './server/src/compose/api';
import { kubernetesFace } from './server/src/kubernetes/api';
import { dockerfileFeature } from './server/src/dockerfile/feature';
import { kubernetesFeature } from './server/src/kubernetes/feature';
import { SchemaEngine } from './server/src/schema/engine';
import { loadKubernetesValidator } from './server/src/platform/resources';
import { diagnoseFile, indexOptions } from './server/src/service';
import { defaultSettings } from './server/src/settings';
import { WorkspaceIndex } from './server/src/workspace/index';
import { readSideText } from './server/src/disk/readText';

const [mode, root, folder, editsText, place] = process.argv.slice(2);
// The extension's own reader (compose/host.ts): a Dockerfile's check reads its Compose builds and side files through it.
const reader = { exists: existsSync, read: (p) => readSideText(p) };
// Every family loaded, as in the editor: the Compose and Kubernetes faces the others read through (Family.faces).
const withKnownPin = knownPinWith(composeFace);
const started = performance.now();
const features = mode === 'k8s'
  ? [kubernetesFeature(loadKubernetesValidator(root), withKnownPin)]
  : [composeFeature(new SchemaEngine([JSON.parse(readFileSync(path.join(root, 'schemas/compose/compose-spec.json'), 'utf8'))]), reader, withKnownPin), dockerfileFeature(reader, { compose: composeFace, kubernetes: kubernetesFace })];
const index = new WorkspaceIndex(indexOptions(defaultSettings));
const context = { index, settings: defaultSettings, isCancelled: () => false };
const files = readdirSync(folder, { recursive: true }).map((f) => path.join(folder, String(f))).filter((f) => /\\.(ya?ml)$|Dockerfile$/.test(f)).sort();
let diagnostics = 0;
const uris = files.map((f) => index.update(pathToFileURL(f).href, readFileSync(f, 'utf8')).uri);
for (const uri of uris) diagnostics += diagnoseFile(index.get(uri), features, context).length;
const cold = performance.now() - started;
const edits = [];
const n = Number(editsText);
for (const uri of uris.slice(0, n > 0 ? uris.length : 0)) {
  const original = index.get(uri).text;
  const lines = original.split('\\n');
  // The middle line; 'comment': the first comment line from the middle on (a Dockerfile's \`# step N\`), so that the edit
  // is of the same kind as the Kubernetes side's (a comment changed), where the middle line of the Dockerfile is a RUN
  // line ending in a continuation, which the appended text ends: that edit changes the file's instructions.
  const middle = Math.floor(lines.length / 2);
  const comment = lines.findIndex((line, n) => n >= middle && /^#(?! syntax=)/.test(line));
  const at = place === 'comment' && comment >= 0 ? comment : middle;
  for (let i = 0; i < n; i++) {
    const edited = [...lines];
    edited[at] = i % 2 === 0 ? edited[at] + ' # edited' : lines[at];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const file = index.update(uri, i % 2 === 0 ? edited.join('\\n') : original);
    diagnoseFile(file, features, context);
    const cpu = process.cpuUsage(c0);
    edits.push({ uri, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
}
process.stdout.write(JSON.stringify({ cold, diagnostics, files: files.length, edits, rss: process.resourceUsage().maxRSS * 1024 }));
`;

function composeFile(lines) {
  const out = ['name: bench', 'services:'];
  let i = 0;
  while (out.length < lines - 12) {
    out.push(
      `  svc${i}:`,
      `    image: registry.example.com/team/svc${i}:1.${i % 10}.0`,
      '    restart: unless-stopped',
      `    ports: ["${10000 + i}:8080"]`,
      '    environment:',
      `      SERVICE_NAME: svc${i}`,
      '      LOG_LEVEL: ${LOG_LEVEL:-info}',
      ...(i > 0 ? ['    depends_on:', `      svc${i - 1}:`, '        condition: service_healthy'] : []),
      '    healthcheck:',
      '      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]',
      '      interval: 10s',
      '    networks: [back]',
      '    volumes:',
      `      - data${i % 20}:/var/lib/svc`,
    );
    i++;
  }
  out.push('networks:', '  back: {}', 'volumes:');
  for (let v = 0; v < Math.min(20, i); v++) out.push(`  data${v}: {}`);
  return out.join('\n') + '\n';
}

function dockerfile(lines) {
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:12-slim', 'FROM ${BASE} AS build', 'WORKDIR /src'];
  let i = 0;
  while (out.length < lines - 8) {
    out.push(`# step ${i}`, `RUN apt-get update && apt-get install -y --no-install-recommends pkg${i}=1.${i} \\`, '    && rm -rf /var/lib/apt/lists/*', `ENV STEP_${i}=${i}`, `LABEL step${i}="${i}"`);
    i++;
  }
  out.push('FROM debian:12-slim', 'COPY --from=build /src /app', 'USER 10001', 'EXPOSE 8080', 'CMD ["/app/run"]');
  return out.join('\n') + '\n';
}

/** A Kubernetes file of about `lines` lines: Deployments with their Services. */
function k8sFile(lines) {
  const out = [];
  let i = 0;
  while (out.length < lines - 30) {
    out.push(
      '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: svc${i}`, '  labels:', `    app: svc${i}`, 'spec:', '  replicas: 2', '  selector:', '    matchLabels:', `      app: svc${i}`,
      '  template:', '    metadata:', '      labels:', `        app: svc${i}`, '    spec:', '      containers:', `        - name: svc${i}`, `          image: registry.example.com/team/svc${i}:1.0.0`, '          ports:', '            - containerPort: 8080',
      '---', 'apiVersion: v1', 'kind: Service', 'metadata:', `  name: svc${i}`, 'spec:', '  selector:', `    app: svc${i}`, '  ports:', '    - port: 80', '      targetPort: 8080',
    );
    i++;
  }
  return out.join('\n') + '\n';
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs, edits, progress } = context;
  const { base, bundle } = await benchBundle('containers', entry, root);
  progress('generating files');
  const compose2000 = composeFile(2000);
  const docker300 = dockerfile(300);
  writeFiles(path.join(base, 'edit-compose'), { 'compose.yaml': compose2000 });
  writeFiles(path.join(base, 'edit-dockerfile'), { Dockerfile: docker300 });
  writeFiles(path.join(base, 'edit-k8s-2000'), { 'k8s.yaml': k8sFile(2000) });
  writeFiles(path.join(base, 'edit-k8s-300'), { 'k8s.yaml': k8sFile(300) });
  const many = {};
  const manyK8s = {};
  // --tiny: 20 projects instead of 1,000, 2 edits instead of 10.
  const projects = context.tiny ? 20 : 1000;
  for (let i = 0; i < projects; i++) {
    many[`p${i}/compose.yaml`] = composeFile(60);
    many[`p${i}/Dockerfile`] = dockerfile(30);
    manyK8s[`p${i}/app.yaml`] = k8sFile(60);
    manyK8s[`p${i}/more.yaml`] = k8sFile(30);
  }
  const cold = context.tiny ? '-tiny' : '';
  writeFiles(path.join(base, `cold-containers${cold}`), many);
  writeFiles(path.join(base, `cold-k8s${cold}`), manyK8s);
  // Ten edits at least: the first after the cold check still warms the JIT, a median of two would count it.
  const editRuns = context.tiny ? 2 : Math.max(edits, 10);
  // Then on to 200 edits in the same process: the median of the last 100 is the steady state of a
  // server the user has been typing into (optimised code on both sides); the first ten's median is
  // mostly code running for the first times, which a fresh process pays on its first edits.
  const warmEdits = context.tiny ? 4 : Math.max(200, 2 * editRuns);
  const rows = { dockerComment: [], dockerCommentCpu: [], dockerCommentWarm: [], compose: [], k8s2000: [], docker: [], k8s300: [], cold: [], coldK8s: [], rss: [], rssK8s: [], composeCpu: [], k8s2000Cpu: [], dockerCpu: [], k8s300Cpu: [], composeWarm: [], k8s2000Warm: [], dockerWarm: [], k8s300Warm: [] };
  // Wall time and CPU time of the process (less sensitive to other processes on a shared machine).
  const edit = (mode, folder, wall, cpu, warm, place = 'middle') => {
    const result = runBundled(bundle, [mode, root, path.join(base, folder), String(warmEdits), place]);
    const first = result.edits.slice(0, editRuns);
    wall.push(median(first.map((e) => e.ms)));
    cpu.push(median(first.map((e) => e.cpuMs)));
    warm.push(median(result.edits.slice(warmEdits / 2).map((e) => e.cpuMs)));
  };
  for (let r = 0; r < runs; r++) {
    progress(`run ${r + 1}/${runs}`);
    edit('containers', 'edit-compose', rows.compose, rows.composeCpu, rows.composeWarm);
    edit('k8s', 'edit-k8s-2000', rows.k8s2000, rows.k8s2000Cpu, rows.k8s2000Warm);
    edit('containers', 'edit-dockerfile', rows.docker, rows.dockerCpu, rows.dockerWarm);
    edit('k8s', 'edit-k8s-300', rows.k8s300, rows.k8s300Cpu, rows.k8s300Warm);
    edit('containers', 'edit-dockerfile', rows.dockerComment, rows.dockerCommentCpu, rows.dockerCommentWarm, 'comment');
    const coldOurs = runBundled(bundle, ['containers', root, path.join(base, `cold-containers${cold}`), '0']);
    const coldK8s = runBundled(bundle, ['k8s', root, path.join(base, `cold-k8s${cold}`), '0']);
    rows.cold.push(coldOurs.cold);
    rows.coldK8s.push(coldK8s.cold);
    rows.rss.push(coldOurs.rss);
    rows.rssK8s.push(coldK8s.rss);
  }
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  return {
    peer: 'Kubernetes file(s) of the same size',
    rows: [
      { name: 're-diagnose a 2,000-line Compose file after a one-line edit (median)', ours: median(rows.compose), peer: median(rows.k8s2000) },
      { name: 're-diagnose a 300-line Dockerfile after a one-line edit (median)', ours: median(rows.docker), peer: median(rows.k8s300) },
      { name: 'the same, CPU time: 2,000-line Compose file', ours: median(rows.composeCpu), peer: median(rows.k8s2000Cpu) },
      { name: 'the same, CPU time: 300-line Dockerfile', ours: median(rows.dockerCpu), peer: median(rows.k8s300Cpu) },
      { name: `warm, CPU time (median of edits ${warmEdits / 2 + 1}–${warmEdits} in the same process): 2,000-line Compose file`, ours: median(rows.composeWarm), peer: median(rows.k8s2000Warm) },
      { name: `warm, CPU time (median of edits ${warmEdits / 2 + 1}–${warmEdits}): 300-line Dockerfile`, ours: median(rows.dockerWarm), peer: median(rows.k8s300Warm) },
      { name: 'the same 300-line Dockerfile, its edit a comment line changed (the kind of edit the Kubernetes side makes), CPU time', ours: median(rows.dockerCommentCpu), peer: median(rows.k8s300Cpu) },
      { name: `the same, warm (edits ${warmEdits / 2 + 1}–${warmEdits})`, ours: median(rows.dockerCommentWarm), peer: median(rows.k8s300Warm) },
      { name: `cold check: ${projects} Compose files + ${projects} Dockerfiles vs ${2 * projects} Kubernetes files`, ours: median(rows.cold), peer: median(rows.coldK8s) },
    ],
    notes: [`peak RSS of the cold check: ${mb(Math.max(...rows.rss))} (Kubernetes: ${mb(Math.max(...rows.rssK8s))})`, `${runs} fresh processes per side; the first ${editRuns} of ${warmEdits} edits per process for the edit rows, the last ${warmEdits / 2} for the warm rows`,
      "the Dockerfile's one-line edit appends ' # edited' to its middle line, a RUN line ending in a continuation: every other edit ends the RUN there and makes its next line an instruction of its own (the file's instructions change); the Kubernetes side's appends a comment. The comment rows edit a `# step N` line instead: the same kind of edit on both sides"],
  };
}
