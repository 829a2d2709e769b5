// Every "did you mean" is a quick fix (issue #51), rule by rule: the test walks the rule list (the
// registry, what docs/rules.md lists) and every place of the code that writes a suggestion, and fails
// on a rule whose message suggests a name without a quick fix applying it, through the server's own
// code actions (service.ts, codeActionsFor: the features' actions and the central one of common/fixes.ts).
// did-you-mean.test.ts checks each family's own actions.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { Feature } from '../../../src/features/feature';
import '../../../src/families/index';
import { allRules } from '../../../src/rules/registry';
import { codeActionsFor, diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { amdecText, raciText } from '../../fixtures/governance';
import { cleanWorkspace } from '../../fixtures/manifests-clean';
import { nygard } from '../../adr';
import { allFeatures, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';
import { loadParser } from '../../terraform';

/** The files of server/src that write a suggestion (a t() text saying "did you mean"), and the rules whose findings carry it. */
const SUGGESTION_SITES: Record<string, readonly string[]> = {
  // The CLI's usage errors (a mistyped command, option or rule id): no document, nothing for a quick fix to edit.
  'cli/didYouMean.ts': [],
  'adr/checkFile.ts': ['adr-status'],
  'amdec/rules.ts': ['amdec-unknown-owner', 'amdec-unknown-category'],
  'ansible/checks/config.ts': ['ansible-config'],
  'ansible/checks/stack.ts': ['ansible-inventory-compose'],
  'ansible/checks/structure.ts': ['ansible-schema-playbook', 'ansible-schema-tasks'],
  'kubernetes/checks/validate.ts': ['k8s-unknown-kind'],
  'kubernetes/checks/selectors.ts': ['k8s-service-no-match'],
  'pipeline/rules.ts': ['pipeline-missing-dep', 'pipeline-params', 'pipeline-interpolation'],
  'privacy/manifestChecks.ts': ['privacy-unknown-category', 'privacy-unknown-use', 'privacy-unknown-subject'],
  'raci/rules.ts': ['raci-unknown-letter', 'raci-undeclared-role'],
  // The schema engine's unknown fields, for every family validating against a JSON Schema.
  'schema/errors.ts': ['k8s-schema', 'blur-config', 'raci-schema', 'pipeline-schema', 'compose-schema'],
  'threats/threagileFile.ts': ['threat-threagile-reference', 'threat-threagile-tracking'],
  'validate/feature.ts': ['suite-expectation-type', 'suite-kwargs', 'suite-column'],
  // The workflows' suggest(): every rule passing its hint on.
  'workflows/checks/suggest.ts': [
    'gha-unknown-key', 'gha-type', 'gha-event', 'gha-permissions', 'gha-needs-unknown-job', 'gha-needs-context', 'gha-steps-context', 'gha-matrix-context', 'gha-inputs-context',
    'gha-secret-undeclared', 'gha-shell', 'gha-matrix-exclude', 'gha-unknown-context', 'gha-unknown-function', 'gha-runner-label', 'gha-action-input-unknown',
  ],
  'compose/checks.ts': ['compose-undefined-service', 'compose-undeclared-resource'],
  'dockerfile/buildkit.ts': ['buildkit-undefined-var', 'buildkit-undefined-arg-in-from'],
  'helm/templateChecks.ts': ['helm-undefined-value', 'helm-undefined-template'],
  // stackProblem's suggestion reaches Grafana's datasource URLs too.
  'prometheus/configChecks.ts': ['prom-config', 'prom-target-service', 'grafana-datasource-url'],
  'prometheus/relabel.ts': ['prom-config', 'prom-relabel'],
  'prometheus/ruleChecks.ts': ['prom-rule-structure', 'prom-unknown-metric'],
  'prometheus/ruleTests.ts': ['prom-rule-test'],
  // SLO files: Sloth's fields against its schema, OpenSLO's kinds.
  'slo/openslo.ts': ['slo-openslo'],
  'slo/schemaWalk.ts': ['slo-unknown-field'],
  'slo/systemChecks.ts': ['slo-service', 'slo-metric'],
  'system/checks.ts': ['system-image-unbuilt', 'system-address-unknown'],
  'system/drift.ts': ['system-drawing-unknown'],
  'terraform/checks/validateChecks.ts': ['terraform-unsupported-attribute'],
  'terraform/checks/structureChecks.ts': ['terraform-unsupported-block', 'terraform-unsupported-argument', 'terraform-undeclared', 'terraform-module-output', 'terraform-unknown-type', 'terraform-unknown-argument', 'terraform-stack-cluster'],
};

interface Sample {
  files: Record<string, string>;
  target: string;
}

const workflow = (jobs: string, head = 'on: push\n') => ({ files: { '.github/workflows/ci.yml': `${head}jobs:\n${jobs}` }, target: '.github/workflows/ci.yml' });
const job = (steps: string, extra = '') => `  build:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps}`;
const deployment = cleanWorkspace['k8s/deployment.yaml'];
const threagileModel = readFileSync(path.join(repoRoot, 'server/test/fixtures/threats/threagile/planted.threagile.yaml'), 'utf8');
const pipeline = (text: string, extra: Record<string, string> = {}) => ({ files: { 'dvc.yaml': text, 'params.yaml': 'train:\n  lr: 0.1\n', 'prepare.py': '', ...extra }, target: 'dvc.yaml' });

/** A chart whose ConfigMap template holds `line` (a misspelt value or define). */
const helmChart = (line: string) => ({
  'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 1.0.0\n',
  'chart/values.yaml': 'service:\n  port: 80\n',
  'chart/templates/_helpers.tpl': '{{- define "chart.fullname" -}}{{ .Release.Name }}{{- end }}\n',
  'chart/templates/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n${line}`,
});

/** One case per rule whose messages may suggest (every rule of SUGGESTION_SITES), each with its typo. */
const samples: Record<string, Sample> = {
  'adr-status': { files: { 'docs/adr/0001-use-adrs.md': nygard(1, 'Use ADRs', 'Acepted') }, target: 'docs/adr/0001-use-adrs.md' },
  'amdec-unknown-owner': { files: { 'governance/governance.raci.yaml': raciText, 'governance/risks.amdec.yaml': amdecText.replace('owner: steward', 'owner: stewart') }, target: 'governance/risks.amdec.yaml' },
  'amdec-unknown-category': { files: { 'governance/governance.raci.yaml': raciText, 'governance/risks.amdec.yaml': amdecText.replace('category: technical', 'category: technicl') }, target: 'governance/risks.amdec.yaml' },
  'k8s-unknown-kind': { files: { 'k8s/deployment.yaml': deployment.replace('kind: Deployment', 'kind: Deploymnet') }, target: 'k8s/deployment.yaml' },
  'k8s-service-no-match': { files: { ...cleanWorkspace, 'k8s/service.yaml': cleanWorkspace['k8s/service.yaml'].replace('app: api', 'app: apy') }, target: 'k8s/service.yaml' },
  'k8s-schema': { files: { 'k8s/deployment.yaml': deployment.replace('replicas:', 'replicaz:') }, target: 'k8s/deployment.yaml' },
  'pipeline-missing-dep': pipeline('stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n      - prepare.py\n  train:\n    cmd: python prepare.py\n    deps:\n      - prepar.py\n'),
  'pipeline-params': pipeline('stages:\n  train:\n    cmd: python prepare.py\n    deps:\n      - prepare.py\n    params:\n      - train.lrr\n'),
  'pipeline-interpolation': pipeline('vars:\n  - params.yaml\nstages:\n  train:\n    cmd: python prepare.py ${train.lrr}\n    deps:\n      - prepare.py\n'),
  'pipeline-schema': pipeline('stages:\n  prepare:\n    cmd: python prepare.py\n    depz:\n      - prepare.py\n'),
  'raci-unknown-letter': { files: { 'governance.raci.yaml': raciText.replace('{cdo: A, steward: R,', '{cdo: A, steward: r,') }, target: 'governance.raci.yaml' },
  'raci-undeclared-role': { files: { 'governance.raci.yaml': raciText.replace('marketing: AR, steward: C}', 'marketting: AR, steward: C}') }, target: 'governance.raci.yaml' },
  'raci-schema': { files: { 'governance.raci.yaml': raciText.replace('title: Data', 'titel: Data') }, target: 'governance.raci.yaml' },
  'blur-config': { files: { 'archipel.yaml': 'blur:\n  treshold: 0.5\n' }, target: 'archipel.yaml' },
  'compose-schema': { files: { 'docker-compose.yml': 'services:\n  api:\n    imagee: nginx:1.27\n' }, target: 'docker-compose.yml' },
  // A hand-written threagile.yaml (the planted model: a misspelt data asset, a boundary member, a risk_tracking key; Threagile's schema closes no object, so its own findings never suggest).
  'threat-threagile-reference': { files: { 'model/threagile.yaml': threagileModel }, target: 'model/threagile.yaml' },
  'threat-threagile-tracking': { files: { 'model/threagile.yaml': threagileModel }, target: 'model/threagile.yaml' },
  // Every form naming a service: depends_on (list and map), links with an alias, network_mode, volumes_from.
  'compose-undefined-service': { files: { 'docker-compose.yml': 'services:\n  api:\n    image: nginx:1.27\n    depends_on: [dbb]\n    links: ["dbb:database"]\n    volumes_from: ["service:dbb:ro"]\n  web:\n    image: nginx:1.27\n    network_mode: service:dbb\n    depends_on:\n      dbb: { condition: service_started }\n  db:\n    image: postgres:16\n' }, target: 'docker-compose.yml' },
  'compose-undeclared-resource': { files: { 'docker-compose.yml': 'services:\n  api:\n    image: nginx:1.27\n    networks: [bak]\n    volumes: ["dta:/var/lib/data"]\n    secrets: [tokn]\nnetworks:\n  back: {}\nvolumes:\n  data: {}\nsecrets:\n  token:\n    file: ./token.txt\n' }, target: 'docker-compose.yml' },
  'helm-undefined-value': { files: helmChart('  port: {{ .Values.service.prot | quote }}\n'), target: 'chart/templates/cm.yaml' },
  'helm-undefined-template': { files: helmChart('  name: {{ include "chart.fulname" . | quote }}\n'), target: 'chart/templates/cm.yaml' },
  'buildkit-undefined-var': { files: { Dockerfile: 'FROM debian:12\nARG APP_HOME=/app\nWORKDIR ${APP_HOM}\nCOPY . $APP_HOM/src\n' }, target: 'Dockerfile' },
  'buildkit-undefined-arg-in-from': { files: { Dockerfile: 'ARG BASE_TAG=12\nFROM debian:${BASE_TAGG}\n' }, target: 'Dockerfile' },
  'slo-unknown-field': {
    files: { 'slos/api.yml': 'version: prometheus/v1\nservice: api\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total[{{.window}}]))\n    alerting:\n      name: ApiAvailability\n      page_alrt:\n        disable: true\n' },
    target: 'slos/api.yml',
  },
  'slo-openslo': { files: { 'slo/cpu.yaml': 'apiVersion: openslo/v1\nkind: AlertCondtion\nmetadata:\n  name: cpu\nspec:\n  severity: page\n  condition:\n    kind: burnrate\n    op: gte\n    threshold: 2\n    lookbackWindow: 1h\n    alertAfter: 5m\n' }, target: 'slo/cpu.yaml' },
  // An SLO's service beside a Compose project and the Prometheus job scraping it.
  'slo-service': {
    files: {
      'docker-compose.yml': 'services:\n  api:\n    image: nginx:1.27\n',
      'slos/api.yml': 'version: prometheus/v1\nservice: apii\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total[{{.window}}]))\n    alerting:\n      name: ApiAvailability\n',
    },
    target: 'slos/api.yml',
  },
  // A misspelt metric of archipel serve in an SLO's query (the nearest it exports).
  'slo-metric': {
    files: {
      'docker-compose.yml': 'services:\n  api:\n    image: nginx:1.27\n',
      'slos/api.yml': 'version: prometheus/v1\nservice: api\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(archipel_serve_http_request_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(archipel_serve_http_requests_total[{{.window}}]))\n    alerting:\n      name: ApiAvailability\n',
    },
    target: 'slos/api.yml',
  },
  'prom-config': { files: { 'prometheus.yml': 'global:\n  scrape_intervall: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [localhost:9090]\n' }, target: 'prometheus.yml' },
  'prom-relabel': { files: { 'prometheus.yml': 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [localhost:9090]\n    relabel_configs:\n      - source_labels: [job]\n        action: kep\n' }, target: 'prometheus.yml' },
  'prom-rule-structure': { files: { 'alerts.rules.yml': 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n        for: 5m\n        labls: {}\n' }, target: 'alerts.rules.yml' },
  'prom-unknown-metric': { files: { 'alerts.rules.yml': 'groups:\n  - name: g\n    rules:\n      - alert: Slow\n        expr: archipel_serve_process_open_fd > 100\n        for: 5m\n' }, target: 'alerts.rules.yml' },
  'prom-rule-test': {
    files: {
      'alerts.rules.yml': 'groups:\n  - name: g\n    rules:\n      - alert: InstanceDown\n        expr: up == 0\n        for: 5m\n',
      'alerts.test.yml': 'rule_files: [alerts.rules.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: up{job="a"}\n        values: 0x10\n    alert_rule_test:\n      - eval_time: 10m\n        alertname: InstanceDwn\n',
    },
    target: 'alerts.test.yml',
  },
  'prom-target-service': {
    files: {
      'docker-compose.yml': 'services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    ports: ["9090:9090"]\n',
      'prometheus.yml': 'scrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: [promethus:9090]\n',
    },
    target: 'prometheus.yml',
  },
  'grafana-datasource-url': {
    files: {
      'docker-compose.yml': 'services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    ports: ["9090:9090"]\n',
      'grafana/provisioning/datasources/ds.yml': 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://promethus:9090\n',
    },
    target: 'grafana/provisioning/datasources/ds.yml',
  },
  // skaffold building an image, and a Kubernetes deployment naming it mistyped (its tag kept).
  'system-image-unbuilt': {
    files: {
      'skaffold.yaml': 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: frontend\n      context: src/frontend\n',
      'src/frontend/Dockerfile': 'FROM golang:1.23\n',
      'kubernetes-manifests/frontend.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\nspec:\n  selector: {matchLabels: {app: frontend}}\n  template:\n    metadata: {labels: {app: frontend}}\n    spec:\n      containers: [{name: server, image: "frontnd:v0.10.1"}]\n',
    },
    target: 'kubernetes-manifests/frontend.yaml',
  },
  'system-address-unknown': { files: { 'docker-compose.yml': 'services:\n  api:\n    image: acme/api:1\n    environment:\n      DB_URL: postgres://dbb:5432/app\n  db:\n    image: postgres:17\n' }, target: 'docker-compose.yml' },
  'system-drawing-unknown': {
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: acme/web:1\n  payment-service:\n    image: acme/payments:1\n  db:\n    image: postgres:17\n',
      'docs/architecture.mmd': 'flowchart LR\n  web[web] --> pay[Paymnt service]\n  pay --> db[(db)]\n',
    },
    target: 'docs/architecture.mmd',
  },
  'ansible-config': { files: { 'ansible.cfg': '[defaults]\ninventroy = hosts.ini\n' }, target: 'ansible.cfg' },
  'ansible-inventory-compose': {
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    container_name: web\n',
      'inventory/hosts.ini': '[app]\nweeb ansible_connection=docker\n',
    },
    target: 'inventory/hosts.ini',
  },
  'ansible-schema-playbook': { files: { 'site.yml': '- name: Site\n  hosts: all\n  become: true\n  become_method: sudoo\n  tasks: []\n' }, target: 'site.yml' },
  'ansible-schema-tasks': { files: { 'roles/web/tasks/main.yml': '- name: Restart\n  ansible.builtin.command: /bin/true\n  changed_when: false\n  become: true\n  become_method: doass\n' }, target: 'roles/web/tasks/main.yml' },
  'gha-unknown-key': workflow(job('      - run: echo\n', '    timeout-minute: 5\n')),
  'gha-type': { files: { 'act/action.yml': 'name: a\ndescription: b\nruns:\n  using: compsite\n  steps:\n    - run: echo\n      shell: bash\n' }, target: 'act/action.yml' },
  'gha-event': workflow(job('      - run: echo\n'), 'on:\n  pull_request:\n    types: [opend]\n'),
  'gha-permissions': workflow(job('      - run: echo\n'), 'on: push\npermissions: read-al\n'),
  'gha-needs-unknown-job': workflow(`${job('      - run: echo\n')}  test:\n    needs: [biuld]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n`),
  'gha-needs-context': workflow(`${job('      - run: echo\n')}  test:\n    needs: [build]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \${{ needs.buld.result }}\n`),
  'gha-steps-context': workflow(job('      - id: meta\n        run: echo\n      - run: echo ${{ steps.metaa.outcome }}\n')),
  'gha-matrix-context': workflow(job('      - run: echo ${{ matrix.nod }}\n', '    strategy:\n      matrix:\n        node: [20, 22]\n')),
  'gha-inputs-context': workflow(job('      - run: echo ${{ inputs.nam }}\n'), 'on:\n  workflow_dispatch:\n    inputs:\n      name: { type: string }\n'),
  'gha-secret-undeclared': workflow(job('      - run: echo ${{ secrets.tokn }}\n'), 'on:\n  workflow_call:\n    secrets:\n      token: { required: true }\n'),
  'gha-shell': workflow(job('      - run: echo\n        shell: bsh\n')),
  'gha-matrix-exclude': workflow(job('      - run: echo\n', '    strategy:\n      matrix:\n        node: [20, 22]\n        exclude:\n          - nodejs: 20\n')),
  'gha-unknown-context': workflow(job('      - run: echo ${{ githb.ref }}\n')),
  'gha-unknown-function': workflow(job('      - if: ${{ contans(github.ref, \'main\') }}\n        run: echo\n')),
  'gha-runner-label': { files: { '.github/workflows/ci.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latst\n    steps:\n      - run: echo\n' }, target: '.github/workflows/ci.yml' },
  'gha-action-input-unknown': workflow(job('      - uses: actions/checkout@v4\n        with:\n          fetch-deph: 0\n')),
  // Terraform's (structureChecks.ts suggested(): the message names what the fix writes).
  'terraform-unsupported-block': { files: { 'infra/main.tf': 'resourse "random_id" "a" {\n  byte_length = 8\n}\n' }, target: 'infra/main.tf' },
  'terraform-unsupported-argument': { files: { 'infra/modules/m/variables.tf': 'variable "name" {}\n', 'infra/main.tf': 'module "m" {\n  source = "./modules/m"\n  nmae   = "x"\n}\n' }, target: 'infra/main.tf' },
  'terraform-undeclared': { files: { 'infra/main.tf': 'variable "project_id" {}\ndata "google_project" "this" {}\noutput "p" {\n  value = var.projectid\n}\noutput "q" {\n  value = data.google_project.thiss.number\n}\n' }, target: 'infra/main.tf' },
  'terraform-module-output': { files: { 'infra/modules/m/outputs.tf': 'output "name" {\n  value = "x"\n}\n', 'infra/main.tf': 'module "m" {\n  source = "./modules/m"\n}\noutput "o" {\n  value = module.m.nmae\n}\n' }, target: 'infra/main.tf' },
  'privacy-unknown-category': { files: { 'data/orders.fides.yml': 'dataset:\n  - fides_key: orders\n    collections:\n      - name: orders\n        fields:\n          - name: email\n            data_categories: [user.contact.emial]\n' }, target: 'data/orders.fides.yml' },
  'privacy-unknown-use': { files: { 'data/app.fides.yml': 'system:\n  - fides_key: app\n    name: App\n    privacy_declarations:\n      - data_categories: [user.contact.email]\n        data_use: marketing.advertisng\n        data_subjects: [customer]\n' }, target: 'data/app.fides.yml' },
  'privacy-unknown-subject': { files: { 'data/app.fides.yml': 'system:\n  - fides_key: app\n    name: App\n    privacy_declarations:\n      - data_categories: [user.contact.email]\n        data_use: marketing.advertising\n        data_subjects: [custmer]\n' }, target: 'data/app.fides.yml' },
  'terraform-unsupported-attribute': { files: { 'infra/main.tf': 'resource "random_id" "a" {\n  byte_length = 8\n}\noutput "o" {\n  value = random_id.a.hexx\n}\n' }, target: 'infra/main.tf' },
  'terraform-unknown-type': { files: { 'infra/main.tf': 'resource "random_pasword" "a" {\n  length = 8\n}\n' }, target: 'infra/main.tf' },
  'terraform-stack-cluster': {
    files: {
      'infra/main.tf': 'resource "google_container_cluster" "this" {\n  name     = "shop-prod"\n  location = "europe-west1"\n}\n',
      '.github/workflows/deploy.yml': 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gcloud container clusters get-credentials shop-prd --region europe-west1\n',
    },
    target: '.github/workflows/deploy.yml',
  },
  'terraform-unknown-argument': { files: { 'infra/main.tf': 'resource "random_password" "a" {\n  lenght = 8\n  dynamic "keeperz" {\n    for_each = []\n    content {}\n  }\n}\n' }, target: 'infra/main.tf' },
};

/** The suggestion a message makes ("Did you mean "x"?", "did you mean x?"), if any. */
function suggestionOf(message: Diagnostic['message']): string | undefined {
  return /did you mean "?([^"?]+?)"?\?/i.exec(typeof message === 'string' ? message : message.value)?.[1];
}

/** The texts a quick fix writes over the diagnostic's range. */
function replacements(actions: readonly CodeAction[], diagnostic: Diagnostic): string[] {
  const sameRange = (edit: TextEdit) => JSON.stringify(edit.range) === JSON.stringify(diagnostic.range);
  return actions
    .filter((a) => a.kind === 'quickfix' && (a.diagnostics ?? []).some((d) => d.code === diagnostic.code && d.message === diagnostic.message))
    .flatMap((a) => Object.values(a.edit?.changes ?? {}).flat())
    .filter(sameRange)
    .map((edit) => edit.newText);
}

/**
 * The diagnostics of a sample's target with the quick fixes the server offers for each. The files
 * are on disk too: some families look there (a pipeline's deps, a suite's CSV header).
 */
function diagnosed(sample: Sample): { diagnostic: Diagnostic; fixes: string[] }[] {
  const tree = makeTree({ 'data/prices.csv': 'day,price,volume\n2024-01-01,1.0,3\n', ...sample.files });
  try {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uri = (p: string) => pathToFileURL(path.join(tree.root, p)).href;
    for (const [p, text] of Object.entries(sample.files)) index.update(uri(p), text);
    const context = { index, settings: defaultSettings, isCancelled: () => false, roots: [tree.root] };
    const file = index.current(uri(sample.target))!;
    return diagnoseFile(file, allFeatures(), context).map((diagnostic) => ({ diagnostic, fixes: replacements(codeActionsFor(file, diagnostic.range, [diagnostic], allFeatures(), context), diagnostic) }));
  } finally {
    tree.remove();
  }
}

describe('every "did you mean" is a quick fix', function () {
  this.timeout(120_000);
  // Terraform's samples need its HCL parser (WebAssembly, loaded once).
  before(loadParser);
  // A suite bound to data/prices.csv (diagnosed() writes it): its header names the columns.
  const suite = (type: string, kwargs: string) => ({ files: { 'quality/prices.expectations.yaml': `name: prices\ndata: ../data/prices.csv\nexpectations:\n  - type: ${type}\n    kwargs: ${kwargs}\n` }, target: 'quality/prices.expectations.yaml' });
  const allSamples: Record<string, Sample> = {
    ...samples,
    'suite-expectation-type': suite('expect_column_values_to_be_uniqe', '{ column: price }'),
    'suite-kwargs': suite('expect_column_values_to_be_unique', '{ colum: price }'),
    'suite-column': suite('expect_column_values_to_be_unique', '{ column: prise }'),
  };

  it('the places that write a suggestion are the ones listed, with their rules', () => {
    const src = path.join(repoRoot, 'server', 'src');
    const found: string[] = [];
    for (const entry of readdirSync(src, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name === 'fr.ts') continue;
      const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
      if (/\bt\('(?:[^'\\]|\\.)*did you mean/i.test(text)) found.push(path.relative(src, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    }
    assert.deepEqual(found.sort(), Object.keys(SUGGESTION_SITES).sort());
    const ids = new Set(allRules().map((r) => r.id));
    for (const id of Object.values(SUGGESTION_SITES).flat()) assert.ok(ids.has(id), `${id} is no rule`);
  });

  it('walks the rule list: each rule that may suggest gets a quick fix writing the suggestion', () => {
    const suggesting = new Set(Object.values(SUGGESTION_SITES).flat());
    const missing: string[] = [];
    for (const rule of allRules()) {
      if (!suggesting.has(rule.id)) continue;
      const sample = allSamples[rule.id];
      if (!sample) {
        missing.push(`${rule.id}: no sample`);
        continue;
      }
      const found = diagnosed(sample).filter((d) => d.diagnostic.code === rule.id && suggestionOf(d.diagnostic.message) !== undefined);
      if (found.length === 0) missing.push(`${rule.id}: the sample makes no suggestion`);
      for (const { diagnostic, fixes } of found) {
        if (!fixes.includes(suggestionOf(diagnostic.message)!)) missing.push(`${rule.id}: "${String(diagnostic.message)}" has no quick fix writing "${suggestionOf(diagnostic.message)!}" (fixes: ${fixes.join(', ') || 'none'})`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('a finding that names other edits (Finding.fix: declare what is missing, add a line) gets them as its quick fix, in any family', () => {
    const text = 'services:\n  api:\n    networks: [back]\n';
    const toy: Feature = {
      id: 'toy',
      findings: () => [{ offset: 0, finding: { start: 32, end: 36, code: 'gha-local-action', message: 'Network "back" is not declared: declare it.', fix: { title: 'Declare network "back"', edits: [{ start: text.length, end: text.length, newText: 'networks:\n  back: {}\n' }] } } }],
    };
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const file = index.update('file:///ws/compose.yaml', text);
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const [diagnostic] = diagnoseFile(file, [toy], context);
    assert.equal(file.text.slice(32, 36), 'back');
    const [action] = codeActionsFor(file, diagnostic.range, [diagnostic], [toy], context);
    assert.equal(action.title, 'Declare network "back"');
    assert.deepEqual(action.edit?.changes?.['file:///ws/compose.yaml'], [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'networks:\n  back: {}\n' }]);
  });

  it('no diagnostic of any sample suggests without its fix, whatever its rule', () => {
    const unfixed = Object.values(allSamples).flatMap((sample) =>
      diagnosed(sample).filter(({ diagnostic, fixes }) => {
        const suggestion = suggestionOf(diagnostic.message);
        return suggestion !== undefined && !fixes.includes(suggestion);
      }).map(({ diagnostic }) => `${String(diagnostic.code)}: ${String(diagnostic.message)}`),
    );
    assert.deepEqual(unfixed, []);
  });
});
