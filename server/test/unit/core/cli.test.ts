import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';
import { runCli } from '../../cliRun';

const run = runCli;

describe('archipel CLI', () => {
  const tree = makeTree({
    'k8s/good.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n',
    'k8s/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n',
    'k8s/crd.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
  });
  after(() => tree.remove());

  it('--format json prints exactly the documented shape, paths relative to the current folder', async () => {
    const { code, out } = await run(['check', 'k8s', '--format', 'json'], tree.root);
    assert.equal(code, 1);
    const problems = JSON.parse(out) as unknown[];
    assert.deepEqual(problems, [
      {
        file: 'k8s/bad.yaml',
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 5 } },
        severity: 'error',
        code: 'k8s-schema',
        source: 'archipel',
        message: problems.length > 0 ? (problems[0] as { message: string }).message : '',
      },
      {
        file: 'k8s/crd.yaml',
        range: { start: { line: 1, character: 6 }, end: { line: 1, character: 12 } },
        severity: 'information',
        code: 'k8s-no-schema',
        source: 'archipel',
        message: 'No schema for example.com/v1/Widget: this custom resource is not validated.',
      },
    ]);
    assert.match((problems[0] as { message: string }).message, /^Unknown field "datas" in ConfigMap/);
    for (const p of problems) assert.deepEqual(Object.keys(p as object), ['file', 'range', 'severity', 'code', 'source', 'message']);
  });

  it('--format text prints file:line:col: severity: message [rule], 1-based', async () => {
    const { code, out } = await run(['check', '--format', 'text', 'k8s/bad.yaml'], tree.root);
    assert.equal(code, 1);
    assert.match(out.trim(), /^k8s\/bad\.yaml:5:1: error: Unknown field "datas" in ConfigMap.* \[k8s-schema\]$/);
  });

  it('the text format matches the problem matcher the extension contributes', async () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { problemMatchers: { pattern: { regexp: string } }[] } };
    const regexp = new RegExp(manifest.contributes.problemMatchers[0].pattern.regexp);
    const { out } = await run(['check', 'k8s/bad.yaml'], tree.root);
    const match = regexp.exec(out.trim());
    assert.ok(match, out);
    assert.deepEqual([match[1], match[2], match[3], match[4], match[6]], ['k8s/bad.yaml', '5', '1', 'error', 'k8s-schema']);
  });

  it('exits 0 when only non-errors are reported', async () => {
    assert.equal((await run(['check', 'k8s/good.yaml', 'k8s/crd.yaml'], tree.root)).code, 0);
  });

  it('--format sarif prints a SARIF 2.1.0 log', async () => {
    const { out } = await run(['check', 'k8s', '--format', 'sarif'], tree.root);
    const log = JSON.parse(out) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(log.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine]), [
      ['k8s-schema', 'error', 5],
      ['k8s-no-schema', 'note', 2],
    ]);
    assert.deepEqual(log.runs[0].tool.driver.rules.map((r) => r.id).sort(), ['k8s-no-schema', 'k8s-schema']);
  });

  it('--rule overrides a severity', async () => {
    const { code, out } = await run(['check', 'k8s', '--format', 'json', '--rule', 'k8s-schema=warning'], tree.root);
    assert.equal(code, 0);
    assert.equal((JSON.parse(out) as { severity: string }[])[0].severity, 'warning');
  });

  it('--today sets the date overdue AMDEC actions are judged against', async () => {
    const { root, remove } = makeTree({
      'risks.amdec.yaml': 'kind: amdec\nrisks:\n  - id: R-1\n    severity: 2\n    occurrence: 2\n    detection: 2\n    actions:\n      - {id: A-1, owner: me, due: 2026-03-31, status: open}\n',
    });
    try {
      assert.deepEqual(JSON.parse((await run(['check', '.', '--format', 'json', '--today', '2026-03-31'], root)).out), []);
      const late = JSON.parse((await run(['check', '.', '--format', 'json', '--today', '2026-04-02'], root)).out) as { code: string; message: string }[];
      assert.deepEqual(late.map((p) => p.code), ['amdec-action-overdue']);
      assert.match(late[0].message, /2 days late/);
      assert.equal((await run(['check', '.', '--today', '2026-02-30'], root)).code, 2);
      assert.equal((await run(['check', '.', '--today', 'tomorrow'], root)).code, 2);
    } finally {
      remove();
    }
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await run(['check', '--format', 'xml'], tree.root)).code, 2);
    assert.equal((await run(['check', '--bogus'], tree.root)).code, 2);
    assert.equal((await run(['check', 'missing-folder'], tree.root)).code, 2);
    assert.equal((await run(['frobnicate'], tree.root)).code, 2);
    assert.equal((await run([], tree.root)).code, 2);
  });

  it('ends a usage error with the error line, and prints the help on --help only', async () => {
    const wrong = await run(['check', '--format', 'xml'], tree.root);
    assert.deepEqual(wrong.err.trimEnd().split('\n'), ['archipel: unknown format "xml" (expected text, json or sarif) (see archipel --help)']);
    assert.equal(wrong.out, '');
    const help = await run(['--help'], tree.root);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: archipel <command>/);
  });

  it('--version and SARIF carry the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal((await run(['--version'], tree.root)).out.trim(), version);
    const sarif = JSON.parse((await run(['check', 'k8s', '--format', 'sarif'], tree.root)).out) as { runs: { tool: { driver: { version: string } } }[] };
    assert.equal(sarif.runs[0].tool.driver.version, version);
  });

  it('the example copied outside the repository has no problem at all and runs its pipeline green', async function () {
    // What Open Example does: the folder alone, nothing of the repository around it.
    this.timeout(120_000);
    const copy = makeTree({});
    try {
      const example = path.join(copy.root, 'archipel-portfolio');
      cpSync(path.join(repoRoot, 'examples', 'portfolio'), example, { recursive: true, filter: (src) => !/[\\/](data|metrics|\.archipel)$|dvc\.lock$/.test(src) });
      const checked = await run(['check', '.', '--format', 'json', '--today', '2026-11-21'], example);
      assert.deepEqual(JSON.parse(checked.out), []);
      assert.equal(checked.code, 0);
      // Its stages call `archipel` by name: the runner puts this package's CLI on their PATH.
      const ran = await run(['run', '--format', 'json'], example);
      const result = JSON.parse(ran.out) as { failed: string[]; stages: { stage: string; outcome: string }[] };
      assert.deepEqual(result.failed, [], ran.err);
      assert.deepEqual(result.stages.map((s) => `${s.stage}:${s.outcome}`).sort(), ['anonymise:ran', 'drift-verdict:ran', 'drift:ran', 'evaluate:ran', 'features:ran', 'generate:ran', 'predict:ran', 'retrain:ran', 'train:skipped', 'tune:ran', 'validate:ran']);
      assert.equal(ran.code, 0);
    } finally {
      copy.remove();
    }
  });

  it('the example workspace has no errors', async function () {
    // Indexes the whole repository as context (the corpus fixtures included): seconds on a busy machine.
    this.timeout(120_000);
    // Pinned date: the example's open AMDEC actions fall due in 2027 and would then be reported overdue.
    const { code, out } = await run(['check', 'examples/portfolio', '--format', 'json', '--today', '2026-11-21'], repoRoot);
    const problems = JSON.parse(out) as { severity: string; message: string; file: string }[];
    assert.deepEqual(problems.filter((p) => p.severity !== 'information'), []);
    assert.equal(code, 0);
  });
});
