import assert from 'node:assert/strict';
import { bracePlaceholders } from '../../../src/adr/document';
import { adrFeature } from '../../../src/adr/feature';
import { diagnoseFile } from '../../../src/service';
import { adrFolder, madr, nygard, workspace } from '../../adr';
import { allFeatures } from '../../helpers';
import { random } from '../../random';

const pieces = ['---\n', 'status: ', '"superseded by ADR-', '0003', '"\n', '# ', '## Status\n', 'Superseded by ', '[3. X](0003-x.md)', 'ADR-00', '](', '<!-- ', '-->', '`', '```\n', '\r\n', '\n', '{x}', '* ', 'Chosen option: "', 'Date: ', '15/01/2024', '| a |', '#', '[', ']', '(', ')', 'é', '\u0000', ' '];

describe('ADR robustness', () => {
  it('every feature method answers on arbitrary Markdown without throwing', function () {
    // Work, not speed: a loaded machine must not turn this into a timeout.
    this.timeout(120_000);
    const next = random(20250101);
    for (let round = 0; round < 100; round++) {
      let text = round % 3 === 0 ? nygard(2, 'X') : round % 3 === 1 ? madr('X') : '';
      for (let i = 0; i < 40; i++) {
        const at = Math.floor(next() * (text.length + 1));
        text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at);
      }
      const { index, context } = workspace({ 'docs/adr/0002-x.md': text, 'docs/adr/0003-x.md': nygard(3, 'X', 'Accepted\n\nSupersedes ADR-0002'), 'docs/adr/README.md': text });
      for (const name of ['0002-x.md', 'README.md']) {
        const file = index.get(`${adrFolder}/${name}`)!;
        const diagnostics = diagnoseFile(file, allFeatures(), context);
        for (const d of diagnostics) assert.ok(d.range.start.line <= d.range.end.line, JSON.stringify(d));
        const offset = Math.floor(next() * (text.length + 1));
        adrFeature.completion!(file, offset, context);
        adrFeature.hover!(file, offset, context);
        adrFeature.codeLenses!(file, context);
        adrFeature.documentLinks!(file, context);
        adrFeature.codeActions!(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, context);
      }
    }
  });
});

describe('ADR placeholders in linear time', () => {
  const pattern = /\{[^{}\n]*[A-Za-z][^{}\n]*\}/g;
  it('finds exactly what the placeholder pattern finds, on random text of braces, letters and newlines', () => {
    const next = random(2211);
    const alphabet = ['{', '}', '\n', 'a', 'Z', '1', ' ', '{x}', '-'];
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let i = Math.floor(next() * 30); i > 0; i--) text += alphabet[Math.floor(next() * alphabet.length)];
      const expected = [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
      assert.deepEqual(bracePlaceholders(text), expected, JSON.stringify(text));
    }
  });

  it('checks an ADR whose line opens a brace it never closes, 200 KB long (the fuzzer found 18 s here)', () => {
    const text = `{${'k'.repeat(200_000)}\n---\n# 1. X\n`;
    // Quadratic before (4·10¹⁰ steps): this would not finish within mocha's timeout.
    assert.deepEqual(bracePlaceholders(text), []);
    const { index, context } = workspace({ 'docs/adr/0002-x.md': text });
    const diagnostics = diagnoseFile(index.get(`${adrFolder}/0002-x.md`)!, allFeatures(), context);
    assert.ok(diagnostics.some((d) => d.code === 'adr-status'));
  });
});
