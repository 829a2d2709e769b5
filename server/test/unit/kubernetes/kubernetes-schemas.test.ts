import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

// The generated documents in schemas/kubernetes/ (scripts/gen-k8s-schemas.mjs), checked as a
// consumer uses them: one Ajv instance, the whole document added once, kinds compiled by name.

interface SchemaNode {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

interface SchemaDocument {
  $schema: string;
  $id: string;
  'x-archipel-kubernetes-version': string;
  'x-archipel-kinds': Record<string, string>;
  definitions: Record<string, SchemaNode>;
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schemas'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no folder with package.json and schemas/ above ${start}`);
  }
}

const schemaDir = path.join(findRepoRoot(__dirname), 'schemas', 'kubernetes');
const load = (file: string): SchemaDocument => JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8')) as SchemaDocument;
const kubernetesFiles = readdirSync(schemaDir).filter((f) => /^kubernetes-\d+\.\d+\.json$/.test(f));
assert.equal(kubernetesFiles.length, 1, `one kubernetes-<version>.json expected, found ${kubernetesFiles.join(', ')}`);
const kubernetes = load(kubernetesFiles[0]);
const argo = load('argo.json');

// strict: false only for the x-archipel-* annotations at the top of each document.
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(kubernetes);
ajv.addSchema(argo);

function validatorFor(doc: SchemaDocument, key: string): ValidateFunction {
  const name = doc['x-archipel-kinds'][key];
  assert.ok(name, `no kind ${key} in ${doc.$id}`);
  const validate = ajv.getSchema(`${doc.$id}#/definitions/${name}`);
  assert.ok(validate, `cannot compile ${name}`);
  return validate;
}

/** `<instancePath> <keyword>[ <property>]` for each error, sorted. */
function errors(doc: SchemaDocument, yaml: string): string[] {
  const manifest = parse(yaml) as { apiVersion: string; kind: string };
  const validate = validatorFor(doc, `${manifest.apiVersion}/${manifest.kind}`);
  validate(manifest);
  return (validate.errors ?? []).map(brief).sort();
}

function brief(e: ErrorObject): string {
  const property = e.keyword === 'additionalProperties' ? e.params.additionalProperty : e.keyword === 'required' ? e.params.missingProperty : undefined;
  return `${e.instancePath} ${e.keyword}${property === undefined ? '' : ` ${String(property)}`}`;
}

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app.kubernetes.io/name: web}
  annotations: {example.com/owner: team-a}
