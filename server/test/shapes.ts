/**
 * Hostile file shapes for every family (issue #67): seeded fast-check arbitraries of what breaks a
 * checker — long runs of one character, deep nesting, long operator chains (left-deep trees), huge
 * numbers, many documents, banners — applied to a small file of each kind a family reads, at the
 * places its parsers look (`§` in a kind's text). A case is a short description (its `Shape`); its
 * text is made from it, so that a failure prints what it was and replays from it.
 *
 * The kinds are checked against the family list (fuzz-shapes.test.ts): every family that reads files
 * has one, and each kind's path is one its family's selector takes.
 */
import fc from 'fast-check';

/** A file a family reads: where it lies, a small valid text with `§` at the places a shape goes, and what nests and chains there. */
export interface FileKind {
  family: string;
  path: string;
  text: string;
  /** Opening and closing texts that nest where a shape goes (default: brackets). */
  nests?: readonly (readonly [string, string])[];
  /** A text repeated after itself makes a chain (an operator and its operand): `' + 1'`, `' && a'`. */
  chains?: readonly string[];
}

const brackets = [['[', ']'], ['{', '}'], ['(', ')']] as const;
const yamlNests = [['[', ']'], ['{', '}'], ['- ', ''], ['{a: ', '}'], ['[[', ']]']] as const;
const yamlChains = [', a', ': a', ' #', '- ', '&a ', '*a ', '? a\n: b\n'] as const;

/** A deployment every case keeps beside its hostile file: its one known problem must still be reported. */
export const NEIGHBOUR = {
  path: 'neighbour/web.yaml',
  text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: neighbour\nspec:\n  selector:\n    matchLabels: {app: neighbour}\n  template:\n    metadata:\n      labels: {app: neighbour}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          imagePullPolicy: Sometimes\n',
  /** The code of its known problem. */
  problem: 'k8s-schema',
};

/** A text of the family's own kinds, beside which every case is checked (a drawing needs components to compare). */
export const COMPANIONS: Record<string, string> = {
  'neighbour/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:1.0\n',
};

