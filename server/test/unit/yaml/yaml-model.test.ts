import assert from 'node:assert/strict';
import { splitDocuments } from '../../../src/yaml/chunks';
import { parseYamlFile } from '../../../src/yaml/model';
import { nodeAtPath, pathAtOffset } from '../../../src/yaml/path';
import { brief, diagnose } from '../../helpers';

describe('YAML document model', () => {
  describe('splitDocuments', () => {
    it('splits at --- markers and keeps offsets', () => {
      const text = 'a: 1\n---\nb: 2\n--- # comment\nc: 3\n';
      const chunks = splitDocuments(text);
      assert.deepEqual(
        chunks.map((c) => [c.offset, c.text]),
        [
          [0, 'a: 1\n'],
          [5, '---\nb: 2\n'],
          [14, '--- # comment\nc: 3\n'],
        ],
      );
    });

    it('keeps directives with the document they precede and ends documents at ...', () => {
      const text = 'a: 1\n...\n%YAML 1.2\n---\nb: 2\n';
      const chunks = splitDocuments(text);
      assert.deepEqual(chunks.map((c) => c.text), ['a: 1\n...\n', '%YAML 1.2\n---\nb: 2\n']);
    });

    it('does not split on --- inside an indented block scalar or mid-line', () => {
      const text = 'a: |\n  ---\n  text\nb: "x --- y"\n';
      assert.equal(splitDocuments(text).length, 1);
    });

    it('a leading --- does not create an empty document', () => {
      assert.deepEqual(splitDocuments('---\na: 1\n').map((c) => c.text), ['---\na: 1\n']);
      assert.deepEqual(splitDocuments('# header\n---\na: 1\n').map((c) => c.text), ['# header\n---\na: 1\n']);
    });

    it('an empty text is one empty chunk', () => {
      assert.deepEqual(splitDocuments(''), [{ offset: 0, text: '' }]);
    });
  });

  describe('parseYamlFile', () => {
    it('re-parses only the documents an edit touched', () => {
      const docs = Array.from({ length: 5 }, (_, i) => `---\nname: doc${i}\nvalue: ${i}\n`).join('');
      const first = parseYamlFile(docs);
      assert.equal(first.documents.length, 5);
      const edited = docs.replace('value: 2', 'value: 22');
      const second = parseYamlFile(edited, first);
      const reused = second.chunks.map((c, i) => c.chunk === first.chunks[i].chunk);
      assert.deepEqual(reused, [true, true, false, true, true]);
      assert.deepEqual(second.documents[2].chunk.value, { name: 'doc2', value: 22 });
      // Offsets after the edit moved by one character.
      assert.equal(second.documents[3].offset, first.documents[3].offset + 1);
    });

    it('finds the document at an offset', () => {
      const file = parseYamlFile('a: 1\n---\nb: 2\n');
      assert.equal(file.documentAt(0)?.index, 0);
      assert.equal(file.documentAt(6)?.index, 1);
    });
  });

  describe('paths', () => {
    const file = parseYamlFile('spec:\n  containers:\n    - name: a\n      image: x\n');
    const doc = file.documents[0].doc;

    it('walks keys and indexes', () => {
      const found = nodeAtPath(doc, ['spec', 'containers', 0, 'image']);
      assert.deepEqual(found?.node?.range?.slice(0, 2), [47, 48]);
      assert.equal(nodeAtPath(doc, ['spec', 'nope']), undefined);
    });

    it('gives the path at an offset', () => {
      assert.deepEqual(pathAtOffset(doc, 47), ['spec', 'containers', 0, 'image']);
      assert.deepEqual(pathAtOffset(doc, 2), ['spec']);
    });
  });

  describe('syntax diagnostics', () => {
    it('reports a syntax error at its position and carries on with other documents', () => {
      const diagnostics = diagnose('a: [1, 2\n---\nb: 1\nb: 2\n');
      const codes = diagnostics.map(brief);
      assert.ok(codes.some((c) => c.endsWith('yaml-syntax')), codes.join('\n'));
      assert.ok(codes.includes('3:0-3:1 yaml-duplicate-key'), codes.join('\n'));
    });

    it('reports duplicate keys on the second key', () => {
      const [d] = diagnose('kind: Service\nkind: Pod\n');
      assert.equal(brief(d), '1:0-1:4 yaml-duplicate-key');
      assert.match(d.message, /Duplicate key/);
    });

    it('refuses alias bombs instead of expanding them', () => {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 8; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
      const diagnostics = diagnose(lines.join('\n') + '\n');
      assert.ok(diagnostics.some((d) => d.code === 'yaml-alias-limit' || d.code === 'yaml-syntax'), diagnostics.map(brief).join('\n'));
    });
  });
});
