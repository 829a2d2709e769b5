import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { repositoryYamlFiles } from '../../helpers';
import { damaged, random as seeded } from '../../random';
import { changedSpan } from '../../../src/common/textChange';
import { yamlBeyondLimits, yamlBeyondLimitsEdited, yamlLimitScan, type LimitScan } from '../../../src/yaml/limits';
import { splitDocuments } from '../../../src/yaml/chunks';
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

/** splitDocuments before #68 (a loop over every line): the reference its jumps between candidate lines must equal. */
const startMarkerRef = /^---(?:[ \t]|$)/;
const endMarkerRef = /^\.\.\.(?:[ \t]|$)/;

function referenceSplit(text: string): { offset: number; text: string }[] {
  const chunks: { offset: number; text: string }[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  /** Offset where a run of directive lines began, when the lines just before are directives. */
  let directivesStart = -1;
  let sawContent = false;

  const close = (end: number) => {
    if (end > chunkStart) chunks.push({ offset: chunkStart, text: text.slice(chunkStart, end) });
    chunkStart = end;
    sawContent = false;
  };

  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : text.length + 1;
    const first = text.charCodeAt(lineStart);
    // Only lines starting with '-', '.' or '%' can be markers or directives: the others are read
    // no further than needed to know whether the document has content yet.
    if (first !== 0x2d && first !== 0x2e && first !== 0x25) {
      if (!sawContent) sawContent = hasContentRef(text, lineStart, lineEnd);
      directivesStart = -1;
      lineStart = next;
      continue;
    }
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');

    if (startMarkerRef.test(line)) {
      const start = directivesStart >= 0 ? directivesStart : lineStart;
      if (sawContent) close(start);
      sawContent = true;
      directivesStart = -1;
    } else if (endMarkerRef.test(line)) {
      close(Math.min(next, text.length));
      directivesStart = -1;
    } else if (line.startsWith('%')) {
      if (directivesStart < 0) directivesStart = lineStart;
    } else {
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) sawContent = true;
      directivesStart = -1;
    }
    lineStart = next;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  }
  return chunks;
}

/** Whether a line holds more than blanks and a comment. */
function hasContentRef(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x20 || code === 0x09 || code === 0x0d) continue;
    return code !== 0x23;
  }
  return false;
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

  it('splitDocuments splits as the line-by-line loop did, on random multi-document texts (fast-check)', () => {
    const token = fc.constantFrom('a: 1', '---', '--- x', '...', '... #', '%YAML 1.2', '%TAG', '# c', '-', '- item', '.', ' ', '\t', '\r', '');
    const text = fc.array(token, { maxLength: 60 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((end) => lines.join(end)));
    fc.assert(
      fc.property(text, fc.boolean(), (yaml, trailing) => {
        const input = trailing ? `${yaml}\n` : yaml;
        assert.deepStrictEqual(splitDocuments(input), referenceSplit(input));
      }),
      { seed: 72, numRuns: 5000 },
    );
    for (const file of repositoryYamlFiles()) {
      const yaml = readFileSync(file, 'utf8');
      assert.deepStrictEqual(splitDocuments(yaml), referenceSplit(yaml), file);
    }
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
