import assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { adrFeature } from '../../../src/adr/feature';
import { diagnoseFile } from '../../../src/service';
import { adrFolder, codes, madr, nygard, workspace } from '../../adr';
import { allFeatures, cursor } from '../../helpers';

const uri = (name: string) => `${adrFolder}/${name}`;
const base = {
  'docs/adr/0001-record-architecture-decisions.md': nygard(1, 'Record architecture decisions'),
  'docs/adr/0002-use-kafka.md': nygard(2, 'Use Kafka', 'Superseded by [3. Use Pulsar](0003-use-pulsar.md)'),
  'docs/adr/0003-use-pulsar.md': nygard(3, 'Use Pulsar', 'Accepted\n\nSupersedes [2. Use Kafka](0002-use-kafka.md)'),
};

/** Runs a feature method on `name`, whose text has a `|` cursor marker. */
function at(name: string, marked: string) {
  const { text, offset } = cursor(marked);
  const { index, context } = workspace({ ...base, [`docs/adr/${name}`]: text });
  const file = index.get(uri(name))!;
  return { file, offset, context, index, text };
}

function complete(name: string, marked: string): CompletionItem[] {
  const { file, offset, context } = at(name, marked);
  return adrFeature.completion!(file, offset, context);
}

const edited = (item: CompletionItem) => (item.textEdit as TextEdit).newText;

