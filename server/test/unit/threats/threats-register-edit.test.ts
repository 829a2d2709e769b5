// `archipel threats --amdec` writes valid YAML into any register shape (issue #78): block or flow,
// `risks: []` empty or not, `risks:` empty or missing, the list at the end of the file or not; what it
// cannot edit is refused with the reason and nothing is written; a register over the read bound is
// refused, never appended blind (issue #84: 37 MB → 75 MB, 80,601 duplicates).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { copyTree } from '../../tempdir';
import { addToRegister } from '../../../src/threats/registerEdit';
import { registerEntriesPastBound, type RegisterRisk } from '../../../src/threats/riskRegister';

const risk = (n: number): RegisterRisk => ({ syntheticId: `missing-vault@asset-${n}`, title: `Risk ${n}`, stride: 'information-disclosure', likelihood: 'likely', impact: 'high', item: `asset ${n}`, path: ['Internet', `asset ${n}`] });
const TWO = [risk(1), risk(2)];

/** The risks of an edited text, as YAML reads them. */
function risksOf(text: string): { id: string; 'x-threat'?: string }[] {
  return (parse(text) as { risks: { id: string; 'x-threat'?: string }[] }).risks;
}

function edited(text: string, risks = TWO): string {
  const edit = addToRegister(text, risks);
  assert.ok('text' in edit, JSON.stringify(edit));
  return edit.text;
}

