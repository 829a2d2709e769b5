// What the deploy files say that the security model reads beside the map (issue #65): NetworkPolicies
// decided on their path under the system's root (a workspace that lives in an examples/ folder keeps its
// walls), an Ingress's TLS to its pods and the client certificates it verifies (ingress-nginx, Traefik),
// a container store's disks encrypted by their StorageClass's key. Each fact with its line; each planted
// twice, with and without.
import assert from 'node:assert/strict';
import path from 'node:path';
import { committedSecretFiles } from '../../../src/threats/envFiles';
import { credentialsInLine, literalSecretLines } from '../../../src/threats/evidence';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';

interface At { file: string; line: number }
interface Model {
  boundaries: { name: string; type: string; walls: At[] }[];
  links: { from: string; to: string; protocol: string; tls: boolean; credentials: boolean; sources: At[] }[];
  stores: { name: string; encrypted: boolean; encryption?: At[] }[];
}

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.0
          ports:
            - containerPort: 8443
          env:
            - name: DATABASE_URL
              value: postgresql://app@db:5432/app?sslmode=verify-full
`;
const service = (name: string, port: number, annotations = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
${annotations}spec:
  selector:
    app: ${name}
  ports:
    - port: ${port}
`;
const ingress = (annotations: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-public
  namespace: shop
  annotations:
${annotations}spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 443
`;
const statefulSet = (volumes: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          ports:
            - containerPort: 5432
${volumes}`;
const TEMPLATE = (storageClass: string) => `  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
${storageClass}        resources:
          requests:
            storage: 10Gi
`;
const storageClass = (name: string, parameters: string, annotations = '') => `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${name}
${annotations}provisioner: pd.csi.storage.gke.io
parameters:
  type: pd-balanced
${parameters}`;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';

const NGINX = '    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\n    nginx.ingress.kubernetes.io/auth-tls-verify-client: "on"\n    nginx.ingress.kubernetes.io/auth-tls-secret: shop/client-ca\n';

function app(options: { ingress?: string; webService?: string; volumes?: string } = {}): string {
  return [NAMESPACE, WEB, options.webService ?? service('web', 443), ingress(options.ingress ?? NGINX), statefulSet(options.volumes ?? TEMPLATE('        storageClassName: pd-cmek\n')), service('db', 5432)].join('---\n');
}

/** The security model of a workspace planted at `folder` (relative to a temporary directory). */
async function model(files: Record<string, string>, folder = 'examples/shop'): Promise<Model> {
  const tree = makeTree(Object.fromEntries(Object.entries(files).map(([name, text]) => [path.join(folder, name), text])));
  try {
    const { out } = await runCli(['threats', '.', '--format', 'model'], path.join(tree.root, folder));
    return JSON.parse(out) as Model;
  } finally {
    tree.remove();
  }
}

const shop = (m: Model) => m.boundaries.find((b) => b.name === 'shop')!;
const link = (m: Model, from: RegExp, to: RegExp) => m.links.find((l) => from.test(l.from) && to.test(l.to))!;
const lines = (list: readonly At[] | undefined) => (list ?? []).map((s) => `${s.file}:${s.line}`);

describe('threats: walls, ingress TLS and client certificates, disks encrypted by their StorageClass', function () {
  this.timeout(120_000);

  it("a workspace inside an examples/ folder keeps its NetworkPolicies; one in the workspace's own components/ or examples/ folder is optional", async () => {
    const walled = await model({ 'app.yaml': app(), 'network-policy.yaml': POLICY });
    assert.equal(shop(walled).type, 'network-policy-namespace-isolation');
    assert.deepEqual(lines(shop(walled).walls), ['network-policy.yaml:2']);
    for (const optional of ['components/network-policies/policy.yaml', 'examples/policy.yaml']) {
      const open = await model({ 'app.yaml': app(), [optional]: POLICY });
      assert.equal(shop(open).type, 'execution-environment', optional);
      assert.deepEqual(shop(open).walls, [], optional);
    }
  });

  it("ingress-nginx: backend-protocol HTTPS is TLS to the pods, auth-tls-verify-client on with a secret is the client's credential, each on its line", async () => {
    const m = await model({ 'app.yaml': app(), 'storageclass.yaml': storageClass('pd-cmek', '  disk-encryption-kms-key: projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k\n') });
    const text = app();
    const lineOf = (needle: string) => `app.yaml:${text.split('\n').findIndex((l) => l.includes(needle)) + 1}`;
    const inward = link(m, /^internet$/, /Ingress/);
    assert.deepEqual([inward.tls, inward.credentials], [true, true]);
    assert.ok(lines(inward.sources).includes(lineOf('auth-tls-verify-client')), JSON.stringify(inward.sources));
    const routed = link(m, /Ingress/, /Deployment\/shop\/web/);
    assert.deepEqual([routed.protocol, routed.tls, routed.credentials], ['https', true, true]);
    assert.ok(lines(routed.sources).includes(lineOf('backend-protocol')), JSON.stringify(routed.sources));
    assert.ok(lines(routed.sources).includes(lineOf('auth-tls-verify-client')), JSON.stringify(routed.sources));
  });

  it('without those annotations (or with verify-client optional, or no CA secret) the hop to the pods is plaintext and unauthenticated', async () => {
    for (const annotations of ['    nginx.ingress.kubernetes.io/ssl-redirect: "true"\n', '    nginx.ingress.kubernetes.io/backend-protocol: HTTP\n    nginx.ingress.kubernetes.io/auth-tls-verify-client: "optional"\n    nginx.ingress.kubernetes.io/auth-tls-secret: shop/client-ca\n', '    nginx.ingress.kubernetes.io/auth-tls-verify-client: "on"\n']) {
      const m = await model({ 'app.yaml': app({ ingress: annotations }) });
      const inward = link(m, /^internet$/, /Ingress/);
      const routed = link(m, /Ingress/, /Deployment\/shop\/web/);
      assert.deepEqual([inward.tls, inward.credentials, routed.protocol, routed.tls, routed.credentials], [true, false, 'http', false, false], annotations);
    }
  });

  it("Traefik: service.serversscheme https on the routed Service is TLS to the pods, on the Service's line", async () => {
    const webService = service('web', 443, '  annotations:\n    traefik.ingress.kubernetes.io/service.serversscheme: https\n');
    const m = await model({ 'app.yaml': app({ ingress: '    traefik.ingress.kubernetes.io/router.tls: "true"\n', webService }) });
    const routed = link(m, /Ingress/, /Deployment\/shop\/web/);
    assert.deepEqual([routed.tls, routed.credentials], [true, false]);
    const text = app({ webService });
    assert.ok(lines(routed.sources).includes(`app.yaml:${text.split('\n').findIndex((l) => l.includes('serversscheme')) + 1}`), JSON.stringify(routed.sources));
  });

  it("a store's disks encrypted by its StorageClass's key (GKE KMS key, EBS encrypted or kmsKeyId, Azure disk encryption set), on the class's line", async () => {
    const keys = ['  disk-encryption-kms-key: projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k\n', '  encrypted: "true"\n', '  kmsKeyId: arn:aws:kms:eu-west-3:111122223333:key/k\n', '  diskEncryptionSetID: /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/diskEncryptionSets/d\n'];
    for (const key of keys) {
      const m = await model({ 'app.yaml': app(), 'storageclass.yaml': storageClass('pd-cmek', key) });
      const store = m.stores.find((s) => s.name === 'db')!;
      assert.equal(store.encrypted, true, key);
      assert.deepEqual(lines(store.encryption), ['storageclass.yaml:8'], key);
    }
  });

  it('a claim by name, and the default class when none is named; no key, another class, or encrypted "false": not encrypted', async () => {
    const claim = '      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: db-data\n';
    const pvc = (storage: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: db-data\n  namespace: shop\nspec:\n  accessModes: ["ReadWriteOnce"]\n${storage}  resources:\n    requests:\n      storage: 10Gi\n`;
    const byClaim = await model({ 'app.yaml': app({ volumes: claim }), 'pvc.yaml': pvc('  storageClassName: pd-cmek\n'), 'storageclass.yaml': storageClass('pd-cmek', '  encrypted: "true"\n') });
    assert.deepEqual(lines(byClaim.stores.find((s) => s.name === 'db')!.encryption), ['storageclass.yaml:8']);
    const byDefault = await model({ 'app.yaml': app({ volumes: TEMPLATE('') }), 'storageclass.yaml': storageClass('standard-cmek', '  kmsKeyId: arn:aws:kms:eu-west-3:111122223333:key/k\n', '  annotations:\n    storageclass.kubernetes.io/is-default-class: "true"\n') });
    assert.deepEqual(lines(byDefault.stores.find((s) => s.name === 'db')!.encryption), ['storageclass.yaml:10']);
    for (const [name, parameters] of [['pd-cmek', ''], ['pd-cmek', '  encrypted: "false"\n'], ['other', '  disk-encryption-kms-key: projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k\n']]) {
      const m = await model({ 'app.yaml': app(), 'storageclass.yaml': storageClass(name, parameters) });
      const store = m.stores.find((s) => s.name === 'db')!;
      assert.deepEqual([store.encrypted, store.encryption], [false, undefined], `${name} ${parameters}`);
    }
  });
});

describe('threats: literal secrets in Compose lists and connection strings (threats78e)', () => {
  it("`- KEY=value` is written as it is; a connection string's Password= is a literal unless a reference", () => {
    const lines = [
      '    environment:',
      '      - SA_PASSWORD=Pass@word',
      '      - DB_PASSWORD=${DB_PASSWORD}',
      '      - ConnectionString=${X:-Server=sqldata;User Id=sa;Password=Pass@word;Encrypt=False}',
      '      - ConnectionString=Server=sqldata;User Id=sa;Password=${SA_PASSWORD};',
      '      - API_TOKEN=abcd1234 # a comment',
      '      - PASSWORD_FILE=/run/secrets/db',
      '  password = var.password',
      '  db_password = "hunter22"',
    ];
    assert.deepEqual(literalSecretLines(lines), [1, 3, 5, 8]);
  });

  it("a connection string's password is one reading: a password set is a literal one wherever it stands (after a quote, blanks around `=`)", () => {
    const lines = [
      '  "Orders": "Password=Pass@word1;User Id=sa;Server=sqldata"',
      '  Catalog: Server=sqldata;User Id=sa;Password = Pass@word1;',
      '  Basket: Server=sqldata;User Id=sa;Password=;',
      '  Identity: Server=sqldata;User Id=sa;Password = ${SA_PASSWORD};',
    ];
    assert.deepEqual(lines.map(credentialsInLine), [true, true, false, true]);
    assert.deepEqual(literalSecretLines(lines), [0, 1]);
  });

  it("a Compose secret kept as a file of the repository is written there: its `file:` line when the file holds something; an external secret, an empty or absent file, none", () => {
    const compose = ['services:', '  db:', '    secrets: [db_password, api_key, tls]', 'secrets:', '  db_password:', '    file: ./secrets/db_password', '  api_key:', '    external: true', '  tls:', '    file: ./secrets/absent', '  empty:', '    file: "./secrets/empty"', 'volumes: {}'];
    const files: Record<string, string> = { 'file:///w/secrets/db_password': 'hunter2\n', 'file:///w/secrets/empty': '\n' };
    assert.deepEqual(committedSecretFiles('file:///w/compose.yaml', compose, (uri) => files[uri]), [5]);
  });
});