spec:
  replicas: 3
  revisionHistoryLimit: 5
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
    spec:
      serviceAccountName: web
      nodeSelector: {kubernetes.io/os: linux}
      securityContext: {runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports: [{containerPort: 9901, name: admin}]
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
          args: [--port, "8080"]
          ports:
            - {containerPort: 8080, name: http, protocol: TCP}
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
          envFrom: [{configMapRef: {name: web-config}}]
          resources:
            requests: {cpu: 250m, memory: 128Mi}
            limits: {cpu: 1, memory: 512Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 10
          livenessProbe:
            tcpSocket: {port: 8080}
            initialDelaySeconds: 15
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          volumeMounts: [{name: cache, mountPath: /var/cache/nginx}]
      volumes:
        - name: cache
          emptyDir: {sizeLimit: 1Gi}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: {matchLabels: {app.kubernetes.io/name: web}}
`;

const valid: Record<string, { doc: () => SchemaDocument; yaml: string }> = {
  'a Deployment with a native sidecar (initContainers[].restartPolicy: Always)': { doc: () => kubernetes, yaml: deployment },
  'a Deployment as printed by kubectl create --dry-run=client -o yaml (nulls and empty objects)': {
    doc: () => kubernetes,
    yaml: `
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels: {app: web}
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels: {app: web}
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
`,
  },
  'a Service with trafficDistribution: PreferClose': {
    doc: () => kubernetes,
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: ClusterIP
  selector: {app.kubernetes.io/name: web}
  ports:
    - {name: http, port: 80, targetPort: http, protocol: TCP}
    - {name: admin, port: 9901, targetPort: 9901}
  trafficDistribution: PreferClose
  internalTrafficPolicy: Cluster
`,
  },
  'an Ingress': {
    doc: () => kubernetes,
    yaml: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: {cert-manager.io/cluster-issuer: letsencrypt}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
          - path: /api
            pathType: ImplementationSpecific
            backend: {service: {name: api, port: {name: http}}}
`,
  },
  'a HorizontalPodAutoscaler autoscaling/v2': {
    doc: () => kubernetes,
    yaml: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    - type: Pods
      pods:
        metric: {name: requests_per_second}
        target: {type: AverageValue, averageValue: "1k"}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      policies: [{type: Percent, value: 50, periodSeconds: 60}]
`,
  },
  'a ConfigMap': {
    doc: () => kubernetes,
    yaml: `
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data:
  LOG_LEVEL: info
  nginx.conf: |
    server { listen 8080; }
binaryData:
  logo.png: iVBORw0KGgo=
immutable: false
`,
  },
  'a Secret with stringData': {
    doc: () => kubernetes,
    yaml: `
apiVersion: v1
kind: Secret
metadata: {name: db}
type: Opaque
stringData: {password: s3cr3t, username: app}
data: {token: dG9rZW4=}
`,
  },
  'a CronJob': {
    doc: () => kubernetes,
    yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  timeZone: Europe/Paris
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      backoffLimit: 2
      ttlSecondsAfterFinished: 3600
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: busybox:1.36
              command: [sh, -c, "date; echo report"]
`,
  },
  'a StatefulSet with volumeClaimTemplates': {
    doc: () => kubernetes,
    yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: db}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0, maxUnavailable: 1}}
  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Delete}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: postgres
          image: postgres:16
          ports: [{containerPort: 5432, name: pg}]
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        storageClassName: standard
        resources: {requests: {storage: 10Gi}}
`,
  },
  'a NetworkPolicy': {
    doc: () => kubernetes,
    yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
        - namespaceSelector:
            matchExpressions: [{key: team, operator: In, values: [a, b]}]
      ports: [{protocol: TCP, port: 5432}]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
      ports: [{protocol: UDP, port: 53, endPort: 60}]
`,
  },
  'a PodDisruptionBudget policy/v1': {
    doc: () => kubernetes,
    yaml: `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 50%
  selector: {matchLabels: {app: web}}
  unhealthyPodEvictionPolicy: AlwaysAllow
`,
  },
  'a Namespace': { doc: () => kubernetes, yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {pod-security.kubernetes.io/enforce: restricted}}\n' },
  'a ServiceAccount': {
    doc: () => kubernetes,
    yaml: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\nautomountServiceAccountToken: false\nimagePullSecrets: [{name: registry}]\n',
  },
  'a Role': {
    doc: () => kubernetes,
    yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: [get, list, watch]
  - apiGroups: [apps]
    resources: [deployments]
    resourceNames: [web]
    verbs: [get]
`,
  },
  'a RoleBinding': {
    doc: () => kubernetes,
    yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: shop}
subjects:
  - {kind: ServiceAccount, name: web, namespace: shop}
  - {kind: User, name: jane@example.com, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: Role, name: reader, apiGroup: rbac.authorization.k8s.io}
`,
  },
  'an Argo CD Application with helm values and automated sync': {
    doc: () => argo,
    yaml: `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
  namespace: argocd
  finalizers: [resources-finalizer.argocd.argoproj.io]
spec:
  project: default
  source:
    repoURL: https://charts.example.com
    chart: shop
    targetRevision: 1.2.3
    helm:
      releaseName: shop
      values: |
        replicaCount: 2
        image: {tag: "1.27"}
      valuesObject:
        ingress: {enabled: true, hosts: [shop.example.com]}
      parameters: [{name: service.type, value: ClusterIP}]
  destination: {server: https://kubernetes.default.svc, namespace: shop}
  syncPolicy:
    automated: {prune: true, selfHeal: true}
    syncOptions: [CreateNamespace=true, ServerSideApply=true]
    retry: {limit: 5, backoff: {duration: 5s, factor: 2, maxDuration: 3m}}
  ignoreDifferences:
    - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}
`,
  },
  'an Argo Workflow with parallel steps, numeric parameter values, withItems and unnamed template containers': {
    doc: () => argo,
    yaml: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: build-}
spec:
  entrypoint: main
  arguments:
    parameters: [{name: retries, value: 3}, {name: dry-run, value: false}]
  templates:
    - name: main
      steps:
        - - name: lint
            template: echo
            arguments: {parameters: [{name: msg, value: lint}]}
          - name: test
            template: echo
            arguments: {parameters: [{name: msg, value: "{{item}}"}]}
            withItems: [unit, 1, {suite: e2e}]
        - - name: publish
            template: echo
    - name: echo
      inputs: {parameters: [{name: msg}]}
      container:
        image: alpine:3.20
        command: [echo, "{{inputs.parameters.msg}}"]
    - name: random
      script:
        image: python:3.13-alpine
        command: [python]
        source: |
          import random
          print(random.randint(1, 6))
`,
  },
};

