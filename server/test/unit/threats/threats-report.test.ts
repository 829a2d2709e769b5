// The report a reviewer signs (issue #78): per risk its STRIDE category, likelihood, impact,
// severity, CWE, mitigation, lines, attack path and register status, in the JSON, the Markdown (with
// a model section and a risk matrix) and a self-contained HTML page; SARIF's rules with their CWE
// and mitigation; the Threagile export carrying `risk_tracking` from the register.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { copyTree } from '../../tempdir';
import { escapeHtml, htmlReport, markdownReport, mitigationOf } from '../../../src/threats/report';

interface JsonRisk {
  rule: string;
  id: string;
  likelihood: string;
  impact: string;
  status: string;
  register?: string;
  cwe: string;
  mitigation: string;
  sources: { file: string; line: number }[];
}

const REGISTER = `kind: amdec
method: rpn
title: Shop risks
threshold: 1000
risks:
  - id: T-07
    category: technical
    item: "db"
    failure_mode: "Unguarded direct datastore access"
    severity: 7
    occurrence: 4
    detection: 5
    justification: "The port is firewalled <b>off</b> & only ops reach it"
    x-threat: "unguarded-direct-datastore-access@internet>-5432-to-db@internet@compose-db"
`;

describe('threats: the report a reviewer signs', function () {
  this.timeout(120_000);

  it('JSON: id, likelihood, impact, status, register, CWE and mitigation of each risk', async () => {
    const tree = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
    try {
      writeFileSync(path.join(tree.root, 'risks.amdec.yaml'), REGISTER);
      const { out } = await runCli(['threats', '.', '--all', '--format', 'json'], tree.root);
      const risks = (JSON.parse(out) as { risks: JsonRisk[] }).risks;
      const direct = risks.find((r) => r.rule === 'threat-unguarded-direct-datastore-access')!;
      assert.deepEqual({ ...direct, sources: undefined }, {
        ...direct, sources: undefined,
        id: 'unguarded-direct-datastore-access@internet>-5432-to-db@internet@compose-db', likelihood: 'likely', impact: 'medium', status: 'accepted', register: 'T-07', cwe: 'CWE-501',
        mitigation: 'Do not let the data store be reached across a trust boundary: let a service inside its own boundary (an API, a guarded proxy) access it, and allow only that service in.',
      });
      const push = risks.find((r) => r.rule === 'threat-push-instead-of-pull-deployment')!;
      assert.deepEqual([push.status, push.cwe, push.register], ['unchecked', 'CWE-1127', undefined]);
      const raised = (JSON.parse((await runCli(['threats', '.', '--format', 'json'], tree.root)).out) as { risks: JsonRisk[] }).risks;
      assert.equal(raised.length, risks.length - 1, 'the accepted risk is not raised');
    } finally {
      tree.remove();
    }
  });

  it('Markdown: each risk with its fields, a risk matrix, the model (boundaries, entry points, stores, links)', async () => {
    const tree = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
    try {
      writeFileSync(path.join(tree.root, 'risks.amdec.yaml'), REGISTER);
      const { out } = await runCli(['threats', '.', '--all', '--format', 'markdown'], tree.root);
      assert.match(out, /^# Threat model: repository$/m);
      assert.match(out, /^18 open risk\(s\), 1 treated or accepted in the risk register\.$/m);
      const open = (await runCli(['threats', '.', '--format', 'markdown'], tree.root)).out;
      assert.match(open, /^18 open risk\(s\), 1 treated or accepted in the risk register \(listed with --all\)\.$/m);
      assert.ok(!open.includes('T-07'));
      assert.match(out, /^\| elevated \| Unguarded Direct Datastore Access of db by Internet via :5432 to db \(`threat-unguarded-direct-datastore-access`\) \| elevation-of-privilege \| likely \| medium \| CWE-501 \| Internet → db \| compose\.yaml:17 \| T-07 accepted \|$/m);
      assert.match(out, /^- Register: T-07, accepted — The port is firewalled \\<b\\>off\\<\/b\\> \\& only ops reach it$/m);
      assert.match(out, /^- Mitigation: Put a reverse proxy, an API gateway or a web application firewall in front/m);
      assert.match(out, /^## Risk matrix \(open risks: likelihood × impact\)\n\n\| Likelihood \\ Impact \| low \| medium \| high \| very-high \|\n\|---\|---\|---\|---\|---\|\n\| frequent \| \d+ \| \d+ \| \d+ \| \d+ \|$/m);
      for (const heading of ['### Trust boundaries', '### Entry points', '### Data stores', '### Links']) assert.ok(out.includes(`\n${heading}\n`), heading);
      assert.match(out, /^\| db \| confidential \| {2}\| no \|$/m);
      assert.match(out, /^\| web \| db \| sql-access-protocol \| no \| yes \|$/m);
    } finally {
      tree.remove();
    }
  });

  it('HTML: one printable page, every string escaped, nothing remote, no script', async () => {
    const tree = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
    try {
      writeFileSync(path.join(tree.root, 'risks.amdec.yaml'), REGISTER);
      const { out } = await runCli(['threats', '.', '--all', '--format', 'html'], tree.root);
      assert.ok(out.startsWith('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'));
      assert.ok(out.includes('<dd>T-07, accepted — The port is firewalled &lt;b&gt;off&lt;/b&gt; &amp; only ops reach it</dd>'));
      assert.ok(!/<script|src=|href=|https?:\/\/|url\(/i.test(out), 'no script, no remote resource');
      assert.ok(out.includes('@media print'));
      assert.ok(out.endsWith('</body></html>\n'));
    } finally {
      tree.remove();
    }
  });

  it('HTML and Markdown escape what a workspace names', () => {
    const row = { id: 'x@<i>', rule: 'threat-x', category: 'x', stride: 'spoofing', severity: 'high', likelihood: 'likely', impact: 'high', cwe: '', mitigation: mitigationOf('x'), title: '<img src=x onerror=alert(1)>|', path: ['a<b', 'c'], sources: [{ file: 'a"b.yaml', line: 1 }], status: 'unchecked', open: true };
    const model = { boundaries: [{ name: '<script>', type: 'network-dedicated-hoster', members: [] }], entries: [], stores: [], links: [] };
    const html = htmlReport('t<&>', [row], model);
    assert.ok(!html.includes('<img') && !html.includes('<script>') && html.includes('&lt;img src=x onerror=alert(1)&gt;|') && html.includes('&lt;script&gt;'));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.match(markdownReport('t', [row], model), /^\| high \| \\<img src=x onerror=alert\(1\)\\>\\\| \(`threat-x`\) \|/m);
    assert.equal(mitigationOf('x'), "See Threagile's rule x.");
  });

  it('SARIF: rules with their CWE tag and mitigation; each result its STRIDE, likelihood, impact and status', async () => {
    const { out } = await runCli(['threats', 'insecure', '--format', 'sarif'], path.join(fixturesDir, 'threats'));
    const run = (JSON.parse(out) as { runs: { tool: { driver: { rules: { id: string; help: { text: string }; properties: { tags: string[] } }[] } }; results: { ruleId: string; properties: Record<string, string> }[] }[] }).runs[0];
    const rule = run.tool.driver.rules.find((r) => r.id === 'threat-unencrypted-communication')!;
    assert.deepEqual(rule.properties.tags, ['security', 'external/cwe/cwe-319']);
    assert.match(rule.help.text, /^Encrypt the link \(TLS/);
    const result = run.results.find((r) => r.ruleId === 'threat-missing-vault')!;
    assert.deepEqual(result.properties, { stride: 'information-disclosure', severity: 'medium', likelihood: 'unlikely', impact: 'medium', status: 'unchecked' });
  });

  it('the Threagile export carries the register as risk_tracking', async () => {
    const tree = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
    try {
      writeFileSync(path.join(tree.root, 'risks.amdec.yaml'), REGISTER);
      const { out } = await runCli(['threats', '.', '--format', 'threagile'], tree.root);
      const document = parse(out) as { risk_tracking: Record<string, unknown> };
      assert.deepEqual(document.risk_tracking, {
        'unguarded-direct-datastore-access@internet>-5432-to-db@internet@compose-db': { status: 'accepted', justification: 'The port is firewalled <b>off</b> & only ops reach it', ticket: 'T-07', date: null, checked_by: null },
      });
    } finally {
      tree.remove();
    }
  });
});
