import assert from 'node:assert/strict';
import { AdrRequestError, adrFolderInfos, generateAdrIndex, linkAdrs, newAdr, setAdrStatus, supersedeAdr } from '../../../src/adr/requests';
import { defaultAdrSettings } from '../../../src/adr/settings';
import { diagnoseFile } from '../../../src/service';
import { adrFolder, codes, madr, nygard, root, workspace } from '../../adr';
import { allFeatures } from '../../helpers';

const first = nygard(1, 'Record architecture decisions');
const uri = (name: string) => `${adrFolder}/${name}`;

/** Indexes the edited texts over the workspace and returns every diagnostic code per file name. */
function diagnosticsAfter(files: Record<string, string>, texts: Map<string, string>): Record<string, string[]> {
  const { index, context } = workspace(files);
  for (const [u, text] of texts) index.update(u, text);
  const result: Record<string, string[]> = {};
  for (const file of index.files()) {
    const found = codes(diagnoseFile(file, allFeatures(), context));
    if (found.length > 0) result[file.uri.slice(root.length + 1)] = found;
  }
  return result;
}

describe('ADR commands (pure edits)', () => {
  const files = { 'docs/adr/0001-record-architecture-decisions.md': first };

  it('New ADR: next free number, slug from the title, Nygard template, today by default', () => {
    const { index } = workspace(files);
    const result = newAdr(index, defaultAdrSettings, { title: 'Use Argo CD for deployments!' }, new Date(2025, 2, 7));
    assert.equal(result.uri, uri('0002-use-argo-cd-for-deployments.md'));
    const text = result.texts.get(result.uri)!;
    assert.match(text, /^# 2\. Use Argo CD for deployments!\n\nDate: 2025-03-07\n\n## Status\n\nProposed\n/);
    assert.deepEqual(result.edit.documentChanges?.[0], { kind: 'create', uri: result.uri, options: { overwrite: false, ignoreIfExists: false } });
    // A fresh ADR only misses its content: empty sections are warnings, nothing else.
    assert.deepEqual(diagnosticsAfter(files, result.texts), { 'docs/adr/0002-use-argo-cd-for-deployments.md': ['adr-empty-section@8', 'adr-empty-section@12', 'adr-empty-section@16'] });
  });

  it('New ADR in MADR format, superseding an older one: both files agree', () => {
    const { index } = workspace(files);
    const result = newAdr(index, defaultAdrSettings, { title: 'Use MADR', format: 'madr', date: '2025-01-02', supersedes: [uri('0001-record-architecture-decisions.md')] });
    const text = result.texts.get(result.uri)!;
    assert.match(text, /^---\nstatus: accepted\ndate: 2025-01-02\n/);
    assert.match(text, /\n# Use MADR\n\nSupersedes \[ADR-0001\]\(0001-record-architecture-decisions\.md\)\n/);
    assert.match(result.texts.get(uri('0001-record-architecture-decisions.md'))!, /## Status\n\nSuperseded by \[2\. Use MADR\]\(0002-use-madr\.md\)\n/);
    const after = diagnosticsAfter(files, result.texts);
    assert.deepEqual(after['docs/adr/0001-record-architecture-decisions.md'], undefined);
    assert.ok(!after['docs/adr/0002-use-madr.md']?.some((c) => c.startsWith('adr-supersession') || c.startsWith('adr-status')));
  });

  it('Supersede ADR writes both files, in each file\'s own format', () => {
    const both = { ...files, 'docs/adr/0002-old.md': madr('Old'), 'docs/adr/0003-new.md': nygard(3, 'New') };
    const { index } = workspace(both);
    const result = supersedeAdr(index, { target: uri('0002-old.md'), by: uri('0003-new.md') });
    assert.equal(result.uri, uri('0003-new.md'));
    assert.match(result.texts.get(uri('0002-old.md'))!, /^---\nstatus: superseded by ADR-0003\n/);
    assert.match(result.texts.get(uri('0003-new.md'))!, /## Status\n\nAccepted\n\nSupersedes \[2\. Old\]\(0002-old\.md\)\n\n## Context/);
    assert.deepEqual(diagnosticsAfter(both, result.texts), {});
    // Doing it again changes nothing.
    const { index: again } = workspace({ ...both, ...Object.fromEntries([...result.texts].map(([u, t]) => [u.slice(root.length + 1), t])) });
    assert.deepEqual(supersedeAdr(again, { target: uri('0002-old.md'), by: uri('0003-new.md') }).edit.documentChanges, []);
  });

  it('Link ADRs: adr-tools verbs on both sides', () => {
    const both = { ...files, 'docs/adr/0002-x.md': nygard(2, 'X') };
    const { index } = workspace(both);
    const result = linkAdrs(index, { source: uri('0002-x.md'), target: uri('0001-record-architecture-decisions.md') });
    assert.match(result.texts.get(uri('0002-x.md'))!, /Accepted\n\nAmends \[1\. Record architecture decisions\]\(0001-record-architecture-decisions\.md\)\n/);
    assert.match(result.texts.get(uri('0001-record-architecture-decisions.md'))!, /Accepted\n\nAmended by \[2\. X\]\(0002-x\.md\)\n/);
    const clarifies = linkAdrs(index, { source: uri('0002-x.md'), target: uri('0001-record-architecture-decisions.md'), verb: 'Clarifies' });
    assert.match(clarifies.texts.get(uri('0001-record-architecture-decisions.md'))!, /Clarified by \[2\. X\]/);
    assert.throws(() => linkAdrs(index, { source: uri('0002-x.md'), target: uri('0002-x.md') }), AdrRequestError);
  });

  it('Change ADR Status writes every place the status is stated', () => {
    const mixed = madr('X').replace('## Context and Problem Statement', '## Status\n\nAccepted\n\n## Context and Problem Statement');
    const { index } = workspace({ ...files, 'docs/adr/0002-x.md': mixed });
    const text = setAdrStatus(index, { uri: uri('0002-x.md'), status: 'Deprecated' }).texts.get(uri('0002-x.md'))!;
    assert.match(text, /^---\nstatus: deprecated\n/);
    assert.match(text, /## Status\n\nDeprecated\n/);
    const nygardText = setAdrStatus(index, { uri: uri('0001-record-architecture-decisions.md'), status: 'rejected' }).texts.get(uri('0001-record-architecture-decisions.md'))!;
    assert.match(nygardText, /## Status\n\nRejected\n/);
  });

  it('Generate ADR Index: creates README.md, then keeps the table between markers up to date', () => {
    const both = { ...files, 'docs/adr/0002-old.md': nygard(2, 'Old', 'Superseded by ADR-0003'), 'docs/adr/0003-new.md': nygard(3, 'New', 'Accepted\n\nSupersedes ADR-0002') };
    const { index } = workspace(both);
    const created = generateAdrIndex(index, defaultAdrSettings, { folder: adrFolder });
    assert.equal(created.uri, uri('README.md'));
    const readme = created.texts.get(uri('README.md'))!;
    assert.equal(
      readme,
      [
        '# Architecture Decision Records',
        '',
        '<!-- archipel:adr-index:start -->',
        '| ADR | Decision | Status | Date |',
        '| --- | --- | --- | --- |',
        '| 0001 | [Record architecture decisions](0001-record-architecture-decisions.md) | Accepted | 2024-01-15 |',
        '| 0002 | [Old](0002-old.md) | Superseded by [0003](0003-new.md) | 2024-01-15 |',
        '| 0003 | [New](0003-new.md) | Accepted | 2024-01-15 |',
        '<!-- archipel:adr-index:end -->',
        '',
      ].join('\n'),
    );
    const withReadme = { ...both, 'docs/adr/README.md': readme };
    assert.deepEqual(diagnosticsAfter(withReadme, new Map()), {});
    // A new decision makes the index outdated; the fix is the regenerated block.
    const grown = { ...withReadme, 'docs/adr/0004-more.md': nygard(4, 'More') };
    assert.deepEqual(diagnosticsAfter(grown, new Map())['docs/adr/README.md'], ['adr-index-outdated@2']);
    const { index: grownIndex } = workspace(grown);
    const updated = generateAdrIndex(grownIndex, defaultAdrSettings, { folder: adrFolder });
    assert.match(updated.texts.get(uri('README.md'))!, /\| 0004 \| \[More\]\(0004-more\.md\) \| Accepted \| 2024-01-15 \|\n<!-- archipel:adr-index:end -->/);
    assert.deepEqual(diagnosticsAfter(grown, updated.texts), {});
  });

  it('Generate ADR Index appends the block to a hand-written README; such a README must link every ADR', () => {
    const handWritten = '# Decisions\n\n* [First](0001-record-architecture-decisions.md)\n';
    const both = { ...files, 'docs/adr/0002-x.md': nygard(2, 'X'), 'docs/adr/README.md': handWritten };
    assert.deepEqual(diagnosticsAfter(both, new Map())['docs/adr/README.md'], ['adr-index-outdated@0']);
    const { index } = workspace(both);
    const text = generateAdrIndex(index, defaultAdrSettings, { folder: adrFolder }).texts.get(uri('README.md'))!;
    assert.ok(text.startsWith(`${handWritten}\n<!-- archipel:adr-index:start -->\n| ADR |`));
    // A README that links no ADR explains the folder and is left alone.
    assert.deepEqual(diagnosticsAfter({ ...files, 'docs/adr/README.md': '# About\n\nWe write ADRs.\n' }, new Map()), {});
  });

  it('keeps CRLF line endings in the lines it adds', () => {
    const crlf = { ...files, 'docs/adr/0002-old.md': nygard(2, 'Old').replace(/\n/g, '\r\n'), 'docs/adr/0003-new.md': nygard(3, 'New').replace(/\n/g, '\r\n') };
    const { index } = workspace(crlf);
    const result = supersedeAdr(index, { target: uri('0002-old.md'), by: uri('0003-new.md') });
    assert.match(result.texts.get(uri('0003-new.md'))!, /Accepted\r\n\r\nSupersedes \[2\. Old\]\(0002-old\.md\)\r\n\r\n## Context/);
    assert.ok(!/[^\r]\n/.test(result.texts.get(uri('0003-new.md'))!));
    assert.deepEqual(diagnosticsAfter(crlf, result.texts), {});
  });

  it('folders: the known ones, or docs/adr of the workspace; several need a choice', () => {
    const { index } = workspace({});
    assert.deepEqual(adrFolderInfos(index, defaultAdrSettings, [root]), [{ uri: adrFolder, count: 0, nextNumber: 1, format: 'nygard', exists: false }]);
    const fresh = newAdr(index, defaultAdrSettings, { title: 'First', workspaceFolders: [root], date: '2025-01-01' });
    assert.equal(fresh.uri, uri('0001-first.md'));
    const { index: two } = workspace({ ...files, 'doc/adr/0001-x.md': nygard(1, 'X') });
    assert.throws(() => newAdr(two, defaultAdrSettings, { title: 'Y' }), /2 ADR folders/);
    assert.throws(() => newAdr(two, defaultAdrSettings, { title: '!!!', folder: adrFolder }), /at least one letter/);
  });
});