describe('generated Kubernetes JSON Schemas', () => {
  describe('documents', () => {
    it('declare draft-07, their $id, the Kubernetes version and the kind table', () => {
      const version = kubernetes['x-archipel-kubernetes-version'];
      assert.match(version, /^1\.\d+$/);
      assert.equal(kubernetesFiles[0], `kubernetes-${version}.json`);
      assert.equal(kubernetes.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(kubernetes.$id, `urn:archipel:schema:kubernetes-${version}`);
      assert.equal(argo.$id, 'urn:archipel:schema:argo');
      assert.equal(kubernetes['x-archipel-kinds']['apps/v1/Deployment'], 'io.k8s.api.apps.v1.Deployment');
      assert.equal(kubernetes['x-archipel-kinds']['v1/Service'], 'io.k8s.api.core.v1.Service');
      assert.equal(argo['x-archipel-kinds']['argoproj.io/v1alpha1/Application'], 'com.github.argoproj.argo-cd.v3.pkg.apis.application.v1alpha1.Application');
      for (const kind of ['AppProject', 'ApplicationSet', 'Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']) {
        assert.ok(argo['x-archipel-kinds'][`argoproj.io/v1alpha1/${kind}`], kind);
      }
    });

    it('resolve every $ref and kind to a definition', () => {
      for (const doc of [kubernetes, argo]) {
        for (const name of Object.values(doc['x-archipel-kinds'])) assert.ok(doc.definitions[name], name);
        const refs = JSON.stringify(doc.definitions).match(/"\$ref":"[^"]*"/g) ?? [];
        for (const ref of new Set(refs)) {
          const name = /^"\$ref":"#\/definitions\/(.+)"$/.exec(ref)?.[1];
          assert.ok(name !== undefined && doc.definitions[name], `${doc.$id}: dangling ${ref}`);
        }
      }
    });

    it('close every object type except the free-form ones', () => {
      const freeForm = /\.(RawExtension|FieldsV1|Patch|Plugin)$/;
      const open: string[] = [];
      const visit = (schema: SchemaNode, where: string): void => {
        if ([schema.type].flat().includes('object') && schema.additionalProperties === undefined && !freeForm.test(where)) open.push(where);
        for (const [key, sub] of Object.entries(schema.properties ?? {})) visit(sub, `${where}.${key}`);
        if (schema.items) visit(schema.items, `${where}[]`);
        if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${where}{}`);
        for (const sub of schema.anyOf ?? []) visit(sub, `${where}|`);
      };
      for (const doc of [kubernetes, argo]) for (const [name, schema] of Object.entries(doc.definitions)) visit(schema, name);
      assert.deepEqual(open, []);
    });

    it('compile every kind', function () {
      // Compiling ~260 validators is seconds of CPU on a busy 2-core machine; this is not a timing test.
      this.timeout(120_000);
      for (const doc of [kubernetes, argo]) for (const key of Object.keys(doc['x-archipel-kinds'])) validatorFor(doc, key);
    });
  });

  describe('accept valid manifests', () => {
    for (const [title, { doc, yaml }] of Object.entries(valid)) {
      it(title, () => assert.deepEqual(errors(doc(), yaml), []));
    }
  });

  describe('reject invalid manifests, at the exact path', () => {
    const broken = (from: string, to: string): string => {
      assert.ok(deployment.includes(from), from);
      return deployment.replace(from, to);
    };

    it('a misspelt field in the spec', () => {
      assert.deepEqual(errors(kubernetes, broken('  replicas: 3', '  replica: 3')), ['/spec additionalProperties replica']);
    });

    it('a misspelt field in a container', () => {
      assert.deepEqual(errors(kubernetes, broken('imagePullPolicy:', 'imagePullPolcy:')), [
        '/spec/template/spec/containers/0 additionalProperties imagePullPolcy',
      ]);
    });

    it('a container without its required name', () => {
      assert.deepEqual(errors(kubernetes, broken('        - name: web\n          image:', '        - image:')), [
        '/spec/template/spec/containers/0 required name',
      ]);
    });

    it('a string where an integer is expected, and a fraction', () => {
      assert.deepEqual(errors(kubernetes, broken('replicas: 3', 'replicas: three')), ['/spec/replicas type']);
      assert.deepEqual(errors(kubernetes, broken('replicas: 3', 'replicas: 1.5')), ['/spec/replicas type']);
      assert.deepEqual(errors(kubernetes, broken('containerPort: 8080', 'containerPort: "8080"')), [
        '/spec/template/spec/containers/0/ports/0/containerPort type',
      ]);
    });

    it('a value outside an enum', () => {
      assert.deepEqual(errors(kubernetes, broken('imagePullPolicy: IfNotPresent', 'imagePullPolicy: Sometimes')), [
        '/spec/template/spec/containers/0/imagePullPolicy enum',
      ]);
    });

    it('a malformed quantity and a non-scalar IntOrString', () => {
      assert.deepEqual(errors(kubernetes, broken('memory: 512Mi', 'memory: 512MB')), [
        '/spec/template/spec/containers/0/resources/limits/memory pattern',
      ]);
      assert.deepEqual(errors(kubernetes, broken('maxSurge: 25%', 'maxSurge: [1]')), ['/spec/strategy/rollingUpdate/maxSurge type']);
    });

    it('a wrong apiVersion or kind for the compiled kind', () => {
      const validate = validatorFor(kubernetes, 'apps/v1/Deployment');
      validate({ apiVersion: 'apps/v1beta1', kind: 'Deployment' });
      assert.deepEqual((validate.errors ?? []).map(brief), ['/apiVersion const']);
      validate({ apiVersion: 'apps/v1' });
      assert.deepEqual((validate.errors ?? []).map(brief), [' required kind']);
    });

    it('a misspelt field in an Argo CD sync policy', () => {
      const application = valid['an Argo CD Application with helm values and automated sync'].yaml;
      assert.deepEqual(errors(argo, application.replace('selfHeal: true', 'selfheal: true')), [
        '/spec/syncPolicy/automated additionalProperties selfheal',
      ]);
    });
  });
});
