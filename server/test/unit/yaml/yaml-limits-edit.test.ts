import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { repositoryYamlFiles } from '../../helpers';
import { damaged, random as seeded } from '../../random';
import { changedSpan } from '../../../src/common/textChange';
import { yamlBeyondLimits, yamlBeyondLimitsEdited, yamlLimitScan, type LimitScan } from '../../../src/yaml/limits';
import { parseYamlFile } from '../../../src/yaml/model';

/** The loop changedSpan replaced (#68): the reference its block comparison must equal. */
function naiveSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/** The resumed scan of `text` from `previous`'s must be the whole scan of `text`, checkpoints included; returns it. */
function sameAsWhole(previous: { text: string; scan: LimitScan }, text: string, limit: number, where: string): LimitScan {
  const whole = yamlLimitScan(text, limit);
  const resumed = yamlBeyondLimitsEdited(previous, text, changedSpan(previous.text, text), limit);
  const show = `${where}: ${JSON.stringify(previous.text.slice(0, 200))}… -> ${JSON.stringify(text.slice(0, 200))}…`;
  assert.deepStrictEqual(resumed.exceeded, whole.exceeded, show);
  assert.equal(resumed.exceeded?.offset, yamlBeyondLimits(text, limit)?.offset, show);
  assert.equal(resumed.complete, whole.complete, show);
  assert.deepStrictEqual(resumed.checkpoints, whole.checkpoints, show);
  return resumed;
}

/** A Compose-like file of `services` services, with flow collections, quotes, comments and block scalars. */
function composeText(services: number): string {
  const lines = ['name: demo', 'services:'];
  for (let i = 0; i < services; i++) {
    lines.push(`  svc${i}:`, `    image: "registry.example.com/svc${i}:1.0"`, `    ports: ["${8000 + i}:80"]`, '    command: |', '      echo [unclosed {', "      echo 'quoted'", '    environment:', `      A: 'x${i}' # note`, '      B: {c: d, e: [f, g]}', '    depends_on:', '      - - nested');
  }
  lines.push('volumes:', '  data: {}', '');
  return lines.join('\n');
}

/** What the seeded edits insert: structure that changes the scan's state (flow brackets, quotes, block scalars, indentation, compact items). */
const snippets = ['[', ']', '{', '}', '"', "'", ': ', ' # c', '\n', '\n  ', '\n    - - x', ' |\n', '>-\n      body', '\nkey: v', ',', '\n\n', '\t', ' [a: b: c]'];

