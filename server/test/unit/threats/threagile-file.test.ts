// A hand-written threagile.yaml in the editor (issue #65, threats/threagileFile.ts): Threagile's
// schema, references between ids, the rules on the model with risk_tracking honoured, completion.
// On Threagile's own demo model (vendored: no error) and on a planted model (each defect on its line).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnose, fixturesDir } from '../../helpers';
import { TestWorkspace } from '../../workspace';

const demo = readFileSync(path.join(fixturesDir, 'oss', 'threagile', 'threagile.yaml'), 'utf8');
const stub = readFileSync(path.join(fixturesDir, 'oss', 'threagile', 'stub', 'threagile.yaml'), 'utf8');
const planted = readFileSync(path.join(fixturesDir, 'threats', 'threagile', 'planted.threagile.yaml'), 'utf8');
const plantedUri = 'file:///work/model/planted.threagile.yaml';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('threagile.yaml in the editor', () => {
  it("Threagile's demo and stub models: no error (YAML 1.2, merge keys), the risks as warnings on their assets' lines", () => {
    for (const [name, text] of [['demo', demo], ['stub', stub]] as const) {
      const errors = diagnose(text, {}, `file:///work/${name}/threagile.yaml`).filter((d) => d.severity === 1);
      assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.message} [${String(d.code)}]`), [], name);
    }
    const risks = diagnose(demo, {}, 'file:///work/demo/threagile.yaml').filter((d) => String(d.code).startsWith('threat-') && !String(d.code).startsWith('threat-threagile-'));
    const git = risks.find((d) => d.code === 'threat-accidental-secret-leak');
    assert.ok(git, 'accidental-secret-leak on the Git repository');
    assert.equal(git.range.start.line, lineOf(demo, '    id: git-repo'));
    // risk_tracking: `unencrypted-asset@*` is mitigated, so none is raised.
    assert.ok(!risks.some((d) => d.code === 'threat-unencrypted-asset'));
  });

  it('the planted model: each defect on its line, with its did-you-mean', () => {
    const found = diagnose(planted, {}, plantedUri);
    const at = (code: string) => found.filter((d) => d.code === code).map((d) => [d.range.start.line, (d.data as { replacement?: string } | undefined)?.replacement]);
    assert.ok(at('threat-threagile-schema').some(([line]) => line === lineOf(planted, 'business_criticality: importent')));
    assert.deepEqual(at('threat-threagile-reference'), [
      [lineOf(planted, '- customer-dta'), 'customer-data'],
      [lineOf(planted, '- shop-databse'), 'shop-database'],
    ]);
    assert.deepEqual(at('threat-threagile-tracking'), [[lineOf(planted, 'unguarded-direct-datastore-access@*@web-shop@shop-databse:'), 'unguarded-direct-datastore-access@*@web-shop@shop-database']]);
    // dos-risky-access-across-trust-boundary's key ends its link part with `->` and the forwarding link (issue #78).
    const dos = (link: string) => diagnose(planted.replace('risk_tracking:\n', `risk_tracking:\n  dos-risky-access-across-trust-boundary@shop-database@web-shop@${link}:\n    status: accepted\n`), {}, plantedUri)
      .filter((d) => d.code === 'threat-threagile-tracking').map((d) => (d.data as { replacement?: string } | undefined)?.replacement);
    assert.deepEqual(dos('web-shop>database-access->'), ['unguarded-direct-datastore-access@*@web-shop@shop-database']);
    assert.deepEqual(dos('web-shop>database-acess->').sort(), ['dos-risky-access-across-trust-boundary@shop-database@web-shop@web-shop>database-access->', 'unguarded-direct-datastore-access@*@web-shop@shop-database']);
    // The rules: the plaintext JDBC link on the web shop's line; the tracked ones (mitigated, accepted) not raised.
    assert.deepEqual(at('threat-unencrypted-communication').map(([line]) => line), [lineOf(planted, 'id: web-shop')]);
    assert.deepEqual(at('threat-unencrypted-asset'), []);
    assert.deepEqual(at('threat-missing-authentication'), []);
    const untracked = diagnose(planted.replace(/^risk_tracking:[\s\S]*$/m, ''), {}, plantedUri);
    assert.deepEqual(untracked.filter((d) => d.code === 'threat-unencrypted-asset').map((d) => d.range.start.line), [lineOf(planted, 'id: shop-database')]);
    assert.deepEqual(untracked.filter((d) => d.code === 'threat-missing-authentication').map((d) => d.range.start.line), [lineOf(planted, 'id: shop-database')]);
  });

  it('a YAML file that is no Threagile model gets none of it', () => {
    const found = diagnose('title: x\ntechnical_assets:\n  a:\n    communication_links:\n      l:\n        target: nowhere\n', {}, 'file:///work/other.yaml');
    assert.ok(!found.some((d) => String(d.code).startsWith('threat-threagile-')));
  });

  it('completes ids in reference positions and the enum values of the schema', () => {
    const ws = new TestWorkspace({});
    const target = ws.at(plantedUri, planted.replace('        target: shop-database\n', '        target: |\n'));
    assert.deepEqual(ws.completion(plantedUri, target).map((i) => i.label).sort(), ['shop-database', 'web-shop']);
    const data = ws.at(plantedUri, planted.replace('      - customer-dta\n', '      - |\n'));
    assert.deepEqual(ws.completion(plantedUri, data).map((i) => i.label), ['customer-data']);
    const criticality = ws.at(plantedUri, planted.replace('business_criticality: importent', 'business_criticality: |'));
    assert.deepEqual(ws.completion(plantedUri, criticality).map((i) => i.label), ['archive', 'operational', 'important', 'critical', 'mission-critical']);
  });
  it('completes a risk_tracking key with the synthetic ids of the risks no key tracks yet', () => {
    const ws = new TestWorkspace({});
    // A key half typed (with its colon: the text stays YAML).
    const offset = ws.at(plantedUri, planted.replace('risk_tracking:\n', 'risk_tracking:\n  unenc|:\n'));
    const labels = ws.completion(plantedUri, offset).map((i) => i.label);
    assert.ok(labels.includes('unencrypted-communication@web-shop>database-access@web-shop@shop-database'), labels.join('\n'));
    assert.ok(!labels.includes('unencrypted-asset@shop-database'), 'tracked already');
    // The edit replaces what is typed on the line, not the next key.
    const item = ws.completion(plantedUri, offset).find((i) => i.label.startsWith('unencrypted-communication@'))!;
    const edit = item.textEdit as { range: { start: { line: number }; end: { line: number; character: number } } };
    const typed = ws.file(plantedUri).text.split('\n').indexOf('  unenc:');
    assert.deepEqual([edit.range.start.line, edit.range.end.line, edit.range.end.character], [typed, typed, '  unenc'.length]);
  });
});