export const KINDS: readonly FileKind[] = [
  { family: 'yaml', path: 'config/any.yaml', text: 'key: value§\nlist: [1, 2§]\nmap: {a: b§}\nblock: |\n  text§\n' },
  { family: 'blur', path: 'archipel.yaml', text: 'blur:\n  faceModel: models/face.onnx§\n  outputFolder: blurred§\n  plates: true\n', nests: yamlNests, chains: yamlChains },
  { family: 'predict', path: 'archipel.yaml', text: 'predict:\n  model: prediction/model.onnx§\n  features: [open, close§]\n  labels: {0: down, 1: up§}\n', nests: yamlNests, chains: yamlChains },
  {
    family: 'kubernetes',
    path: 'k8s/deploy.yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web§\n  labels: {app: web§}\nspec:\n  replicas: 2§\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27§\n          args: [§]\n          env:\n            - {name: URL, value: "http://api:80/§"}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80§}]\n',
    nests: yamlNests,
    chains: yamlChains,
  },
  { family: 'kubernetes', path: 'k8s/kustomization.yaml', text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deploy.yaml§\n  - ../base§\npatches:\n  - path: patch.yaml§\n', nests: yamlNests, chains: ['/..', '*', '[a-z]*a', '/x'] },
  { family: 'kubernetes', path: 'deploy.sh', text: '#!/bin/sh\nkubectl apply -f k8s/§ \\\n  -f other/§\nkubectl apply -k k8s/§\n', nests: [['$(', ')'], ['"', '"']], chains: [' \\\n', ' -f a*a', ' && kubectl apply -f x', ' #'] },
  { family: 'raci', path: 'governance/team.raci.yaml', text: 'kind: raci\nscheme: RACI\ntitle: Team§\nroles:\n  - {id: dev, name: Developer§}\n  - {id: ops, name: Operator}\nactivities:\n  - id: A-1\n    activity: Deploy§\n    raci: {dev: R, ops: A§}\n', nests: yamlNests, chains: yamlChains },
  { family: 'amdec', path: 'governance/risks.amdec.yaml', text: 'kind: amdec\nmethod: rpn\ntitle: Risks§\nscales: {severity: [1, 10], occurrence: [1, 10], detection: [1, 10]}\nrisks:\n  - id: R-01\n    category: technical\n    item: Ingestion§\n    failure_mode: Late§\n    effect: Stale\n    cause: None\n    severity: 7§\n    occurrence: 5\n    detection: 6\n    rpn: 210\n', nests: yamlNests, chains: yamlChains },
  { family: 'policy', path: 'policies/require-labels.yaml', text: 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: require-labels§}\nspec:\n  validationFailureAction: Enforce\n  rules:\n    - name: check-team§\n      match: {any: [{resources: {kinds: [Pod§]}}]}\n      validate:\n        message: "label {{ request.object.metadata.name§ }}"\n        pattern: {metadata: {labels: {team: "?*§"}}}\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: replicas§}\nspec:\n  matchConstraints: {resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]}\n  validations:\n    - expression: "object.spec.replicas <= 5§"\n', nests: yamlNests, chains: yamlChains },
  { family: 'slo', path: 'slos/api.yml', text: 'version: prometheus/v1\nservice: api§\nslos:\n  - name: availability§\n    objective: 99.9§\n    sli:\n      events:\n        error_query: sum(rate(errors[{{.window}}§]))\n        total_query: sum(rate(requests[{{.window}}]))\n    alerting:\n      name: ApiErrors§\n---\napiVersion: openslo/v1\nkind: SLO§\nmetadata: {name: api§}\nspec:\n  objectives:\n    - {target: 0.99§}\n', nests: yamlNests, chains: yamlChains },
  {
    family: 'adr',
    path: 'docs/adr/0001-use-postgres.md',
    text: '---\nstatus: accepted§\ndate: 2025-01-20\n---\n\n# Use PostgreSQL§\n\n## Context and Problem Statement\n\nWe need a store§. See [ADR 2](0002-x.md§).\n\n## Considered Options\n\n* PostgreSQL§\n* MySQL\n\n## Decision Outcome\n\nChosen option: "PostgreSQL§", because it is there.\n',
    nests: [['> ', ''], ['- ', ''], ['[', '](x.md)'], ['*', '*'], ['`', '`'], ['<div>', '</div>']],
    chains: ['*_', '[a](b) ', '\n* item', '| a ', ' superseded by 0'],
  },
  { family: 'adr', path: 'docs/adr/.adr-dir', text: 'docs/adr§\n', chains: ['/', '\\', '/..'] },
  {
    family: 'workflows',
    path: '.github/workflows/ci.yml',
    text: 'name: CI§\non: [push§]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    if: ${{ github.event_name == \'push\'§ }}\n    strategy:\n      matrix: {node: [20§, 22]}\n    steps:\n      - uses: actions/checkout@v4§\n      - run: echo ${{ matrix.node§ }} | tee out.txt§\n        env: {A: "${{ secrets.A§ }}"}\n',
    nests: [['(', ')'], ['!(', ')'], ['fromJSON(', ')'], ['[', ']'], ['{', '}'], ['${{ ', ' }}']],
    chains: [' && a', ' || b', ' == 1', '.a', '[0]', ' | x', '${{ a }}', " && contains(a, 'b')"],
  },
  { family: 'workflows', path: 'action.yml', text: 'name: My action§\ndescription: Does it§\ninputs:\n  who: {description: Who§, default: "${{ github.actor§ }}"}\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.who§ }}\n      shell: bash\n', nests: [['(', ')'], ['[', ']']], chains: [' && a', ' || b', '.a'] },
  {
    family: 'mermaid',
    path: 'docs/flow.mmd',
    text: 'flowchart LR\n  a[A§] --> b[B]§\n  subgraph s["S§"]\n    c --> d§\n  end\n',
    nests: [['subgraph x\n', '\nend'], ['[', ']'], ['(', ')'], ['{', '}'], ['"', '"']],
    chains: [' --> a', ' & b', '-->', ' -- t --> c', ':::x', '\n  a --> b'],
  },
  { family: 'mermaid', path: 'docs/notes.md', text: '# Notes§\n\n```mermaid\nsequenceDiagram\n  A->>B: hi§\n```\n\nText§\n', nests: [['> ', ''], ['- ', ''], ['```mermaid\n', '\n```']], chains: ['\n  A->>B: x', '*_', '\n```\n```mermaid\ngraph TD\n'] },
  {
    family: 'pipeline',
    path: 'dvc.yaml',
    text: 'vars:\n  - params.yaml§\nstages:\n  train:\n    cmd: python train.py --lr ${train.lr§} --out ${item§}\n    deps: [train.py§, data/${train.data§}]\n    outs: [model.pkl§]\n    params: [train.lr§]\n  grid:\n    foreach: [a, b§]\n    do:\n      cmd: echo ${item§}\n',
    nests: [['${', '}'], ['${a.', '}'], ['[', ']'], ['{', '}']],
    chains: ['${a}', '.a', '${train.lr}', '[0]', ' + 1', ', a'],
  },
  { family: 'pipeline', path: 'params.yaml', text: 'train:\n  lr: 0.1§\n  data: d.csv§\n  layers: [1, 2§]\n', nests: yamlNests, chains: yamlChains },
  { family: 'pipeline', path: 'pipeline/train.pipeline.yaml', text: 'stages:\n  s:\n    cmd: "run ${a§}"\n    deps: [a.txt§]\n    outs: [b.txt§]\n', nests: [['${', '}'], ['[', ']']], chains: ['${a}', '.a'] },
  {
    family: 'validate',
    path: 'quality/prices.expectations.yaml',
    text: 'name: prices§\ndata: ../data/prices.csv§\nexpectations:\n  - type: expect_column_values_to_be_between§\n    kwargs: {column: Close, min_value: 0§, max_value: 1e6§}\n  - type: expect_column_values_to_match_regex\n    kwargs: {column: Ticker, regex: "^[A-Z]+$§"}\n',
    nests: yamlNests,
    chains: ['(a|b)', '(a*)*', '.*', ', a', '9'],
  },
  { family: 'validate', path: 'expectations/suite.json', text: '{"expectation_suite_name": "s§", "expectations": [{"expectation_type": "expect_column_to_exist", "kwargs": {"column": "a§"}}§]}\n', chains: [', 1', ', {"a": 1}', '[1]'] },
  {
    family: 'compose',
    path: 'docker-compose.yml',
    text: 'services:\n  web:\n    image: "nginx:${TAG:-1.27}§"\n    ports: ["80:80§"]\n    environment:\n      URL: http://api:8080/§\n      A: ${B:-${C:-x}§}\n    depends_on: [api§]\n  api:\n    image: api:1.0\n    command: ["run", "§"]\n',
    nests: [['${A:-', '}'], ['${A:?', '}'], ['$${', '}'], ['[', ']'], ['{', '}']],
    chains: ['${A}', '$$', '${A:-x}', '$', ' ${B}'],
  },
  {
    family: 'dockerfile',
    path: 'Dockerfile',
    text: 'FROM node:20 AS build§\nARG VERSION=1§\nENV A=${VERSION}§\nRUN npm ci && npm run build§ | tee log\nCOPY . /app§\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html§\nCMD ["nginx", "-g", "daemon off;"§]\n',
    nests: [['$(', ')'], ['${A:-', '}'], ['[', ']'], ['"', '"']],
    chains: [' && a', ' | b', ' \\\n  x', '${A}', ' -o pipefail', ';'],
  },
  {
    family: 'prometheus',
    path: 'monitoring/alerts.rules.yml',
    text: 'groups:\n  - name: g§\n    rules:\n      - alert: High§\n        expr: sum by (job) (rate(http_requests_total{job="api"§}[5m])) > 1§\n        for: 10m\n        labels: {severity: page§}\n        annotations:\n          summary: "{{ $labels.job§ }} is {{ $value | humanize§ }}"\n',
    nests: [['(', ')'], ['sum(', ')'], ['abs(', ')'], ['{{ if true }}', '{{ end }}'], ['{', '}']],
    chains: [' + 1', ' * up', ' or up', ' and on(a) up', ' > bool 1', ' | humanize', ' offset 5m', ', a="b"'],
  },
  {
    family: 'prometheus',
    path: 'prometheus.yml',
    text: 'global:\n  scrape_interval: 15s§\nrule_files: [alerts.rules.yml§]\nscrape_configs:\n  - job_name: api§\n    static_configs: [{targets: ["api:8080"§]}]\n    relabel_configs:\n      - {source_labels: [__address__], regex: "(.*)§", target_label: instance, replacement: "$1§"}\n    kubernetes_sd_configs:\n      - role: pod\n        selectors: [{role: pod, label: "app=web§"}]\n',
    nests: yamlNests,
    chains: ['(a|b)*', ',a=b', ' in (a)', '$1', '${1}', 'a'],
  },
  {
    family: 'ansible',
    path: 'playbook.yml',
    text: '- hosts: all§\n  become: true\n  vars: {app: web§}\n  tasks:\n    - name: Install {{ app§ }}\n      ansible.builtin.apt: {name: "{{ app | default(\'x\')§ }}", state: present}\n      when: app is defined and app != "x"§\n    - name: Run\n      ansible.builtin.shell: cat a | grep b§\n      loop: "{{ [1, 2]§ }}"\n',
    nests: [['{{ (', ') }}'], ['(', ')'], ['[', ']'], ['{{ {', '} }}'], ['{% if a %}', '{% endif %}']],
    chains: [' | upper', ' and a', ' or b', ' ~ a', '.a', ' + 1', '{{ a }}', ' is defined'],
  },
  { family: 'ansible', path: 'roles/web/tasks/main.yml', text: '- name: Template§\n  ansible.builtin.template: {src: a.j2§, dest: /etc/a}\n  notify: restart§\n', nests: [['{{ (', ') }}'], ['[', ']']], chains: [' | upper', ' and a'] },
  { family: 'ansible', path: 'inventory/hosts.ini', text: '[web]§\nweb1 ansible_host=192.0.2.1§\n\n[web:vars]\nhttp_port=80§\n', chains: ['\n[a]', ' a=b', '\nh', ' ;c'] },
  { family: 'ansible', path: 'ansible.cfg', text: '[defaults]§\ninventory = hosts.ini§\n', chains: ['\na = b', ' = ', ':'] },
  {
    family: 'grafana',
    path: 'dashboards/service.json',
    text: '{"schemaVersion": 39, "title": "S§", "panels": [{"type": "timeseries", "title": "P§", "targets": [{"expr": "rate(x[5m])§"}]}§], "templating": {"list": []§}}\n',
    nests: [['[', ']'], ['{"a": ', '}'], ['(', ')']],
    chains: [', 1', ', {}', ' + 1', ',{"type":"row","panels":[]}'],
  },
  { family: 'app-config', path: 'web/default.conf.template', text: 'upstream api {\n  server api:8080§;\n}\nserver {\n  location /c/ { proxy_pass http://${CATALOGUE_HOST}:8080/§; }\n}\n', nests: [['{', '}'], ['${', '}']], chains: [' ', ':8080', '/§', 'http://'] },
  { family: 'app-config', path: 'gw/src/main/resources/application.properties', text: 'spring.data.mongodb.uri=mongodb://${db:orders-db}:27017/data§\nspring.rabbitmq.host=rabbitmq§\n', nests: [['${a:', '}']], chains: [':1', '=', '${', 'http://'] },
  { family: 'app-config', path: 'front-end/api/endpoints.js', text: "var host = process.env.CATALOGUE_HOST || 'catalogue§';\nmodule.exports = { url: util.format('http://catalogue%s§', d), db: 'tcp(catalogue-db:3306§)' };\n", nests: [['(', ')'], ['{', '}'], ['/*', '*/']], chains: ['http://a', ':80', "'a'", '@'] },
  { family: 'grafana', path: 'grafana/provisioning/datasources/ds.yaml', text: 'apiVersion: 1\ndatasources:\n  - name: Prometheus§\n    type: prometheus\n    url: http://prometheus:9090§\n', nests: yamlNests, chains: yamlChains },
  {
    family: 'terraform',
    path: 'infra/main.tf',
    text: 'terraform {\n  required_version = ">= 1.5"§\n}\nvariable "n" { default = 1§ }\nlocals {\n  x = 1 + var.n§\n  s = "${var.n}§"\n}\nresource "null_resource" "a" {\n  count = local.x§\n}\n',
    nests: [['(', ')'], ['[', ']'], ['{ a = ', ' }'], ['"${', '}"']],
    chains: [' + 1', ' && true', ' ? 1 : 2', '.a', '[0]', '${a}'],
  },
  {
    family: 'helm',
    path: 'chart/templates/deploy.yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name§ }}\nspec:\n  replicas: {{ .Values.replicas | default 1§ }}\n{{- if .Values.enabled§ }}\n  x: 1\n{{- end }}\n',
    nests: [['{{ if true }}', '{{ end }}'], ['(', ')'], ['{{ (', ') }}'], ['{{ range . }}', '{{ end }}']],
    chains: [' | quote', '.a', ' | default 1', '{{ . }}'],
  },
  { family: 'helm', path: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart§\nversion: 1.0.0§\ndependencies:\n  - {name: redis, version: ">=1.0.0 <2.0.0§", repository: "https://x§"}\n', nests: yamlNests, chains: [' || 1.0', ' >=1', '.0', '-a'] },
  { family: 'helm', path: 'chart/values.yaml', text: 'replicas: 1§\nenabled: true\nimage: {repository: nginx§, tag: "1.27"}\n', nests: yamlNests, chains: yamlChains },
  {
    family: 'cost',
    path: 'infra/compute.tf',
    text: 'resource "aws_instance" "web" {\n  ami = "ami-1"\n  instance_type = "t2.medium"§\n  count = 2§\n  root_block_device {\n    volume_type = "gp2"§\n    volume_size = 50§\n  }\n}\n',
    nests: [['(', ')'], ['[', ']'], ['{ a = ', ' }'], ['"${', '}"']],
    chains: [' + 1', ' * 2', '.a', '[0]'],
  },
  { family: 'cost', path: 'archipel.yaml', text: 'cost:\n  budget: 100§\n  currency: {code: EUR§, rate: 0.92, date: 2026-11-26}\n  discount: 10§\n', nests: yamlNests, chains: yamlChains },
  {
    family: 'privacy',
    path: 'data/orders.fides.yml',
    text: 'dataset:\n  - fides_key: orders§\n    meta: {path: orders.csv§}\n    collections:\n      - name: orders§\n        fields:\n          - name: email§\n            data_categories: [user.contact.email§]\n',
    nests: yamlNests,
    chains: yamlChains,
  },
  {
    family: 'system',
    path: 'docs/workspace.dsl',
    text: 'workspace {\n  model {\n    user = person "User§"\n    s = softwareSystem "S" {\n      web = container "web§"\n      api = container "api"\n    }\n    user -> web "uses§"\n  }\n}\n',
    nests: [['{\n', '\n}'], ['group "g" {\n', '\n}'], ['"', '"']],
    chains: ['\n    a -> b', '\n    x = container "x"', '{', '}', ' // c'],
  },
  {
    // A drawing compared with the system map (the system feature reads every file; Mermaid's family takes it).
    family: 'mermaid',
    path: 'docs/architecture.mmd',
    text: 'flowchart LR\n  web[web§] --> api[api]§\n  user[User]:::external --> web§\n  classDef external stroke-dasharray: 4 3\n',
    nests: [['subgraph x\n', '\nend'], ['[', ']'], ['([', '])']],
    chains: [' --> a', ' & b', '\n  a --> b', ':::external', '\nclass a,b external'],
  },
  { family: 'mermaid', path: 'docs/c4.md', text: '```mermaid\nC4Container\n  Person(user, "User§")\n  Container(web, "web§", "nginx")\n  Container(api, "api")\n  Rel(user, web, "uses§")\n```\n', nests: [['System_Boundary(b, "B") {\n', '\n}'], ['(', ')']], chains: ['\n  Container(a, "a")', '\n  Rel(a, b, "x")', ', "x"'] },
];

