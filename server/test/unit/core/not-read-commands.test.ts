// Every command says what it did not read, and why (issue #92): `check`, `threats`, `diagram`, `privacy`, `cost`,
// `helm template` and `slo report --system` on one workspace holding a file for each reason — a side file outside the
// workspace, a file over archipel.validation.maxFileSizeKb, a binary file, one not valid UTF-8, a Go template outside
// a chart, a Terragrunt file (a kind no family reads), a kustomization's remote base and a registry Terraform module
// (not fetched). Each command runs once; a test per reason per command reads its answer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

/** Over the default bound (4,096 KB): a comment of 4.2 MB after a ConfigMap. */
const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\n# ${'x'.repeat(4_200_000)}\n`;

const files: Record<string, string | Buffer> = {
  'outside/secret.env': 'A=1\n',
  'w/compose.yaml': 'services:\n  api:\n    image: nginx:1.25\n    env_file: ../outside/secret.env\n    ports: ["80:80"]\n',
  'w/chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'w/chart/values.yaml': 'x: 1\n',
  'w/chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  'w/chart/templates/big.yaml': big,
  'w/chart/templates/blob.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\n# \x00\x01\x02\n', 'latin1'),
  'w/chart/templates/latin.yaml': Buffer.from([...Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf'), 0xe9, ...Buffer.from('}\n')]),
  'w/deploy/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Name }}\n',
  'w/infra/terragrunt.hcl': 'terraform {\n  source = "git::https://example.com/mod.git"\n}\n',
  'w/overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - github.com/acme/base//deploy?ref=v1\n',
  'w/tf/main.tf': 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\nresource "aws_instance" "a" {\n  ami           = "ami-1"\n  instance_type = "t3.micro"\n}\n',
  'w/slo/api.yaml': 'version: prometheus/v1\nservice: api\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total[{{.window}}]))\n    alerting:\n      name: ApiErrors\n      page_alert: {disable: true}\n      ticket_alert: {disable: true}\n',
};

/** Each reason's file, as the commands name it from the workspace's folder. */
const reasons = {
  outside: '../outside/secret.env',
  'too-large': 'chart/templates/big.yaml',
  binary: 'chart/templates/blob.yaml',
  undecodable: 'chart/templates/latin.yaml',
  template: 'deploy/app.yaml',
  'no-family': 'infra/terragrunt.hcl',
  'not-fetched (a remote kustomize base)': 'overlay/kustomization.yaml',
  'not-fetched (a registry Terraform module)': 'tf/main.tf',
} as const;
type Reason = keyof typeof reasons;

/**
 * Each command, how it is run, how its answer gives the files not read with their reason, and the reasons that apply
 * to what it reads (privacy reads YAML and Terraform only, in a bundle of its own without the other families' sources;
 * helm a chart; cost no Terragrunt; only check and threats read Compose's env files).
 */
const commands: { name: string; args: string[]; said: (run: Run) => Map<string, string>; reasons: Reason[] }[] = [
  { name: 'check', args: ['check', '.', '--format', 'sarif'], said: fromSarif, reasons: ['outside', 'too-large', 'binary', 'undecodable', 'template', 'no-family', 'not-fetched (a remote kustomize base)', 'not-fetched (a registry Terraform module)'] },
  { name: 'threats', args: ['threats', '.', '--format', 'json'], said: fromJson, reasons: ['outside', 'too-large', 'binary', 'undecodable', 'template', 'no-family', 'not-fetched (a remote kustomize base)', 'not-fetched (a registry Terraform module)'] },
  { name: 'diagram', args: ['diagram', 'system', '.', '--format', 'json'], said: fromJson, reasons: ['too-large', 'binary', 'undecodable', 'template', 'no-family', 'not-fetched (a remote kustomize base)', 'not-fetched (a registry Terraform module)'] },
  { name: 'privacy', args: ['privacy', '.', '--format', 'json'], said: fromJson, reasons: ['too-large', 'binary', 'undecodable'] },
  { name: 'cost', args: ['cost', '.', '--format', 'json'], said: fromJson, reasons: ['too-large', 'binary', 'undecodable', 'template', 'not-fetched (a remote kustomize base)', 'not-fetched (a registry Terraform module)'] },
  { name: 'helm template', args: ['helm', 'template', 'chart'], said: fromText('archipel helm template: '), reasons: ['too-large', 'binary', 'undecodable'] },
  { name: 'continuity', args: ['continuity', '.', '--format', 'json'], said: fromJson, reasons: ['too-large', 'binary', 'undecodable', 'template', 'no-family', 'not-fetched (a remote kustomize base)', 'not-fetched (a registry Terraform module)'] },
  { name: 'slo report --system', args: ['slo', 'report', 'slo/api.yaml', '--system', '.'], said: fromText('archipel slo report: '), reasons: ['too-large', 'binary', 'undecodable', 'template', 'no-family', 'not-fetched (a remote kustomize base)', 'not-fetched (a registry Terraform module)'] },
];

