import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, repositoryYamlFiles } from '../../helpers';
import { splitDocuments } from '../../../src/yaml/chunks';
import { mayHoldAlias, parseYamlFile, YamlChunk } from '../../../src/yaml/model';
import { deepestInTree, sourceTreeOfDoc, sourceTreeOfText, type SourceNode } from '../../../src/yaml/tree';

const root = repoRoot;

/** Text without trailing blanks and comments. */
function trimmed(text: string): string {
  let out = text;
  for (;;) {
    const next = out.trimEnd().replace(/(^|\s)#[^\n]*$/, '$1');
    if (next === out) return out;
    out = next;
  }
}

/**
 * A tree as comparable text. Ends are compared without trailing blanks and comments: the `yaml`
 * package ends a block scalar after its kept line break and a collection after a comment on its
 * last line; the js-yaml tree ends both at their last character of content.
 */
function shape(node: SourceNode | null, text: string): unknown {
  if (!node) return null;
  const end = trimmed(text.slice(node.start, node.end)).length + node.start;
  if (node.kind === 'map') return { map: [node.start, end], pairs: node.pairs?.map((p) => [p.key, shape(p.keyNode, text), shape(p.value, text)]) };
  if (node.kind === 'seq') return { seq: [node.start, end], items: node.items?.map((i) => shape(i, text)) };
  // An empty value followed by a comment on its line (`key:  # note`): the `yaml` package places it
  // where the comment starts, the js-yaml tree right after the colon; both are zero-width on that line.
  if (node.start === node.end) {
    let at = node.start;
    while (text[at] === ' ' || text[at] === '\t') at++;
    return [at, at];
  }
  return [node.start, end];
}

function compare(text: string, where: string): 'same' | 'fallback' {
  const fast = sourceTreeOfText(text);
  if (fast === undefined) return 'fallback';
  const doc = parseYamlFile(text).chunks[0].chunk.doc;
  assert.ok(doc, where);
  assert.deepEqual(shape(fast, text), shape(sourceTreeOfDoc(doc), text), where);
  return 'same';
}

describe('YAML source trees (positions for findings)', function () {
  // Parses every YAML file of the repository twice: seconds on a busy machine.
  this.timeout(120_000);

  it('js-yaml events give the same spans as the yaml AST on every YAML file of the repository', () => {
    const files = repositoryYamlFiles();
    const counts = { same: 0, fallback: 0 };
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const chunk of splitDocuments(text)) {
        const parsed = parseYamlFile(chunk.text).chunks[0]?.chunk;
        // An empty file (actionlint's empty.yaml) has no document to compare.
        if (!parsed || !parsed.wellFormed || !parsed.doc || mayHoldAlias(chunk.text)) continue;
        counts[compare(chunk.text, `${path.relative(root, file)} @${chunk.offset}`)]++;
      }
    }
    assert.ok(files.length > 50, `${files.length} files`);
    assert.ok(counts.same >= 100, JSON.stringify(counts));
    // Fallbacks are allowed (explicit keys, merge keys…) but must stay rare.
    assert.ok(counts.fallback < counts.same / 20, JSON.stringify(counts));
  });

  it('spans exclude anchors, tags and comments, and empty values sit after their colon', () => {
    const text = 'a:\nb: &x "q" # note\nc: !!str 12\nd:\n  # lead\n  - 1\n  - [2, 3]\ne: |\n  block\n\nf: {g: h}\n';
    assert.equal(compare(text, 'mixed'), 'same');
    const tree = sourceTreeOfText(text)!;
    const at = (p: (string | number)[]) => {
      const { node } = deepestInTree(tree, p);
      return node && text.slice(node.start, node.end);
    };
    assert.equal(at(['a']), '');
    assert.equal(deepestInTree(tree, ['a']).node?.start, 2);
    assert.equal(at(['b']), '"q"');
    assert.equal(at(['c']), '12');
    assert.equal(at(['d', 1]), '[2, 3]');
    assert.equal(at(['d', 1, 1]), '3');
    assert.equal(at(['e']), '|\n  block');
    assert.equal(at(['f', 'g']), 'h');
    assert.equal(text.slice(deepestInTree(tree, ['f', 'g']).key!.start, deepestInTree(tree, ['f', 'g']).key!.end), 'g');
  });

  it('falls back (undefined) where events do not map onto the value, and on errors', () => {
    assert.equal(sourceTreeOfText('? [a, b]\n: 1\n'), undefined);
    assert.equal(sourceTreeOfText('base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n'), undefined);
    assert.equal(sourceTreeOfText('a: [1, 2\n'), undefined);
    assert.equal(sourceTreeOfText('items:\n  -\n  - 2\n'), undefined);
    for (const empty of ['', '# only a comment\n', '---\n']) {
      const tree = sourceTreeOfText(empty);
      assert.ok(tree === null || (tree !== undefined && tree.kind === 'scalar' && tree.start === tree.end), JSON.stringify(tree));
    }
  });

  it('a chunk uses the js-yaml tree when it can and the AST otherwise, with the same answer', () => {
    const text = 'kind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
    const chunk = parseYamlFile(text).chunks[0].chunk;
    const { node } = deepestInTree(chunk.tree, ['spec', 'containers', 0, 'image']);
    assert.equal(node && text.slice(node.start, node.end), 'nginx:1.27');
    assert.equal(node?.ast, undefined, 'built from js-yaml events, not from the AST');
    const lazy = parseYamlFile(text, undefined, false).chunks[0].chunk;
    assert.equal((lazy.value as { kind: string }).kind, 'Pod');
    const later = deepestInTree(lazy.tree, ['spec', 'containers', 0, 'image']).node;
    assert.deepEqual([later?.start, later?.end, later?.ast], [node?.start, node?.end, undefined], 'a context file reads its spans on first use, from js-yaml too');
    const seeded = YamlChunk.withValue(text, lazy.value);
    assert.equal(deepestInTree(seeded.tree, ['spec', 'containers', 0, 'image']).node?.ast, undefined, 'a value read by another thread: spans from js-yaml too');
    const cron = 'kind: CronJob\nspec:\n  schedule: 42 */6 * * *\n';
    assert.equal(mayHoldAlias(cron), false, 'a plain * is not an alias');
    assert.equal(deepestInTree(parseYamlFile(cron).chunks[0].chunk.tree, ['spec', 'schedule']).node?.ast, undefined);
    const aliased = 'x: &a 1\ny: *a\n';
    assert.equal(mayHoldAlias(aliased), true);
    const viaAst = parseYamlFile(aliased).chunks[0].chunk.tree;
    assert.ok(deepestInTree(viaAst, ['y']).node?.ast, 'aliases take the AST path');
  });
});
