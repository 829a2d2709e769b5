import assert from 'node:assert/strict';
import { adrFeature } from '../../src/adr/feature';
import { diagnoseFile } from '../../src/service';
import { adrFolder, madr, nygard, workspace } from '../adr';
import { allFeatures } from '../helpers';
import { random } from '../random';

const pieces = ['---\n', 'status: ', '"superseded by ADR-', '0003', '"\n', '# ', '## Status\n', 'Superseded by ', '[3. X](0003-x.md)', 'ADR-00', '](', '<!-- ', '-->', '`', '```\n', '\r\n', '\n', '{x}', '* ', 'Chosen option: "', 'Date: ', '15/01/2024', '| a |', '#', '[', ']', '(', ')', 'é', '\u0000', ' '];

describe('ADR robustness', () => {
  it('every feature method answers on arbitrary Markdown without throwing', function () {
    // Work, not speed: a loaded machine must not turn this into a timeout.
    this.timeout(30_000);
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