/** What a case does to its kind's text. `at` picks a `§` (modulo their count), or an offset when there is none. */
export type Shape =
  | { shape: 'run'; char: string; length: number; at: number }
  | { shape: 'nest'; pair: number; depth: number; closed: boolean; at: number }
  | { shape: 'chain'; chain: number; length: number; at: number }
  | { shape: 'number'; digits: number; exponent: boolean; at: number }
  | { shape: 'documents'; count: number; whole: boolean }
  | { shape: 'banner'; length: number; sameLine: boolean };

export interface ShapeCase {
  kind: number;
  shapes: Shape[];
}

/** Characters whose long runs broke a reader (a banner of `#`, unclosed braces, spaces before a rejecting suffix). */
const RUN_CHARS = ['#', ' ', '{', '[', '(', '$', '-', '*', '>', '\\', '"', "'", '|', ':', '\t', '0', 'a', '\n', '/', '%', '`', '<', '.', '_', ',', '&', '!', '~', '\r\n'];

/** A case of a kind: one or two shapes, their sizes up to `scale` (a few thousand in `npm test`, far more in `npm run fuzz -- --shapes`). */
export function shapeCase(scale: number, kinds: readonly FileKind[] = KINDS): fc.Arbitrary<ShapeCase> {
  const size = fc.integer({ min: Math.min(200, scale), max: scale });
  const at = fc.nat({ max: 1_000 });
  const shape: fc.Arbitrary<Shape> = fc.oneof(
    fc.record({ shape: fc.constant('run' as const), char: fc.constantFrom(...RUN_CHARS), length: size, at }),
    fc.record({ shape: fc.constant('nest' as const), pair: fc.nat({ max: 20 }), depth: size, closed: fc.boolean(), at }),
    fc.record({ shape: fc.constant('chain' as const), chain: fc.nat({ max: 20 }), length: size, at }),
    fc.record({ shape: fc.constant('number' as const), digits: size, exponent: fc.boolean(), at }),
    fc.record({ shape: fc.constant('documents' as const), count: fc.integer({ min: 2, max: Math.max(2, Math.floor(scale / 4)) }), whole: fc.boolean() }),
    fc.record({ shape: fc.constant('banner' as const), length: fc.integer({ min: 20, max: Math.max(20, Math.min(scale, 4000)) }), sameLine: fc.boolean() }),
  );
  return fc.record({ kind: fc.nat({ max: kinds.length - 1 }), shapes: fc.array(shape, { minLength: 1, maxLength: 2 }) });
}

