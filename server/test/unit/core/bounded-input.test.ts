import assert from 'node:assert/strict';
import { BANNER, BANNER_LINE, bannerFiles, hostileFiles } from '../../hostile';
import { commentsOnly } from '../../../src/yaml/commentsOnly';
import { brief, diagnose, diagnoseAsync, diagnoseWorkspace } from '../../helpers';
import { decodeText } from '../../../src/common/textDecoding';
import { MAX_YAML_DEPTH, yamlBeyondLimits } from '../../../src/yaml/limits';
import { markdownBeyondLimits } from '../../../src/markdown/limits';
import { fencedCodeSpans, indexBlock, indexEndMarker, indexStartMarker } from '../../../src/adr/indexTable';
import { expansionBeyondLimit } from '../../../src/yaml/expansion';

const hostile = (name: string): string => {
  const file = hostileFiles().find((f) => f.path.endsWith(name));
  if (!file || typeof file.content !== 'string') throw new Error(`no hostile text ${name}`);
  return file.content;
};

/**
 * Issue #22: inputs that froze the server or made its work superlinear now complete or are refused
 * with a message in Archipel's words. No timing here (speed goes in `npm run bench`): before the
 * fixes these tests did not finish (minutes per case), which mocha's timeout reports.
 */
describe('bounded input (issue #22)', function () {
  this.timeout(120_000);

  describe('YAML', () => {
    it('refuses a line of 1,345 unclosed braces with one yaml-limit finding, without parsing it', () => {
      const diagnostics = diagnose(hostile('braces.yaml'));
      assert.deepEqual(diagnostics.map(brief), [`0:${MAX_YAML_DEPTH - 1}-0:${MAX_YAML_DEPTH} yaml-limit`]);
      assert.match(diagnostics[0].message, /^YAML not read: it nests more than 200 levels deep/);
    });

    it('says 10,000-deep nesting in its own words, never "Maximum call stack size exceeded"', () => {
      for (const name of ['deep-closed.yaml', 'deep-block.yaml', 'brackets.yaml', 'mixed-flow.yaml']) {
        const diagnostics = diagnose(hostile(name));
        assert.deepEqual(diagnostics.map((d) => d.code), ['yaml-limit'], name);
        assert.doesNotMatch(diagnostics[0].message, /call stack/);
      }
    });

    it('reads nesting within the limit, and skips brackets in comments, quotes and block scalars', () => {
      const deep = (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`;
      assert.equal(yamlBeyondLimits(deep(MAX_YAML_DEPTH - 2)), undefined);
      assert.ok(yamlBeyondLimits(deep(MAX_YAML_DEPTH + 1)));
      const script = `run: |\n  ${'{'.repeat(500)}\n  if [[ x ]]; then\nname: "${'['.repeat(500)}"\nother: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\n`;
      assert.equal(yamlBeyondLimits(script), undefined);
      assert.deepEqual(diagnose(script).map((d) => d.code), []);
    });

    it('reports 40,000 duplicate keys, each on its key, in one walk', () => {
      const diagnostics = diagnose(hostile('duplicate-keys.yaml'));
      assert.equal(diagnostics.length, 39_999);
      assert.ok(diagnostics.every((d) => d.code === 'yaml-duplicate-key'));
      assert.equal(brief(diagnostics[0]), '1:0-1:3 yaml-duplicate-key');
      assert.equal(diagnostics[0].message, 'Duplicate key: "key" is already a key of this mapping; YAML parsers disagree on which value wins.');
    });

    it('finds duplicates in flow mappings and nested mappings; `1` and "1" are different keys', () => {
      assert.deepEqual(diagnose('a: {x: 1, x: 2}\nb:\n  c: 1\n  c: 2\nd: {1: a, "1": b}\n').map(brief), ['0:10-0:11 yaml-duplicate-key', '3:2-3:3 yaml-duplicate-key']);
    });

    it('reads 20,000 anchors and aliases, and refuses a billion laughs without expanding it', () => {
      assert.deepEqual(diagnose(hostile('anchors.yaml')).map((d) => d.code), []);
      const bomb = diagnose(hostile('alias-bomb.yaml'));
      assert.deepEqual(bomb.map((d) => d.code), ['yaml-alias-limit']);
      assert.match(bomb[0].message, /aliases expand this document to [\d,]+ values, more than ten times its 11 distinct values/);
      const shared = { x: 1 };
      assert.equal(expansionBeyondLimit({ a: shared, b: shared }), undefined);
    });

    it('shows the first 100 syntax errors of a document, then says how many more', () => {
      const text = Array.from({ length: 150 }, (_, i) => `k${i}: "unclosed\n`).join('').replace(/\n$/, '') + '\n';
      const many = Array.from({ length: 150 }, () => 'a: b: c\n').join('');
      for (const t of [text, many]) {
        const diagnostics = diagnose(t).filter((d) => d.code === 'yaml-syntax');
        assert.ok(diagnostics.length <= 101, `${diagnostics.length} syntax diagnostics`);
      }
      const last = diagnose(many).filter((d) => d.code === 'yaml-syntax').at(-1)!;
      assert.match(last.message, /^\d+ more YAML syntax errors in this document are not shown \(Archipel reports the first 100\)\.$/);
    });

    it('completes on long keys, long lines, big flow collections and many documents', () => {
      for (const name of ['long-key.yaml', 'long-flow-key.yaml', 'long-line.yaml', 'big-flow.yaml', 'flow-keys.yaml', 'many-documents.yaml']) {
        const diagnostics = diagnose(hostile(name));
        assert.ok(diagnostics.every((d) => d.code !== 'yaml-limit'), `${name}: ${diagnostics.slice(0, 3).map(brief).join(', ')}`);
      }
    });
  });

  describe('Markdown', () => {
    const adrFiles = (name: string) => ({ [`docs/adr/${name}`]: hostile(name) });

    for (const [name, reason] of [
      ['0001-deep-quotes.md', /line 10 nests lists and quotes more than 100 levels deep/],
      ['0002-deep-lists.md', /nests lists and quotes more than 100 levels deep/],
      ['0003-emphasis.md', /holds more than 1000 emphasis markers/],
      ['0005-links.md', /KB is over the 256 KB Archipel parses/],
    ] as const) {
      it(`refuses ${name} with one markdown-limit finding and no other`, () => {
        const diagnostics = diagnoseWorkspace(adrFiles(name), `docs/adr/${name}`);
        assert.deepEqual(diagnostics.map((d) => d.code), ['markdown-limit']);
        assert.match(diagnostics[0].message, reason);
      });
    }

    it('reads a 1,000-row table and snake_case words, which are not emphasis', () => {
      const diagnostics = diagnoseWorkspace(adrFiles('0004-table.md'), 'docs/adr/0004-table.md');
      assert.ok(diagnostics.every((d) => d.code !== 'markdown-limit'));
      assert.equal(markdownBeyondLimits(Array.from({ length: 3000 }, (_, i) => `snake_case_${i}`).join(' ')), undefined);
    });
  });

  describe('Mermaid', () => {
    it('does not parse a diagram over Mermaid\'s own 50,000-character limit, and says so', async () => {
      const diagnostics = await diagnoseAsync(hostile('huge.mmd'), 'file:///ws/docs/huge.mmd');
      assert.deepEqual(diagnostics.map(brief), ['0:0-0:1 mermaid-syntax']);
      assert.match(diagnostics[0].message, /^Mermaid: the diagram is [\d,]+ characters, over the 50,000 Mermaid draws/);
    });
  });

  describe('text decoding', () => {
    it('says where a file stops being UTF-8, once', () => {
      const decoded = decodeText(Buffer.concat([Buffer.from('a: 1\nb: caf'), Buffer.from([0xe9]), Buffer.from('\n'), Buffer.from([0xff])]));
      assert.equal(decoded.text, 'a: 1\nb: caf\ufffd\n\ufffd');
      assert.equal(decoded.problem?.offset, 11);
      assert.match(decoded.problem.message, /^The file is not valid UTF-8 \(first at line 2, column 7\)/);
    });

    it('decodes UTF-16 with a byte-order mark (both orders) and drops a UTF-8 one', () => {
      const text = 'kind: ConfigMap\nnäme: é\n';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const be = Buffer.from(text, 'utf16le').swap16();
      assert.deepEqual(decodeText(le), { text });
      assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text });
      assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), { text });
    });
  });

  describe('ADR index markers', () => {
    it('counts markers only outside fenced code: documentation of the markers keeps its example', () => {
      const example = `# Decisions\n\nWrite:\n\n\`\`\`markdown\n${indexStartMarker}\n(the table)\n${indexEndMarker}\n\`\`\`\n\n~~~\n${indexStartMarker}\n~~~\n`;
      assert.equal(indexBlock(example), undefined);
      const real = `${example}\n${indexStartMarker}\n| old |\n${indexEndMarker}\n`;
      const block = indexBlock(real)!;
      assert.equal(real.slice(block.start, block.end), '\n| old |\n');
      assert.deepEqual(fencedCodeSpans('````\n```\nstill code\n````\nout\n'), [{ start: 0, end: 25 }]);
    });
  });
});

