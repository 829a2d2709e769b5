import assert from 'node:assert/strict';
import { parseAdr } from '../../../src/adr/document';
import { isIsoDate, isoFromWritten } from '../../../src/adr/dates';
import { parseStatusLine } from '../../../src/adr/references';
import { relativeLink, slugify } from '../../../src/adr/paths';
import { adrFolder, madr, nygard } from '../../adr';

const uri = (name: string) => `${adrFolder}/${name}`;

describe('ADR model', () => {
  it('reads a Nygard ADR: number, title, date, status, sections', () => {
    const text = nygard(3, 'Use PostgreSQL');
    const adr = parseAdr(uri('0003-use-postgresql.md'), text);
    assert.equal(adr.format, 'nygard');
    assert.equal(adr.number, 3);
    assert.equal(adr.slug, 'use-postgresql');
    assert.equal(adr.title?.number, 3);
    assert.equal(adr.title?.name, 'Use PostgreSQL');
    assert.equal(text.slice(adr.title.nameSpan.start, adr.title.nameSpan.end), 'Use PostgreSQL');
    assert.equal(adr.date?.raw, '2024-01-15');
    assert.equal(text.slice(adr.date.span.start, adr.date.span.end), '2024-01-15');
    assert.equal(adr.status?.value, 'accepted');
    assert.equal(adr.status?.source, 'section');
    assert.equal(text.slice(adr.status.span.start, adr.status.span.end), 'Accepted');
    assert.deepEqual(adr.sections.map((s) => s.heading.text), ['Status', 'Context', 'Decision', 'Consequences']);
  });

  it('reads the number of a title only when it is one', () => {
    const title = (heading: string) => parseAdr(uri('0007-x.md'), `${heading}\n`).title;
    assert.deepEqual([title('# 7. X')?.number, title('# 0007: X')?.number, title('# ADR-0007: X')?.number, title('# ADR 7 X')?.number, title('# 7 - X')?.number], [7, 7, 7, 7, 7]);
    assert.deepEqual([title('# 2024 roadmap')?.number, title('# 3.5 release')?.number, title('# 2FA for admins')?.number], [undefined, undefined, undefined]);
    assert.equal(title('# ADR-0007: Use X')?.name, 'Use X');
  });

  it('reads a MADR: front matter status and date, options, chosen option', () => {
    const text = madr('Use PostgreSQL for features');
    const adr = parseAdr(uri('0004-use-postgresql-for-features.md'), text);
    assert.equal(adr.format, 'madr');
    assert.equal(adr.status?.value, 'accepted');
    assert.equal(adr.status?.source, 'front-matter');
    assert.equal(text.slice(adr.status.span.start, adr.status.span.end), 'accepted');
    assert.equal(text.slice(adr.date!.span.start, adr.date!.span.end), '2024-02-01');
    assert.deepEqual(adr.consideredOptions.map((o) => o.text), ['PostgreSQL', 'Redis']);
    assert.equal(adr.chosenOption?.text, 'PostgreSQL');
    assert.equal(text.slice(adr.chosenOption.start, adr.chosenOption.end), 'PostgreSQL');
    assert.equal(adr.title?.number, undefined);
  });

  it("accepts adr-tools' Superceded spelling with a link, and relation lines", () => {
    const text = nygard(2, 'Use Kafka', 'Superceded by [5. Use Pulsar](0005-use-pulsar.md)\n\nAmends [1. Record](0001-record.md)\n');
    const adr = parseAdr(uri('0002-use-kafka.md'), text);
    assert.equal(adr.status?.value, 'superseded');
    assert.deepEqual(adr.status?.successors.map((r) => [r.number, r.via]), [[5, 'link']]);
    assert.deepEqual(adr.relations.map((r) => [r.verb, r.refs.map((x) => x.number)]), [['superseded by', [5]], ['amends', [1]]]);
    const ref = adr.status.successors[0];
    assert.equal(text.slice(ref.start, ref.end), '[5. Use Pulsar](0005-use-pulsar.md)');
  });

  it('keeps "Superseded by" as the status when adr-tools left "Accepted" above it', () => {
    const adr = parseAdr(uri('0002-a.md'), nygard(2, 'A', 'Accepted\n\nSuperseded by ADR-0007\n'));
    assert.equal(adr.status?.value, 'superseded');
    assert.deepEqual(adr.status?.successors.map((r) => r.number), [7]);
  });

  it("reads MADR's quoted `status: \"superseded by ADR-0005\"` with exact positions", () => {
    const text = madr('Old', { status: '"superseded by ADR-0005"' });
    const adr = parseAdr(uri('0001-old.md'), text);
    assert.equal(adr.status?.value, 'superseded');
    const ref = adr.status.successors[0];
    assert.equal(text.slice(ref.start, ref.end), 'ADR-0005');
    assert.equal(text.slice(adr.status.span.start, adr.status.span.end), 'superseded by ADR-0005');
  });

  it('reads MADR 3 front matter links and MADR 2 field lines', () => {
    const linked = parseAdr(uri('0001-old.md'), madr('Old', { status: 'superseded by [ADR-0005](0005-new.md)' }));
    assert.deepEqual(linked.status?.successors.map((r) => [r.number, r.via]), [[5, 'link']]);
    const fields = parseAdr(uri('0002-x.md'), '# X\n\n* Status: accepted <!-- optional -->\n* Date: 2018-09-19\n\n## Context and Problem Statement\n\nText.\n');
    assert.equal(fields.format, 'madr');
    assert.equal(fields.status?.value, 'accepted');
    assert.equal(fields.status?.source, 'field');
    assert.equal(fields.date?.raw, '2018-09-19');
  });

  it('collects ADR references in prose but not in code', () => {
    const adr = parseAdr(uri('0003-x.md'), nygard(3, 'X', 'Accepted', '\nSee ADR-0002 and `ADR-0009`.\n'));
    assert.deepEqual(adr.references.map((r) => r.number), [2]);
  });

  it('finds template placeholders: MADR braces and adr-tools sentences', () => {
    const text = '# {short title}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nThe issue motivating this decision, and any context that influences or constrains the decision.\n\n## Decision\n\nUse `{id}` paths.\n\n## Consequences\n\nNone.\n';
    const adr = parseAdr(uri('0001-x.md'), text);
    assert.deepEqual(adr.placeholders.map((p) => text.slice(p.start, p.end).slice(0, 15)), ['{short title}', 'The issue motiv']);
  });

  it('parses status lines of every spelling', () => {
    const parse = (line: string) => parseStatusLine(uri('0001-a.md'), line, 0, []);
    assert.equal(parse('Accepted.')?.status?.value, 'accepted');
    assert.deepEqual(parse('superseded by 12')?.status?.successors.map((r) => r.number), [12]);
    assert.deepEqual(parse('Superseded by ADR-0005, ADR-0006')?.relation?.refs.map((r) => r.number), [5, 6]);
    assert.equal(parse('**Superseded by** ADR 3')?.relation?.verb, 'superseded by');
    assert.equal(parse('Supercedes ADR-3')?.relation?.verb, 'supersedes');
  });

  it('dates: ISO check and the day-first fix', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2023-02-29'));
    assert.ok(!isIsoDate('15/01/2024'));
    assert.equal(isoFromWritten('15/01/2024'), '2024-01-15');
    assert.equal(isoFromWritten('5.3.2024'), '2024-03-05');
    assert.equal(isoFromWritten('2024/03/05'), '2024-03-05');
    assert.equal(isoFromWritten('31/02/2024'), undefined);
    assert.equal(isoFromWritten('next week'), undefined);
  });

  it('slugs and relative links', () => {
    assert.equal(slugify('Use PostgreSQL — for the Feature Store!'), 'use-postgresql-for-the-feature-store');
    assert.equal(slugify('Délai de rétention'), 'delai-de-retention');
    assert.equal(relativeLink(`${adrFolder}/README.md`, `${adrFolder}/0001-a.md`), '0001-a.md');
    assert.equal(relativeLink(`${adrFolder}/0001-a.md`, 'file:///work/project/k8s/x.yaml'), '../../k8s/x.yaml');
  });
});