/** A case's text stays under this (twice the default maxFileSizeKb: the refusal of a file too large is checked too). */
const MAX_CASE_CHARS = 8 * 1024 * 1024;
const repeat = (text: string, times: number) => text.repeat(Math.max(0, Math.min(times, Math.floor(MAX_CASE_CHARS / Math.max(1, text.length)))));

/** Puts `insert` at the `at`-th marker of `text` (or at an offset when it has none). */
function insertAt(text: string, at: number, insert: string): string {
  const markers: number[] = [];
  for (let i = text.indexOf('§'); i >= 0; i = text.indexOf('§', i + 1)) markers.push(i);
  const where = markers.length > 0 ? markers[at % markers.length] : at % (text.length + 1);
  return text.slice(0, where) + insert + text.slice(where);
}

/** The text of one shape applied to a kind's text (markers kept for the next shape). */
export function applyShape(kind: FileKind, text: string, shape: Shape): string {
  switch (shape.shape) {
    case 'run':
      return insertAt(text, shape.at, repeat(shape.char, shape.length));
    case 'nest': {
      const pairs = kind.nests ?? brackets;
      const [open, close] = pairs[shape.pair % pairs.length];
      const depth = Math.max(1, Math.floor(shape.depth / Math.max(1, open.length)));
      return insertAt(text, shape.at, repeat(open, depth) + 'x' + (shape.closed ? repeat(close, depth) : ''));
    }
    case 'chain': {
      const chains = kind.chains ?? [' + 1', ', a', '.a'];
      const link = chains[shape.chain % chains.length];
      return insertAt(text, shape.at, repeat(link, Math.max(1, Math.floor(shape.length / Math.max(1, link.length)))));
    }
    case 'number':
      return insertAt(text, shape.at, shape.exponent ? `1e${repeat('9', shape.digits)}` : repeat('9', shape.digits));
    case 'documents':
      return shape.whole ? repeat(`${text}\n---\n`, shape.count) : repeat('---\n', shape.count) + text;
    case 'banner':
      return `${repeat('#', shape.length)}${shape.sameLine ? ' ' : '\n'}${text}`;
  }
}

