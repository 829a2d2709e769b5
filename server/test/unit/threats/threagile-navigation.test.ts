// A hand-written threagile.yaml's ids in the editor (issue #65, threats/threagileIds.ts): hover says
// what an id is, go to definition and find references follow it, rename changes every place naming it
// (references, risk_tracking keys' parts, an individual risk's assets); a field the schema does not
// know gets a warning and the close field as its quick fix. On Threagile's own demo model.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Location, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { allFeatures, fixturesDir } from '../../helpers';
import { TestWorkspace } from '../../workspace';

const demo = readFileSync(path.join(fixturesDir, 'oss', 'threagile', 'threagile.yaml'), 'utf8');
const uri = 'file:///work/demo/threagile.yaml';
const lineOf = (text: string, needle: string, from = 0) => text.split('\n').findIndex((l, i) => i >= from && l.includes(needle));
/** The offset of `needle` on the line holding `line` (plus `shift` characters). */
const offsetOf = (text: string, line: string, needle: string, shift = 1) => {
  const at = text.indexOf(line);
  assert.ok(at >= 0, line);
  return at + line.indexOf(needle) + shift;
};

function call<T>(pick: (feature: ReturnType<typeof allFeatures>[number]) => T | undefined): T | undefined {
  for (const feature of allFeatures()) {
    const found = pick(feature);
    if (found !== undefined && !(Array.isArray(found) && found.length === 0)) return found;
  }
  return undefined;
}

describe('threagile.yaml: ids in the editor', () => {
  it('hover: what an id is — its kind, title and description', () => {
    const ws = new TestWorkspace({ [uri]: demo });
    const hover = ws.hover(uri, offsetOf(demo, '        target: sql-database', 'sql-database'));
    assert.ok(hover);
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /^\*\*technical asset\*\* `sql-database`: Customer Contract Database/);
    assert.match(value, /The database behind the ERP system/);
    const data = ws.hover(uri, offsetOf(demo, '    id: customer-contracts', 'customer-contracts'));
    assert.match((data!.contents as MarkupContent).value, /^\*\*data asset\*\* `customer-contracts`: Customer Contracts/);
  });

  it('go to definition and find references of an id', () => {
    const ws = new TestWorkspace({ [uri]: demo });
    const file = ws.file(uri);
    const offset = offsetOf(demo, '        target: sql-database', 'sql-database');
    const definition = call((f) => f.definition?.(file, offset, ws.context)) as Location[];
    assert.deepEqual(definition.map((l) => l.range.start.line), [lineOf(demo, '    id: sql-database')]);
    const references = call((f) => f.references?.(file, offset, ws.context)) as Location[];
    const lines = references.map((l) => l.range.start.line + 1).sort((a, b) => a - b);
    // Its id, two links' targets, two boundaries or runtimes holding it, an individual risk's two mentions.
    assert.deepEqual(lines, [459, 822, 899, 1180, 1238, 1269, 1271]);
  });

  it('rename: the id, every reference and every risk_tracking key part', () => {
    const ws = new TestWorkspace({ [uri]: demo });
    const file = ws.file(uri);
    const offset = offsetOf(demo, '    id: erp-system', 'erp-system');
    const prepared = call((f) => f.prepareRename?.(file, offset, ws.context));
    assert.equal(prepared?.placeholder, 'erp-system');
    const edit = call((f) => f.rename?.(file, offset, 'erp', ws.context));
    const edits: TextEdit[] = edit?.changes?.[uri] ?? [];
    let text = demo;
    for (const e of [...edits].sort((a, b) => file.lines.offsetAt(b.range.start) - file.lines.offsetAt(a.range.start))) text = text.slice(0, file.lines.offsetAt(e.range.start)) + e.newText + text.slice(file.lines.offsetAt(e.range.end));
    assert.ok(!/\berp-system\b/.test(text.replace(/#.*$/gm, '')), 'no erp-system left outside comments');
    assert.match(text, /\n {4}id: erp\n/);
    assert.match(text, /\n {2}untrusted-deserialization@erp: /);
    assert.equal((text.match(/target: erp\n/g) ?? []).length, 3);
    // The renamed model reads with no reference error.
    const renamed = new TestWorkspace({ [uri]: text });
    assert.deepEqual(renamed.diagnose(uri).filter((d) => String(d.code) === 'threat-threagile-reference'), []);
  });

  it('a field Threagile does not know: a warning, and the close field as its quick fix', () => {
    const misspelt = demo.replace('    id: sql-database\n', '    id: sql-database\n    confidentialty: strictly-confidential\n');
    const ws = new TestWorkspace({ [uri]: misspelt });
    const found = ws.diagnose(uri).filter((d) => d.code === 'threat-threagile-field');
    assert.deepEqual(found.map((d) => [d.range.start.line, d.message]), [[lineOf(misspelt, 'confidentialty:'), 'Threagile does not know the field "confidentialty" here: it is ignored. Did you mean "confidentiality"?']]);
    const fix = ws.codeActions(uri, found).find((a) => a.title === 'Replace with "confidentiality"');
    assert.ok(fix);
    assert.match(ws.apply(uri, fix), /\n {4}confidentiality: strictly-confidential\n/);
    // The demo as written: none.
    assert.deepEqual(new TestWorkspace({ [uri]: demo }).diagnose(uri).filter((d) => d.code === 'threat-threagile-field'), []);
  });
});