describe('YAML nesting limits, edits (the scan resumed from the edit)', function () {
  this.timeout(120_000);

  it('changedSpan gives the character loop\'s span on any pair of texts', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' ', 'é', '😀'), maxLength: 3000 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        assert.deepStrictEqual(changedSpan(a, b), naiveSpan(a, b));
      }),
      { seed: 68, numRuns: 2000 },
    );
    fc.assert(
      fc.property(text, fc.nat(3000), fc.nat(40), text, (base, at, removed, inserted) => {
        const where = Math.min(at, base.length);
        const edited = base.slice(0, where) + inserted + base.slice(where + removed);
        assert.deepStrictEqual(changedSpan(base, edited), naiveSpan(base, edited));
      }),
      { seed: 69, numRuns: 2000 },
    );
  });

  it('joins the previous scan only after the edit: an inserted line may repeat an earlier checkpoint\'s place and state', () => {
    // 15 characters inserted at 10: the inserted `z:` line (at 15) is where the previous scan's `a:` line (at 0) would be, 15 further, in the same state.
    const before = 'a: 1\nb: 2\nc: 3\n';
    const after = 'a: 1\nb: 2\ny: 1\nz: [[[[[[\nc: 3\n';
    const scan = sameAsWhole({ text: before, scan: yamlLimitScan(before, 3) }, after, 3, 'inserted');
    assert.equal(scan.exceeded?.offset, 20);
  });

  it('gives the whole scan after chained seeded edits of the repository\'s YAML files and a Compose file, at the real limit and a low one', () => {
    const texts = [composeText(150), ...repositoryYamlFiles().map((file) => readFileSync(file, 'utf8')).filter((text) => text.length > 2000)];
    assert.ok(texts.length > 10);
    const next = seeded(68);
    let resumedAtEnd = 0;
    for (const [index, original] of texts.entries()) {
      for (const limit of [200, 5]) {
        let previous = { text: original, scan: yamlLimitScan(original, limit) };
        for (let step = 0; step < 25; step++) {
          const text = damaged(previous.text, next, snippets);
          const scan = sameAsWhole(previous, text, limit, `file ${index}, limit ${limit}, step ${step}`);
          if (scan.complete) resumedAtEnd++;
          previous = { text, scan };
        }
      }
    }
    // The chains went on through texts that scan whole, not only through stopped scans.
    assert.ok(resumedAtEnd > 100, String(resumedAtEnd));
  });

  it('gives the whole scan on random YAML-like texts and random edits (fast-check)', () => {
    const token = fc.constantFrom('a', 'key: ', '- ', '  ', '    ', '\n', '\n  ', '\nb:', '[', ']', '{', '}', '"', "'", ',', ': ', ' #', '|', '>', '\r\n', '\t');
    const yamlText = fc.array(token, { maxLength: 400 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(yamlText, fc.nat(), fc.nat(30), yamlText, fc.constantFrom(200, 3, 1), (base, at, removed, inserted, limit) => {
        const where = base.length === 0 ? 0 : at % (base.length + 1);
        const edited = base.slice(0, where) + inserted.slice(0, 60) + base.slice(where + removed);
        sameAsWhole({ text: base, scan: yamlLimitScan(base, limit) }, edited, limit, 'random');
      }),
      { seed: 70, numRuns: 3000 },
    );
  });

  it('a chunk of an edited file gives the whole text\'s limit, version after version (parseYamlFile)', () => {
    const next = seeded(71);
    const clean = composeText(200);
    let text = clean;
    let file = parseYamlFile(text);
    assert.equal(file.chunks[0].chunk.beyondLimits, undefined);
    let deep = 0;
    let resumable = 0;
    for (let step = 0; step < 60; step++) {
      // From the clean file each time (damage does not pile up): every fifth version nests past the
      // limit inside one service, every third is damaged by a seeded edit, the others get a comment.
      const lines = clean.split('\n');
      const at = 3 + Math.floor(next() * (lines.length - 6));
      if (step % 5 === 0) lines.splice(at, 0, `${' '.repeat(lines[at].length - lines[at].trimStart().length)}x: ${'['.repeat(210)}${']'.repeat(210)}`);
      else lines[at] += ' # edited';
      text = step % 3 === 0 ? damaged(lines.join('\n'), next, snippets) : lines.join('\n');
      file = parseYamlFile(text, file);
      for (const { chunk } of file.chunks) {
        // As IndexedFile.stable asks: the limit, then whether the chunk is well-formed (which reads its value).
        assert.deepStrictEqual(chunk.beyondLimits, yamlBeyondLimits(chunk.text), `step ${step}`);
        void chunk.wellFormed;
        if (chunk.beyondLimits) deep++;
        if (chunk.limitsForNext) resumable++;
      }
    }
    assert.ok(deep >= 10, String(deep));
    // The versions went through the resumed scan (an edited chunk keeps its checkpoints for the next one).
    assert.ok(resumable >= 20, String(resumable));
    // A file read once keeps none.
    assert.equal(parseYamlFile(composeText(200)).chunks[0].chunk.beyondLimits, undefined);
    const once = parseYamlFile(composeText(200)).chunks[0].chunk;
    void once.beyondLimits;
    assert.equal(once.limitsForNext, undefined);
  });
});