describe('ADR editing help', () => {
  it('completes statuses in a Nygard Status section, with "Superseded by" links to the other ADRs', () => {
    const items = complete('0004-x.md', nygard(4, 'X', 'Acc|'));
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels.slice(0, 4), ['Proposed', 'Accepted', 'Rejected', 'Deprecated']);
    const superseded = items.find((i) => i.label === 'Superseded by 0003 Use Pulsar');
    assert.equal(superseded && edited(superseded), 'Superseded by [3. Use Pulsar](0003-use-pulsar.md)');
    // The edit replaces the whole status value.
    assert.deepEqual((items[0].textEdit as TextEdit).range, { start: { line: 6, character: 0 }, end: { line: 6, character: 3 } });
  });

  it('completes MADR front matter statuses, with "superseded by ADR-NNNN"', () => {
    const items = complete('0004-x.md', madr('X', { status: 'pro|' }));
    assert.ok(items.some((i) => i.label === 'proposed'));
    assert.ok(items.some((i) => i.label === 'superseded by ADR-0003'));
    assert.deepEqual(complete('0004-x.md', madr('X', { date: '2024-|01-01' })), []);
  });

  it('completes ADR references after "ADR-", link destinations, and links after a relation verb', () => {
    const named = complete('0004-x.md', nygard(4, 'X', 'Accepted', '\nThis builds on ADR-00|\n'));
    assert.deepEqual(named.map((i) => i.label), ['ADR-0001', 'ADR-0002', 'ADR-0003']);
    assert.equal(named[2].detail, 'Use Pulsar');
    const destination = complete('0004-x.md', nygard(4, 'X', 'Accepted', '\nSee [it](00|\n'));
    assert.deepEqual(destination.map(edited), ['0001-record-architecture-decisions.md', '0002-use-kafka.md', '0003-use-pulsar.md']);
    const relation = complete('0004-x.md', nygard(4, 'X', 'Accepted\n\nAmends |'));
    assert.equal(edited(relation[0]), '[1. Record architecture decisions](0001-record-architecture-decisions.md)');
    assert.deepEqual(complete('0004-x.md', nygard(4, 'X', 'Accepted', '\nPlain | text.\n')), []);
  });

  it('hovers a reference with the title, status and date; goes to its definition', () => {
    const { file, offset, context } = at('0004-x.md', nygard(4, 'X', 'Accepted', '\nSee ADR-0|002.\n'));
    const hover = adrFeature.hover!(file, offset, context) as Hover;
    assert.equal((hover.contents as MarkupContent).value, '**ADR 0002: Use Kafka**\n\nSuperseded by 0003 · 2024-01-15 · `0002-use-kafka.md`');
    assert.deepEqual(hover.range, { start: { line: 8, character: 4 }, end: { line: 8, character: 12 } });
    assert.deepEqual(adrFeature.definition!(file, offset, context).map((l) => l.uri), [uri('0002-use-kafka.md')]);
    const plain = at('0004-x.md', nygard(4, 'X', 'Accepted', '\nSee |nothing.\n'));
    assert.equal(adrFeature.hover!(plain.file, plain.offset, plain.context), undefined);
  });

  it('document links on ADR-NNNN names', () => {
    const { file, context } = at('0004-x.md', nygard(4, 'X', 'Accepted', '\nSee ADR-0002 and [the first](0001-record-architecture-decisions.md).|\n'));
    const links = adrFeature.documentLinks!(file, context);
    assert.deepEqual(links.map((l) => [l.target, l.range.start.character]), [[uri('0002-use-kafka.md'), 4]]);
  });

  it('code lenses: "superseded by 0003" and "supersedes 0002"', () => {
    const { index, context } = workspace(base);
    const lenses = (name: string) => adrFeature.codeLenses!(index.get(uri(name))!, context).map((l) => [l.command?.title, l.command?.arguments?.[0], l.range.start.line]);
    assert.deepEqual(lenses('0002-use-kafka.md'), [['superseded by 0003', uri('0003-use-pulsar.md'), 0]]);
    assert.deepEqual(lenses('0003-use-pulsar.md'), [['supersedes 0002', uri('0002-use-kafka.md'), 0]]);
    assert.deepEqual(lenses('0001-record-architecture-decisions.md'), []);
  });

  it('quick fixes: the ISO date, and the missing side of a supersession written into the other file', () => {
    const files = { ...base, 'docs/adr/0003-use-pulsar.md': nygard(3, 'Use Pulsar').replace('2024-01-15', '15/01/2024') };
    const { index, context } = workspace(files);
    const pulsar = index.get(uri('0003-use-pulsar.md'))!;
    const dateFix = adrFeature.codeActions!(pulsar, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnoseFile(pulsar, allFeatures(), context), context);
    assert.deepEqual(dateFix.map((a) => a.title), ['Write the date as 2024-01-15']);
    const kafka = index.get(uri('0002-use-kafka.md'))!;
    const diagnostics = diagnoseFile(kafka, allFeatures(), context);
    assert.deepEqual(codes(diagnostics), ['adr-supersession@6']);
    const [fix] = adrFeature.codeActions!(kafka, diagnostics[0].range, diagnostics, context);
    assert.equal(fix.title, 'Add "Supersedes 0002-use-kafka.md" to 0003-use-pulsar.md');
    const [edit] = fix.edit!.changes![uri('0003-use-pulsar.md')];
    assert.equal(edit.newText, '\n\nSupersedes [2. Use Kafka](0002-use-kafka.md)');
  });

  it('quick fixes: a misspelt status, the title number, an outdated index', () => {
    const files = {
      ...base,
      'docs/adr/0004-x.md': nygard(5, 'X', 'Acepted'),
      'docs/adr/README.md': '# ADRs\n\n<!-- archipel:adr-index:start -->\n| old |\n<!-- archipel:adr-index:end -->\n',
    };
    const { index, context } = workspace(files);
    const fixes = (name: string) => {
      const file = index.get(uri(name))!;
      const diagnostics = diagnoseFile(file, allFeatures(), context);
      return adrFeature.codeActions!(file, diagnostics[0].range, diagnostics, context).map((a) => [a.title, a.edit!.changes![uri(name)][0].newText]);
    };
    assert.deepEqual(fixes('0004-x.md'), [
      ["Use the file's number 4 in the title", '4'],
      ['Change the status to "Accepted"', 'Accepted'],
    ]);
    const [[title, table]] = fixes('README.md');
    const misnamed = workspace({ ...base, 'docs/adr/0004-old-name.md': nygard(4, 'New name'), 'docs/adr/4_Other.md': nygard(4, 'Other') });
    const renames = (name: string) => {
      const file = misnamed.index.get(uri(name))!;
      const diagnostics = diagnoseFile(file, allFeatures(), misnamed.context).filter((d) => d.code === 'adr-title-slug' || d.code === 'adr-file-name');
      return adrFeature.codeActions!(file, diagnostics[0].range, diagnostics, misnamed.context).map((a) => [a.title, a.edit!.documentChanges]);
    };
    assert.deepEqual(renames('0004-old-name.md'), [['Rename the file to 0004-new-name.md', [{ kind: 'rename', oldUri: uri('0004-old-name.md'), newUri: uri('0004-new-name.md'), options: { overwrite: false } }]]]);
    assert.deepEqual(renames('4_Other.md')[0][0], 'Rename the file to 0004-other.md');
    assert.equal(title, 'Regenerate the ADR index');
    assert.match(table, /^\n\| ADR \| Decision \| Status \| Date \|\n[\s\S]*\| 0004 \| \[X\]\(0004-x\.md\) \| Acepted \| 2024-01-15 \|\n$/);
  });
});