describe('comment banners (issue #67: a line of N `#` took 2^N steps in a kind reader)', function () {
  this.timeout(120_000);

  it('commentsOnly reads blank lines, comments and markers line by line', () => {
    assert.equal(commentsOnly(''), true);
    assert.equal(commentsOnly('---\n# a\n  # b\n\n...\n'), true);
    assert.equal(commentsOnly('--- # the first document\n#' + '#'.repeat(100_000) + '\n'), true);
    assert.equal(commentsOnly(BANNER), false);
    assert.equal(commentsOnly(BANNER_LINE), false);
    assert.equal(commentsOnly('#'.repeat(100_000) + ' x\nkind: Pod'), false);
    assert.equal(commentsOnly('----\n'), false);
    assert.equal(commentsOnly('  ---\n'), false);
  });

  it('every YAML family takes and reads a banner file, and still checks what is under it', () => {
    const files = Object.fromEntries(bannerFiles().map((file) => [file.path, file.content as string]));
    for (const target of Object.keys(files)) {
      const codes = diagnoseWorkspace(files, target).map((d) => String(d.code));
      assert.ok(!codes.some((code) => code === 'internal-error' || code.endsWith('-limit')), `${target}: ${codes.join(', ')}`);
    }
    // Under the banner, a misspelt field is still found.
    const misspelt = diagnoseWorkspace({ 'manifest.yaml': BANNER.replace('containers:', 'containerz:') }, 'manifest.yaml');
    assert.ok(misspelt.some((d) => d.code === 'k8s-schema'), 'the Pod under the banner is checked');
  });
});
