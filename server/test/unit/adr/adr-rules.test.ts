import assert from 'node:assert/strict';
import { codes, diagnoseIn, madr, nygard } from '../../adr';

const first = nygard(1, 'Record architecture decisions');
/** Diagnostics of docs/adr/<name> among the given ADR files (plus 0001). */
function check(name: string, text: string, others: Record<string, string> = {}, settings = {}) {
  const files: Record<string, string> = { 'docs/adr/0001-record-architecture-decisions.md': first, [`docs/adr/${name}`]: text };
  for (const [other, content] of Object.entries(others)) files[`docs/adr/${other}`] = content;
  return diagnoseIn(files, `docs/adr/${name}`, settings);
}

describe('ADR rules', () => {
  it('well-formed Nygard and MADR decisions are clean', () => {
    assert.deepEqual(codes(check('0002-use-postgresql.md', nygard(2, 'Use PostgreSQL'))), []);
    assert.deepEqual(codes(check('0003-use-postgresql-for-features.md', madr('Use PostgreSQL for features'))), []);
  });

  it('only files of ADR folders are checked', () => {
    assert.deepEqual(diagnoseIn({ 'notes/0001-x.md': '# nothing\n' }, 'notes/0001-x.md'), []);
    assert.deepEqual(codes(diagnoseIn({ 'doc/adr/0001-x.md': '# 1. X\n' }, 'doc/adr/0001-x.md')).includes('adr-status@0'), true);
    assert.ok(diagnoseIn({ 'docs/decisions/0001-x.md': '# 1. X\n' }, 'docs/decisions/0001-x.md').length > 0);
  });

  it('an adr-tools .adr-dir names the folder; so does archipel.adr.directories', () => {
    const files = { '.adr-dir': 'architecture/decisions\n', 'architecture/decisions/0001-x.md': '# 1. X\n' };
    assert.ok(diagnoseIn(files, 'architecture/decisions/0001-x.md').some((d) => d.code === 'adr-status'));
    const plain = { 'arch/records/0001-x.md': '# 1. X\n' };
    assert.deepEqual(diagnoseIn(plain, 'arch/records/0001-x.md'), []);
    const settings = { adr: { directories: ['arch/records'], statuses: ['accepted'] } };
    assert.ok(diagnoseIn(plain, 'arch/records/0001-x.md', settings).some((d) => d.code === 'adr-status'));
  });

  it('adr-file-name: NNNN-slug.md', () => {
    const bad = check('2-Use_PostgreSQL.md', nygard(2, 'Use PostgreSQL'));
    assert.deepEqual(codes(bad), ['adr-file-name@0']);
    assert.match(bad[0].message, /expected "0002-use-postgresql\.md"/);
    assert.deepEqual(codes(check('0002-use-postgresql.md', nygard(2, 'Use PostgreSQL'))), []);
  });

  it('adr-duplicate-number: unique in the folder', () => {
    const twice = check('0001-other.md', nygard(1, 'Other'));
    assert.deepEqual(codes(twice), ['adr-duplicate-number@0']);
    assert.match(twice[0].message, /also used by 0001-record-architecture-decisions\.md/);
    assert.deepEqual(codes(check('0002-other.md', nygard(2, 'Other'))), []);
  });

  it('adr-title and adr-title-number', () => {
    assert.ok(codes(check('0002-x.md', 'Date: 2024-01-01\n\n## Status\n\nAccepted\n')).includes('adr-title@0'));
    const wrong = check('0002-use-postgresql.md', nygard(3, 'Use PostgreSQL'));
    assert.deepEqual(codes(wrong), ['adr-title-number@0']);
    assert.deepEqual([wrong[0].range.start.character, wrong[0].range.end.character], [2, 3]);
    assert.deepEqual(wrong[0].data, { replacement: '2' });
  });

  it('adr-title-slug: a warning when title and slug differ', () => {
    const drift = check('0002-use-mysql.md', nygard(2, 'Use PostgreSQL'));
    assert.deepEqual(codes(drift), ['adr-title-slug@0']);
    assert.equal(drift[0].severity, 2);
    assert.match(drift[0].message, /slug "use-postgresql"/);
  });

  it('adr-status: present, in the configured set, superseded names a successor', () => {
    assert.deepEqual(codes(check('0002-x.md', nygard(2, 'X', 'Acepted'))), ['adr-status@6']);
    const typo = check('0002-x.md', nygard(2, 'X', 'Acepted'));
    assert.match(typo[0].message, /Did you mean "Accepted"\?/);
    assert.deepEqual(typo[0].data, { replacement: 'Accepted' });
    assert.match(check('0002-x.md', nygard(2, 'X', 'Superseded'))[0].message, /by which ADR/);
    const noStatus = check('0002-x.md', '# 2. X\n\nDate: 2024-01-01\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n');
    assert.ok(codes(noStatus).includes('adr-status@0'));
    // A configured set: "draft" becomes valid, "accepted" no longer.
    const settings = { adr: { directories: [], statuses: ['draft', 'superseded'] } };
    assert.deepEqual(codes(check('0002-x.md', nygard(2, 'X', 'Draft'), {}, settings)), []);
    assert.deepEqual(codes(check('0002-x.md', nygard(2, 'X', 'Accepted'), {}, settings)), ['adr-status@6']);
  });

  it('adr-status-mismatch: front matter and body agree', () => {
    const both = madr('X', { status: 'accepted' }).replace('## Context and Problem Statement', '## Status\n\nProposed\n\n## Context and Problem Statement');
    const diagnostics = check('0002-x.md', both);
    assert.deepEqual(codes(diagnostics), ['adr-status-mismatch@10']);
    assert.match(diagnostics[0].message, /"proposed" here disagrees with "accepted" in the front matter/);
    assert.deepEqual(codes(check('0002-x.md', both.replace('Proposed', 'Accepted'))), []);
  });

  it('adr-date: present and ISO-8601, with the day-first fix', () => {
    const french = check('0002-x.md', nygard(2, 'X').replace('2024-01-15', '15/01/2024'));
    assert.deepEqual(codes(french), ['adr-date@2']);
    assert.deepEqual(french[0].data, { replacement: '2024-01-15' });
    assert.deepEqual([french[0].range.start.character, french[0].range.end.character], [6, 16]);
    const madrDate = check('0002-x.md', madr('X', { date: '"next week"' }));
    assert.deepEqual(codes(madrDate), ['adr-date@2']);
    assert.equal(madrDate[0].data, undefined);
    assert.ok(codes(check('0002-x.md', nygard(2, 'X').replace('Date: 2024-01-15\n', ''))).includes('adr-date@0'));
  });

  it('adr-missing-section and adr-empty-section', () => {
    assert.deepEqual(codes(check('0002-x.md', nygard(2, 'X').replace('## Consequences\n\nSome consequences.\n', ''))), ['adr-missing-section@0']);
    const empty = check('0002-x.md', nygard(2, 'X').replace('Some consequences.', '<!-- to do -->'));
    assert.deepEqual(codes(empty), ['adr-empty-section@16']);
    assert.deepEqual(codes(check('0002-x.md', madr('X').replace('## Considered Options', '## Options'))).sort(), ['adr-missing-section@6']);
  });

  it('adr-placeholder: template leftovers', () => {
    const left = check('0002-x.md', madr('X').replace('We need a store for features.', '{Describe the context and problem statement}'));
    assert.deepEqual(codes(left), ['adr-placeholder@10']);
    const frontMatter = check('0002-x.md', madr('X').replace('decision-makers: [Alice, Bob]', 'decision-makers: {list everyone involved in the decision}'));
    assert.deepEqual(codes(frontMatter), ['adr-placeholder@3']);
  });

  it('adr-chosen-option: one of the considered options', () => {
    const wrong = check('0002-x.md', madr('X', { chosen: 'MongoDB' }));
    assert.deepEqual(codes(wrong), ['adr-chosen-option@19']);
    assert.match(wrong[0].message, /"MongoDB" is not one of the Considered Options \("PostgreSQL", "Redis"\)/);
    const described = madr('X', { considered: ['PostgreSQL 16 – the database we run', 'Redis'], chosen: 'PostgreSQL 16' });
    assert.deepEqual(codes(check('0002-x.md', described)), []);
    // adr-log's own record: the chosen option with asides on each part, the considered one without.
    const asides = madr('X', { considered: ['lint-staged and adr-log', 'a git hook'], chosen: 'lint-staged (run first) and adr-log (run second)' });
    assert.deepEqual(codes(check('0002-x.md', asides)), []);
    assert.deepEqual(codes(check('0002-x.md', madr('X', { considered: ['lint-staged and adr-log', 'a git hook'], chosen: 'lint-staged (run first) and husky' }))), ['adr-chosen-option@19']);
  });

  it('adr-supersession: both sides say it', () => {
    const old = nygard(2, 'Old', 'Superseded by [3. New](0003-new.md)');
    const silent = nygard(3, 'New');
    const oneSided = check('0002-old.md', old, { '0003-new.md': silent });
    assert.deepEqual(codes(oneSided), ['adr-supersession@6']);
    assert.deepEqual(oneSided[0].data, { fix: 'add-supersedes', uri: 'file:///work/project/docs/adr/0003-new.md', other: 'file:///work/project/docs/adr/0002-old.md' });
    const reverse = check('0003-new.md', nygard(3, 'New', 'Accepted\n\nSupersedes [2. Old](0002-old.md)'), { '0002-old.md': nygard(2, 'Old') });
    assert.deepEqual(codes(reverse), ['adr-supersession@8']);
    const agreed = { '0003-new.md': nygard(3, 'New', 'Accepted\n\nSupersedes [2. Old](0002-old.md)') };
    assert.deepEqual(codes(check('0002-old.md', old, agreed)), []);
    // MADR's spelling counts as well.
    assert.deepEqual(codes(check('0002-old.md', madr('Old', { status: '"superseded by ADR-0003"' }), agreed)), []);
  });

  it('adr-supersession-cycle: no loops', () => {
    const a = nygard(2, 'A', 'Superseded by ADR-0003\n\nSupersedes ADR-0003');
    const b = nygard(3, 'B', 'Superseded by ADR-0002\n\nSupersedes ADR-0002');
    const diagnostics = check('0002-a.md', a, { '0003-b.md': b });
    assert.deepEqual([...new Set(codes(diagnostics))], ['adr-supersession-cycle@6', 'adr-supersession-cycle@8']);
    assert.match(diagnostics[0].message, /0002 → 0003 → 0002/);
    // A chain is not a loop.
    const chain = { '0003-b.md': nygard(3, 'B', 'Superseded by ADR-0004\n\nSupersedes ADR-0002'), '0004-c.md': nygard(4, 'C', 'Accepted\n\nSupersedes ADR-0003') };
    assert.deepEqual(codes(check('0002-a.md', nygard(2, 'A', 'Superseded by ADR-0003'), chain)), []);
  });

  it('adr-successor-status: not superseded by a merely proposed ADR', () => {
    const old = nygard(2, 'Old', 'Superseded by ADR-0003');
    const proposed = check('0002-old.md', old, { '0003-new.md': nygard(3, 'New', 'Proposed\n\nSupersedes ADR-0002') });
    assert.deepEqual(codes(proposed), ['adr-successor-status@6']);
    assert.deepEqual(codes(check('0002-old.md', old, { '0003-new.md': nygard(3, 'New', 'Accepted\n\nSupersedes ADR-0002') })), []);
  });

  it('adr-unknown-reference: ADR-N names an ADR of the folder', () => {
    const text = nygard(2, 'X', 'Accepted', '\nBuilds on ADR-0001; see also ADR-0042.\n');
    const diagnostics = check('0002-x.md', text);
    assert.deepEqual(codes(diagnostics), ['adr-unknown-reference@8']);
    assert.equal(diagnostics[0].message, 'No ADR 0042 in this folder.');
  });

  it('adr-broken-link: relative links and #headings resolve', () => {
    const text = nygard(2, 'X', 'Accepted', '\nSee [the first](0001-record-architecture-decisions.md#context), [gone](0009-gone.md), [nope](#nowhere), [k8s](../../k8s/app.yaml), [site](https://example.com), [img](diagram.png).\n');
    const diagnostics = check('0002-x.md', text, {}, {});
    assert.deepEqual(codes(diagnostics), ['adr-broken-link@8', 'adr-broken-link@8', 'adr-broken-link@8']);
    assert.deepEqual(diagnostics.map((d) => d.message), [
      'Link target "0009-gone.md" not found in the workspace.',
      'No heading "#nowhere" in this file.',
      'Link target "../../k8s/app.yaml" not found in the workspace.',
    ]);
    const fixed = text.replace('0009-gone.md', '0001-record-architecture-decisions.md').replace('#nowhere', '#decision');
    assert.deepEqual(codes(diagnoseIn({ 'docs/adr/0001-record-architecture-decisions.md': first, 'docs/adr/0002-x.md': fixed, 'k8s/app.yaml': 'a: 1\n' }, 'docs/adr/0002-x.md')), []);
  });

  it('CRLF files are read with the same positions', () => {
    const crlf = nygard(2, 'X').replace('2024-01-15', '15/01/2024').replace(/\n/g, '\r\n');
    const diagnostics = check('0002-x.md', crlf);
    assert.deepEqual(codes(diagnostics), ['adr-date@2']);
    assert.deepEqual([diagnostics[0].range.start.character, diagnostics[0].range.end.character], [6, 16]);
    assert.deepEqual(codes(check('0003-y.md', madr('Y').replace(/\n/g, '\r\n'))), []);
  });

  it('<!-- archipel-ignore --> silences a rule on the line or the comment line above', () => {
    const text = nygard(2, 'X', 'Accepted', '\nSee ADR-0042. <!-- archipel-ignore adr-unknown-reference -->\n');
    assert.deepEqual(codes(check('0002-x.md', text)), []);
    const above = nygard(2, 'X').replace('# 2. X', '<!-- archipel-ignore adr-title-slug -->\n# 2. X');
    assert.deepEqual(codes(check('0002-other.md', above)), []);
    // A YAML-style comment is not a Markdown comment.
    assert.deepEqual(codes(check('0002-x.md', nygard(2, 'X', 'Accepted', '\nSee ADR-0042. # archipel-ignore adr-unknown-reference\n'))), ['adr-unknown-reference@8']);
  });
});
