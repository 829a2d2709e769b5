// Deterministic benchmark fixtures: a realistic multi-kind Kubernetes file of N documents (valid
// against schemas/kubernetes/kubernetes-1.36.json apart from a few deliberate errors), and the
// single "dispatch" schema that lets yaml-language-server validate each document against exactly
// the definition Archipel uses for its apiVersion/kind.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { generator } from '../../examples/portfolio/fraud/synthetic.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Generated files live here (git-ignored). */
export const dataDir = path.join(repoRoot, 'bench', '.data');

/** Replaces `folder` with these files (relative path → text). */
export function writeFiles(folder, files) {
  rmSync(folder, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
}

/** Small, fast, seedable PRNG (the example's mulberry32): the same seed gives the same file on every machine. */
const prng = generator;

const TEAMS = ['payments', 'search', 'checkout', 'identity', 'catalog', 'billing', 'ledger', 'media', 'notify', 'ml'];
const ROLES = ['api', 'worker', 'gateway', 'indexer', 'scheduler', 'cache', 'store', 'frontend', 'sync', 'auth'];
const IMAGES = ['nginx', 'node', 'python', 'golang', 'envoyproxy/envoy', 'redis', 'postgres', 'busybox'];

/**
 * @typedef {{ id: string, description: string, marker: string, docIndex?: number, line?: number }} DeliberateError
 * @typedef {{ text: string, documents: number, lines: number, docStartLines: number[],
 *   errors: DeliberateError[], kinds: Record<string, number>,
 *   editLine: number, editVariants: [string, string],
 *   completion: { line: number, character: number, insertLine: number, insertText: string } }} K8sFixture
 */

/**
 * The deliberate errors: a marker string unique to the generated text locates each one. They are
 * placed in documents spread over the file (never in the document edited by the benchmark).
 * @type {{ id: string, description: string, marker: string, at: number, kind: string }[]}
 */
const ERROR_PLAN = [
  { id: 'misspelt-field', kind: 'Deployment', at: 0.08, marker: 'contianerPort', description: 'misspelt field: containers[].ports[].contianerPort (and so containerPort missing)' },
  { id: 'unknown-field', kind: 'Deployment', at: 0.3, marker: 'replica: 3', description: 'unknown field: spec.replica (for replicas)' },
  { id: 'wrong-type', kind: 'ConfigMap', at: 0.55, marker: 'MAX_CONNECTIONS: 250', description: 'wrong type: ConfigMap data value is a number, not a string' },
  { id: 'missing-required', kind: 'Service', at: 0.72, marker: 'name: no-port', description: 'missing required: Service spec.ports[] entry without port' },
  { id: 'wrong-type-2', kind: 'StatefulSet', at: 0.9, marker: 'replicas: three', description: 'wrong type: StatefulSet spec.replicas is a string' },
];

/** Workloads carry the full recommended label set; the objects around them only their app name. */
function labels(app, team, rnd, full = false) {
  if (!full) return rnd() < 0.35 ? { 'app.kubernetes.io/name': app } : undefined;
  const l = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': team, 'app.kubernetes.io/managed-by': 'archipel-bench' };
  if (rnd() < 0.5) l['app.kubernetes.io/version'] = `1.${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 10)}`;
  return l;
}

function meta(name, ns, lbls, extra = {}) {
  return lbls ? { name, namespace: ns, labels: lbls, ...extra } : { name, namespace: ns, ...extra };
}

function container(name, rnd, { probes = true, errorPort = false } = {}) {
  const image = IMAGES[Math.floor(rnd() * IMAGES.length)];
  const port = 8000 + Math.floor(rnd() * 1000);
  const c = {
    name,
    image: `registry.example.com/${image}:${1 + Math.floor(rnd() * 9)}.${Math.floor(rnd() * 30)}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [errorPort ? { name: 'http', contianerPort: port, protocol: 'TCP' } : { name: 'http', containerPort: port, protocol: 'TCP' }],
    env: [{ name: 'LOG_LEVEL', value: rnd() < 0.5 ? 'info' : 'debug' }],
    resources: {
      requests: { cpu: `${50 + Math.floor(rnd() * 450)}m`, memory: `${64 * (1 + Math.floor(rnd() * 8))}Mi` },
      limits: { memory: `${(1 + Math.floor(rnd() * 4)) * 256}Mi` },
    },
  };
  if (rnd() < 0.3) c.env.push({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  if (rnd() < 0.4) c.envFrom = [{ configMapRef: { name: `${name}-config` } }];
  if (probes && rnd() < 0.7) {
    c.readinessProbe = { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 10 };
    if (rnd() < 0.4) c.livenessProbe = { httpGet: { path: '/healthz', port }, failureThreshold: 3 };
  }
  if (rnd() < 0.5) c.securityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true };
  c.volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }];
  return c;
}

function podSpec(app, rnd, opts = {}) {
  const containers = [container(app, rnd, opts)];
  if (rnd() < 0.15) containers.push(container(`${app}-sidecar`, rnd, { probes: false }));
  const spec = {
    serviceAccountName: app,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers,
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
  if (rnd() < 0.3) spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
  if (rnd() < 0.3) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }];
  if (rnd() < 0.1) {
    spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': app } } } },
        ],
      },
    };
  }
  return spec;
}

const generators = {
  Deployment(app, ns, team, rnd, error) {
    const l = labels(app, team, rnd, true);
    const spec = {
      replicas: 2 + Math.floor(rnd() * 4),
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      ...(rnd() < 0.4 ? { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } } : {}),
      template: { metadata: { labels: { ...l }, annotations: { 'prometheus.io/scrape': 'true' } }, spec: podSpec(app, rnd, { errorPort: error === 'misspelt-field' }) },
    };
    if (error === 'unknown-field') {
      delete spec.replicas;
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(app, ns, l), spec: { replica: 3, ...spec } };
    }
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(app, ns, l), spec };
  },
  StatefulSet(app, ns, team, rnd, error) {
    const l = labels(app, team, rnd, true);
    const pod = podSpec(app, rnd);
    pod.containers[0].volumeMounts.push({ name: 'data', mountPath: '/var/lib/data' });
    return {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(app, ns, l),
      spec: {
        serviceName: app,
        replicas: error === 'wrong-type-2' ? 'three' : 3,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: { 'app.kubernetes.io/name': app } },
        template: { metadata: { labels: { ...l } }, spec: pod },
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: `${10 * (1 + Math.floor(rnd() * 10))}Gi` } } } },
        ],
      },
    };
  },
  Service(app, ns, team, rnd, error) {
    const ports = [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }];
    if (rnd() < 0.3) ports.push({ name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' });
    if (error === 'missing-required') ports.push({ name: 'no-port', targetPort: 8443, protocol: 'TCP' });
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(app, ns, labels(app, team, rnd)),
      spec: { type: rnd() < 0.8 ? 'ClusterIP' : 'LoadBalancer', selector: { 'app.kubernetes.io/name': app }, ports },
    };
  },
  ConfigMap(app, ns, team, rnd, error) {
    const data = {
      LOG_FORMAT: 'json',
      FEATURE_FLAGS: 'search-v2,fast-checkout',
      UPSTREAM_URL: `http://${app}-upstream.${ns}.svc.cluster.local:8080`,
      'app.properties': `server.port=8080\nserver.name=${app}\ncache.ttl=${Math.floor(rnd() * 600)}\n`,
    };
    if (error === 'wrong-type') data.MAX_CONNECTIONS = 250;
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${app}-config`, ns, labels(app, team, rnd)), data };
  },
  EnvConfigMap(app, ns, team, rnd) {
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${app}-env`, ns, labels(app, team, rnd)), data: { REGION: rnd() < 0.5 ? 'eu-west-1' : 'us-east-1', TZ: 'UTC' } };
  },
  TlsSecret(app, ns, team, rnd) {
    const pem = (what) => Buffer.from(`-----BEGIN ${what}-----\n${app}:${Math.floor(rnd() * 1e9)}\n-----END ${what}-----\n`).toString('base64');
    return { apiVersion: 'v1', kind: 'Secret', metadata: meta(`${app}-tls`, ns, labels(app, team, rnd)), type: 'kubernetes.io/tls', data: { 'tls.crt': pem('CERTIFICATE'), 'tls.key': pem('PRIVATE KEY') } };
  },
  Secret(app, ns, team, rnd) {
    const token = Buffer.from(`${app}-${Math.floor(rnd() * 1e9)}`).toString('base64');
    return { apiVersion: 'v1', kind: 'Secret', metadata: meta(`${app}-credentials`, ns, labels(app, team, rnd)), type: 'Opaque', data: { username: Buffer.from(app).toString('base64'), token } };
  },
  ServiceAccount(app, ns, team, rnd) {
    return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(app, ns, labels(app, team, rnd)), automountServiceAccountToken: false };
  },
  Ingress(app, ns, team, rnd) {
    const host = `${app}.${team}.example.com`;
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(app, ns, labels(app, team, rnd), { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }),
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: [host], secretName: `${app}-tls` }],
        rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: app, port: { name: 'http' } } } }] } }],
      },
    };
  },
  HorizontalPodAutoscaler(app, ns, team, rnd) {
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(app, ns, labels(app, team, rnd)),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app },
        minReplicas: 2,
        maxReplicas: 10 + Math.floor(rnd() * 20),
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 + Math.floor(rnd() * 20) } } }],
      },
    };
  },
  PodDisruptionBudget(app, ns, team, rnd) {
    return {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(app, ns, labels(app, team, rnd)),
      spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': app } } },
    };
  },
  NetworkPolicy(app, ns, team, rnd) {
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(`${app}-ingress`, ns, labels(app, team, rnd)),
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
      },
    };
  },
  CronJob(app, ns, team, rnd) {
    const pod = podSpec(`${app}-job`, rnd, { probes: false });
    pod.restartPolicy = 'OnFailure';
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta(`${app}-cleanup`, ns, labels(app, team, rnd)),
      spec: {
        schedule: `${Math.floor(rnd() * 60)} */6 * * *`,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        jobTemplate: { spec: { backoffLimit: 2, ttlSecondsAfterFinished: 3600, template: { spec: pod } } },
      },
    };
  },
  Role(app, ns, team, rnd) {
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(`${app}-reader`, ns, labels(app, team, rnd)),
      rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list', 'watch'] }],
    };
  },
  RoleBinding(app, ns, team, rnd) {
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(`${app}-reader`, ns, labels(app, team, rnd)),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${app}-reader` },
      subjects: [{ kind: 'ServiceAccount', name: app, namespace: ns }],
    };
  },
};

/**
 * The kinds of one application, in file order. Most apps are Deployments; every fourth is a
 * StatefulSet; some get a CronJob. Chosen so that 500 documents come to about 9,000 lines.
 */
function appKinds(i, rnd) {
  const workload = i % 5 === 4 ? 'StatefulSet' : 'Deployment';
  const kinds = ['ServiceAccount', 'ConfigMap'];
  if (rnd() < 0.6) kinds.push('EnvConfigMap');
  kinds.push('Secret');
  if (rnd() < 0.4) kinds.push('TlsSecret');
  kinds.push(workload, 'Service');
  if (workload === 'Deployment') kinds.push('HorizontalPodAutoscaler');
  if (rnd() < 0.6) kinds.push('Ingress');
  kinds.push('PodDisruptionBudget', 'NetworkPolicy');
  if (rnd() < 0.8) kinds.push('Role', 'RoleBinding');
  if (rnd() < 0.15) kinds.push('CronJob');
  return kinds;
}

/**
 * Generates the file. The document to edit (and where completion is asked) is a Deployment near
 * the middle of the file, chosen so that it carries none of the deliberate errors.
 * @param {{ documents?: number, seed?: number }} [options]
 * @returns {K8sFixture}
 */
export function generateK8sFile({ documents = 500, seed = 42 } = {}) {
  const rnd = prng(seed);
  /** @type {{ kind: string, app: string, ns: string, team: string }[]} */
  const plan = [];
  for (let i = 0; plan.length < documents; i++) {
    const team = TEAMS[i % TEAMS.length];
    const app = `${team}-${ROLES[Math.floor(i / TEAMS.length) % ROLES.length]}-${i}`;
    for (const kind of appKinds(i, rnd)) if (plan.length < documents) plan.push({ kind, app, ns: team, team });
  }
  // Assign each deliberate error to the first document of its kind at or after its position.
  /** @type {Map<number, string>} */
  const errorAt = new Map();
  for (const e of ERROR_PLAN) {
    let k = Math.floor(e.at * documents);
    while (k < documents && (plan[k].kind !== e.kind || errorAt.has(k))) k++;
    // A small file (bench --tiny) may have none left after the position: the first one before it.
    if (k >= documents) for (k = 0; k < documents && (plan[k].kind !== e.kind || errorAt.has(k)); ) k++;
    if (k >= documents) throw new Error(`fixture: no ${e.kind} after ${e.at} for ${e.id}`);
    errorAt.set(k, e.id);
  }
  let editDoc = Math.floor(documents / 2);
  while (plan[editDoc].kind !== 'Deployment' || errorAt.has(editDoc)) editDoc++;

  const objects = plan.map((p, k) => generators[p.kind](p.app, p.ns, p.team, rnd, errorAt.get(k)));
  const docTexts = objects.map((o) => stringify(o, { lineWidth: 0 }));
  const text = docTexts.map((t) => `---\n${t}`).join('');
  const lines = text.split('\n');
  /** @type {number[]} */
  const docStartLines = [];
  lines.forEach((line, n) => line === '---' && docStartLines.push(n));

  const docOfLine = (line) => {
    let d = 0;
    while (d + 1 < docStartLines.length && docStartLines[d + 1] <= line) d++;
    return d;
  };
  const errors = ERROR_PLAN.map((e) => {
    const line = lines.findIndex((l) => l.includes(e.marker));
    if (line < 0) throw new Error(`fixture: marker ${e.marker} not found`);
    return { id: e.id, description: e.description, marker: e.marker, line, docIndex: docOfLine(line) };
  });

  // The one-line edit: the imagePullPolicy of the middle Deployment's first container, toggled
  // between a valid value and a misspelt key so that the new diagnostics are recognisable.
  const editStart = docStartLines[editDoc];
  const editLine = lines.findIndex((l, n) => n > editStart && /^\s+imagePullPolicy: IfNotPresent$/.test(l));
  const original = lines[editLine];
  const broken = original.replace('imagePullPolicy', 'imagePulPolicy');
  // Completion: a new, empty key line inside that container mapping (indent of its keys), the
  // cursor at its end: "which keys can go here?" — the most common completion in a manifest.
  const indent = /^(\s*)/.exec(original)[1];
  return {
    text,
    documents: plan.length,
    lines: lines.length - (text.endsWith('\n') ? 1 : 0),
    docStartLines,
    errors,
    kinds: objects.reduce((acc, o) => ((acc[o.kind] = (acc[o.kind] ?? 0) + 1), acc), /** @type {Record<string, number>} */ ({})),
    editLine,
    editVariants: [broken, original],
    completion: { insertLine: editLine + 1, insertText: `${indent}\n`, line: editLine + 1, character: indent.length },
  };
}

/**
 * The schema yaml-language-server gets: every definition of our bundle plus a top-level allOf of
 * `if {apiVersion, kind} then {$ref}` for each entry of x-archipel-kinds, so that each document is
 * validated against exactly the definition Archipel dispatches to.
 * @param {string} bundlePath
 */
export function dispatchSchema(bundlePath) {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const allOf = Object.entries(bundle['x-archipel-kinds']).map(([key, definition]) => {
    const slash = key.lastIndexOf('/');
    return {
      if: {
        type: 'object',
        properties: { apiVersion: { const: key.slice(0, slash) }, kind: { const: key.slice(slash + 1) } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: `#/definitions/${definition.replace(/~/g, '~0').replace(/\//g, '~1')}` },
    };
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${bundle.title ?? 'Kubernetes'} (dispatch by apiVersion/kind)`,
    allOf,
    definitions: bundle.definitions,
  };
}

/** Writes a file under bench/.data/ (creating it) and returns its absolute path. */
export function writeData(name, content) {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