/** The file a case writes: its kind's path and its text, markers removed. */
export function caseFile(shapeCase: ShapeCase, kinds: readonly FileKind[] = KINDS): { family: string; path: string; text: string } {
  const kind = kinds[shapeCase.kind % kinds.length];
  let text = kind.text;
  for (const shape of shapeCase.shapes) text = applyShape(kind, text, shape);
  return { family: kind.family, path: kind.path, text: text.replace(/§/g, '') };
}

/** One line saying what a case is (for a report): `kubernetes k8s/deploy.yaml: nest 4000 closed, run "#" ×40`. */
export function describeCase(shapeCase: ShapeCase, kinds: readonly FileKind[] = KINDS): string {
  const kind = kinds[shapeCase.kind % kinds.length];
  const one = (s: Shape): string => {
    switch (s.shape) {
      case 'run':
        return `run ${JSON.stringify(s.char)} ×${s.length} at §${s.at}`;
      case 'nest':
        return `nest ${JSON.stringify((kind.nests ?? brackets)[s.pair % (kind.nests ?? brackets).length][0])} ×${s.depth}${s.closed ? ' closed' : ''} at §${s.at}`;
      case 'chain':
        return `chain ${JSON.stringify((kind.chains ?? [' + 1', ', a', '.a'])[s.chain % (kind.chains ?? [' + 1', ', a', '.a']).length])} ×${s.length} at §${s.at}`;
      case 'number':
        return `number of ${s.digits} digits${s.exponent ? ' (exponent)' : ''} at §${s.at}`;
      case 'documents':
        return `${s.count} documents${s.whole ? ' (the file repeated)' : ' (empty)'}`;
      case 'banner':
        return `banner of ${s.length} #${s.sameLine ? ' on the first line' : ''}`;
    }
  };
  return `${kind.family} ${kind.path}: ${shapeCase.shapes.map(one).join(', ')}`;
}
