// A generated GitOps monorepo (issue 27): `files / 5` apps, each with 5 multi-document manifests of
// 5 coherent objects (ServiceAccount, ConfigMap, Deployment, Service, HorizontalPodAutoscaler), plus
// 200 ADRs (each superseding the previous one of its chain). Names are unique, every reference
// resolves: a correct checker reports nothing. `mutate` seeds two faults a cross-file checker must
// find at any size: a Service whose selector matches no pods, and a second ConfigMap of an existing name in
// one namespace and folder. CommonJS so that the benchmark (ESM) and the tests (CommonJS) share it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const COMPONENTS = ['api', 'worker', 'gateway', 'indexer', 'cron'];
const TEAMS = 50;

/** The five objects of one component of one app, as one multi-document YAML file. */
function manifest(app, component, namespace, options = {}) {
  const name = `${app}-${component}`;
  const selectorValue = options.serviceSelector ?? name;
  const extra = options.extraConfigMap ? `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${options.extraConfigMap}\n  namespace: ${namespace}\ndata:\n  LOG_LEVEL: debug\n` : '';
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
automountServiceAccountToken: false
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${namespace}
data:
  LOG_LEVEL: info
  UPSTREAM_URL: http://${app}-gateway.${namespace}.svc:8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 2
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      serviceAccountName: ${name}
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: ${component}
          image: ghcr.io/example/${component}:1.${app.length % 10}.0
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          envFrom:
            - configMapRef:
                name: ${name}-config
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: ${name}-config
                  key: LOG_LEVEL
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          livenessProbe:
            httpGet:
              path: /health
              port: http
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              cpu: 500m
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app.kubernetes.io/name: ${selectorValue}
  ports:
    - name: http
      port: 8080
      targetPort: http
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
${extra}`;
}

function adrName(n) {
  return `${String(n).padStart(4, '0')}-decision-${n}.md`;
}

/** ADR n; odd ones supersede the one before them, which says so. */
function adr(n, count) {
  const supersededBy = n % 2 === 1 && n < count ? n + 1 : undefined;
  const supersedes = n % 2 === 0 ? n - 1 : undefined;
  const status = supersededBy ? `Superseded by [${supersededBy}. Decision ${supersededBy}](${adrName(supersededBy)})` : 'Accepted';
  const also = supersedes ? `\n\nSupersedes [${supersedes}. Decision ${supersedes}](${adrName(supersedes)})` : '';
  return `# ${n}. Decision ${n}

Date: 2025-01-${String((n % 28) + 1).padStart(2, '0')}

## Status

${status}${also}

## Context

Team ${n % TEAMS} needs a rule for service ${n}.

## Decision

We apply rule ${n}.

## Consequences

Everything is consistent.
`;
}

/** Where app `i`'s files go, relative to the root. */
function appFolder(i) {
  return path.join('apps', `team-${String(i % TEAMS).padStart(2, '0')}`, `app-${String(i).padStart(5, '0')}`);
}

/**
 * Writes the monorepo into `dir` (emptied first). `files`: manifest files (a multiple of 5; 5 per
 * app). Returns what was written.
 * @param {string} dir
 * @param {{ files: number, adrs?: number, mutate?: boolean }} options
 */
function generateMonorepo(dir, options) {
  const apps = Math.max(1, Math.floor(options.files / COMPONENTS.length));
  const adrs = options.adrs ?? 200;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  let files = 0;
  for (let i = 0; i < apps; i++) {
    const app = `app-${String(i).padStart(5, '0')}`;
    const namespace = `ns-${String(i).padStart(5, '0')}`;
    const folder = path.join(dir, appFolder(i));
    fs.mkdirSync(folder, { recursive: true });
    COMPONENTS.forEach((component, c) => {
      const seeded = {};
      // The seeded faults, in the last app (so that every earlier file is scanned before them).
      if (options.mutate && i === apps - 1 && c === 0) seeded.serviceSelector = 'nobody';
      if (options.mutate && i === apps - 1 && c === 1) seeded.extraConfigMap = `${app}-${COMPONENTS[0]}-config`;
      fs.writeFileSync(path.join(folder, `${component}.yaml`), manifest(app, component, namespace, seeded));
      files++;
    });
  }
  const adrDir = path.join(dir, 'docs', 'adr');
  fs.mkdirSync(adrDir, { recursive: true });
  for (let n = 1; n <= adrs; n++) fs.writeFileSync(path.join(adrDir, adrName(n)), adr(n, adrs));
  return { dir, apps, manifests: files, adrs, files: files + adrs, objects: files * 5 };
}

/** The files a seeded mutation writes, relative to the root, with the rule each must raise. */
function seededFindings(apps) {
  const folder = appFolder(apps - 1);
  return [
    { file: path.join(folder, `${COMPONENTS[0]}.yaml`), code: 'k8s-service-no-match' },
    { file: path.join(folder, `${COMPONENTS[0]}.yaml`), code: 'k8s-duplicate-object' },
    { file: path.join(folder, `${COMPONENTS[1]}.yaml`), code: 'k8s-duplicate-object' },
  ];
}

module.exports = { generateMonorepo, seededFindings, manifest, appFolder, adrName, COMPONENTS };