interface Run {
  status: number | null;
  out: string;
  err: string;
}

function fromJson(run: Run): Map<string, string> {
  const json = JSON.parse(run.out) as { notRead?: { file: string; reason: string }[] };
  return new Map((json.notRead ?? []).map((f) => [f.file, f.reason]));
}

function fromSarif(run: Run): Map<string, string> {
  const log = JSON.parse(run.out) as { runs: { invocations?: { toolExecutionNotifications?: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[] };
  const notes = log.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
  return new Map(notes.map((n) => [n.locations[0].physicalLocation.artifactLocation.uri, n.message.text]));
}

/** The closing section on stderr: `<prefix>  <file>: <words>`. */
function fromText(prefix: string): (run: Run) => Map<string, string> {
  return (run) => new Map(run.err.split('\n').filter((line) => line.startsWith(`${prefix}  `)).map((line) => {
    const rest = line.slice(prefix.length + 2);
    return [rest.slice(0, rest.indexOf(': ')), rest.slice(rest.indexOf(': ') + 2)];
  }));
}

/** A reason as each answer says it: its code in JSON, its words in SARIF and text. */
const words: Record<string, RegExp> = {
  outside: /^outside$|outside the workspace/,
  'too-large': /^too-large$|over its size bound/,
  binary: /^binary$|a binary file/,
  undecodable: /^undecodable$|not valid UTF-8/,
  template: /^template$|a template/,
  'no-family': /^no-family$|no family reads/,
  'not-fetched': /^not-fetched$|remote, not fetched/,
};

describe('every command says what it did not read, and why (#92)', function () {
  this.timeout(600_000); // eight CLI runs over a 4 MB file on a shared machine: a bound against hangs
  let home: string;
  let workspace: string;
  const runs = new Map<string, Run>();
  before(() => {
    home = realpathSync(mkdtempSync(path.join(tmpdir(), 'archipel-notread-')));
    for (const [relative, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
      writeFileSync(path.join(home, relative), content);
    }
    workspace = path.join(home, 'w');
    const git = spawnSync('git', ['init', '-q', '.'], { cwd: workspace, env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' } });
    assert.equal(git.status, 0);
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  const run = (args: string[]): Run => {
    const key = args.join(' ');
    let done = runs.get(key);
    if (!done) {
      const child = spawnSync(process.execPath, [cli, ...args], { cwd: workspace, env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off', HOME: home }, encoding: 'utf8', maxBuffer: 64 << 20 });
      done = { status: child.status, out: child.stdout, err: child.stderr };
      runs.set(key, done);
    }
    return done;
  };

  for (const command of commands) {
    describe(`archipel ${command.name}`, () => {
      for (const reason of command.reasons) {
        it(`${reason}: ${reasons[reason]}`, () => {
          const said = command.said(run(command.args));
          const file = reasons[reason];
          assert.ok(said.has(file), `${file} not said among ${JSON.stringify([...said])}\n${run(command.args).err}`);
          assert.match(said.get(file)!, words[reason.replace(/ \(.*$/, '')]);
        });
      }
      it('names no machine path and nothing it read', () => {
        const said = command.said(run(command.args));
        for (const file of said.keys()) assert.ok(!file.includes(home) && !path.isAbsolute(file), file);
        assert.ok(!said.has('compose.yaml') && !said.has('chart/templates/cm.yaml') && !said.has('slo/api.yaml'), JSON.stringify([...said]));
      });
    });
  }

  it('the text formats close with the section: threats and cost on stdout, check on stderr', () => {
    assert.match(run(['threats', '.']).out, /\nNot read \(\d+ files\):\n(?: {2}.*\n)*? {2}infra\/terragrunt\.hcl: no family reads this kind of file/);
    assert.match(run(['cost', '.']).out, /\nNot read \(\d+ files\):\n(?: {2}.*\n)*? {2}tf\/main\.tf: remote, not fetched/);
    assert.match(run(['check', '.']).err, /\nNot read \(\d+ files\):\n(?: {2}.*\n)*? {2}\.\.\/outside\/secret\.env: outside the workspace/);
  });
});