describe('threats: --amdec into any register shape', function () {
  this.timeout(120_000);

  it('an empty flow list `risks: []`, followed by another key: a block list in its place, valid YAML', () => {
    const text = edited('kind: amdec\nmethod: rpn\nrisks: []\nthreshold: 100\n');
    assert.deepEqual(risksOf(text).map((r) => [r.id, r['x-threat']]), [['T-01', 'missing-vault@asset-1'], ['T-02', 'missing-vault@asset-2']]);
    assert.equal((parse(text) as { threshold: number }).threshold, 100);
    assert.match(text, /^risks: \n {2}- id: T-01\n {4}category: technical\n/m);
  });

  it('an empty flow list at the end of the file, without a newline', () => {
    assert.deepEqual(risksOf(edited('kind: amdec\nrisks: []')).map((r) => r.id), ['T-01', 'T-02']);
  });

  it('a flow list with risks: flow mappings appended, the ids numbered after the held ones', () => {
    const text = edited('kind: amdec\nrisks: [{id: T-01, item: a}, {id: T-02, item: b}]\nthreshold: 3\n');
    assert.deepEqual(risksOf(text).map((r) => r.id), ['T-01', 'T-02', 'T-03', 'T-04']);
    assert.equal((parse(text) as { threshold: number }).threshold, 3);
    assert.deepEqual(risksOf(edited('risks: [{id: A},]\n')).map((r) => r.id), ['A', 'T-01', 'T-02'], 'a trailing comma');
  });

  it('a block list not at the end of the file, indented or not, comments kept', () => {
    const text = edited('kind: amdec\nrisks:\n- id: T-01\n  item: a # the first\n# the end of the list\nthreshold: 7\n');
    assert.deepEqual(risksOf(text).map((r) => r.id), ['T-01', 'T-02', 'T-03']);
    assert.match(text, /^- id: T-02\n {2}category: technical$/m, 'at the list\'s indentation');
    assert.match(text, /# the first\n/);
    assert.equal((parse(text) as { threshold: number }).threshold, 7);
    const indented = edited('risks:\n    - id: R\n      item: a\nx: 1\n');
    assert.deepEqual(risksOf(indented).map((r) => r.id), ['R', 'T-01', 'T-02']);
  });

  it('an empty `risks:` followed by another key, and no `risks:` at all', () => {
    assert.deepEqual(risksOf(edited('kind: amdec\nrisks:\nthreshold: 1\n')).map((r) => r.id), ['T-01', 'T-02']);
    assert.deepEqual(risksOf(edited('kind: amdec\ntitle: x')).map((r) => r.id), ['T-01', 'T-02']);
  });

  it('refuses what it cannot edit, with the reason', () => {
    assert.deepEqual(addToRegister('risks: {a: 1}\n', TWO), { refused: '`risks:` is not a list' });
    assert.deepEqual(addToRegister('- a\n- b\n', TWO), { refused: 'its top level is not a mapping' });
    assert.deepEqual(addToRegister('a: 1\n---\nb: 2\n', TWO), { refused: 'it holds 2 YAML documents, not one' });
    const broken = addToRegister('risks: [\n', TWO);
    assert.ok('refused' in broken && broken.refused.startsWith('it is not valid YAML (line '), JSON.stringify(broken));
    assert.deepEqual(addToRegister('x: &l []\nrisks: *l\n', TWO), { refused: '`risks:` is an alias' });
  });

  it('the CLI: an empty flow register gets valid YAML; an invalid one is refused (exit 2) and left as it was', async () => {
    const tree = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
    try {
      const register = path.join(tree.root, 'risks.amdec.yaml');
      writeFileSync(register, 'kind: amdec\nmethod: rpn\ntitle: Shop risks\nthreshold: 1000\nrisks: []\n');
      const { code, err } = await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], tree.root);
      assert.equal(code, 1);
      assert.match(err, /^19 risk\(s\) added to risks\.amdec\.yaml\./m);
      assert.equal(risksOf(readFileSync(register, 'utf8')).length, 19);
      const again = await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], tree.root);
      assert.match(again.err, /^0 risk\(s\) added/m);
      writeFileSync(register, 'kind: amdec\nrisks: [\n');
      const refused = await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], tree.root);
      assert.equal(refused.code, 2);
      assert.match(refused.err, /^archipel threats: cannot add the risks to risks\.amdec\.yaml: it is not valid YAML \(line \d+: .*\); nothing was written\.$/m);
      assert.equal(readFileSync(register, 'utf8'), 'kind: amdec\nrisks: [\n');
    } finally {
      tree.remove();
    }
  });

  it('a register past the bound read risk by risk: each risk that parses kept on its line, one that does not counted (#95)', () => {
    const text = ['kind: amdec', 'risks:', '  - id: T-01', '    x-threat: "a@b"', '    justification: ok', '  - id: T-02', '    x-threat: "c@d', '    justification: broken quote',
      '  - id: T-03', '    x-threat: e@f', '    actions:', '      - status: done', '  # a comment inside the list', '  - id: T-04', '    item: no threat named', '  - id: T-05', `    x-threat: g@h`, `    justification: "${'x'.repeat(70_000)}"`, 'threshold: 5', 'x-threat: after-the-list', ''].join('\n');
    const read = registerEntriesPastBound('file:///r.amdec.yaml', text);
    assert.deepEqual(read.entries.map((e) => [e.id, e.key, e.status, e.line]), [['T-01', 'a@b', 'accepted', 3], ['T-03', 'e@f', 'mitigated', 9]]);
    // T-02 (a YAML error), T-05 (past 64 kB) and the key after the list.
    assert.equal(read.unread, 3);
    // A list at column 0, and a flow list (not read so, counted).
    assert.deepEqual(registerEntriesPastBound('u', 'risks:\n- id: A\n  x-threat: k\n  justification: j\nother: 1\n').entries.map((e) => [e.id, e.line]), [['A', 2]]);
    assert.deepEqual(registerEntriesPastBound('u', 'risks: [{id: A, x-threat: k}]\n'), { entries: [], unread: 1 });
  });

  it('the CLI: a register over the read bound is refused, never appended blind', async () => {
    const tree = copyTree(path.join(fixturesDir, 'threats', 'insecure'));
    try {
      const register = path.join(tree.root, 'risks.amdec.yaml');
      // 4,200 kB: over the 4,096 kB bound (archipel.validation.maxFileSizeKb's default).
      const big = `kind: amdec\nrisks:\n${'  - id: R\n    item: padding padding padding padding padding padding padding padding\n'.repeat(52_000)}`;
      writeFileSync(register, big);
      const { code, err } = await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], tree.root);
      assert.equal(code, 2);
      assert.match(err, /^archipel threats: the risk register risks\.amdec\.yaml is \d+ kB, over the 4096 kB files are read to \(archipel\.validation\.maxFileSizeKb\): the risks it holds cannot be read, so none is added; nothing was written\.$/m);
      assert.equal(readFileSync(register, 'utf8').length, big.length);
      // Past the bound, said on every run, in every format, as an error naming it (#95: it once stopped counting without a
      // word); what can be kept is kept: each risk read on its own, the accepted ones stay accepted.
      const small = path.join(tree.root, 'small.amdec.yaml');
      writeFileSync(small, 'kind: amdec\nrisks: []\n');
      await runCli(['threats', '.', '--amdec', 'small.amdec.yaml'], tree.root);
      const accepted = readFileSync(small, 'utf8').replace(/^ {4}detection: 5$/gm, '    detection: 5\n    justification: Accepted for the test');
      const keys = accepted.match(/x-threat:/g)?.length ?? 0;
      assert.ok(keys >= 10, String(keys));
      writeFileSync(small, 'kind: amdec\nrisks: []\n');
      writeFileSync(register, `${accepted}${'  - id: R\n    item: padding padding padding padding padding padding padding padding\n'.repeat(52_000)}  - id: X\n    x-threat: "unterminated\n`);
      const json = await runCli(['threats', '.', '--format', 'json'], tree.root);
      const said = new RegExp(`^risks\\.amdec\\.yaml: error: the risk register is \\d+ kB, over the 4096 kB files are read to \\(archipel\\.validation\\.maxFileSizeKb\\): read risk by risk, ${keys} risk\\(s\\) kept, 1 naming a threat could not be read \\(counted as raised\\); split it or raise the bound\\.$`, 'm');
      assert.match(json.err, said);
      assert.equal(json.code, 1);
      const answer = JSON.parse(json.out) as { risks: { status: string }[]; registersPastBound: unknown };
      assert.equal(answer.risks.length, 0, 'every risk accepted: none listed');
      assert.deepEqual(answer.registersPastBound, [{ file: 'risks.amdec.yaml', sizeKb: Math.ceil(readFileSync(register, 'utf8').length / 1024), boundKb: 4096, kept: keys, unread: 1 }]);
      const text = await runCli(['threats', '.'], tree.root);
      assert.match(text.out, new RegExp(`^0 risk\\(s\\) raised, ${keys} treated or accepted in the risk register\\.\\n${said.source.slice(1)}`, 'm'));
    } finally {
      tree.remove();
    }
  });
});
