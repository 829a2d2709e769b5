import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, repositoryYamlFiles } from '../../helpers';
import { damaged, random as seeded } from '../../random';
import * as jsYaml from 'js-yaml';
import { readBlockYaml } from '../../../src/yaml/blockReader';
import { resolvePlain } from '../../../src/yaml/scalars';
import { splitDocuments } from '../../../src/yaml/chunks';
import { loadWithJsYamlEvents } from '../../../src/yaml/tree';

const root = repoRoot;

function repositoryChunks(): { text: string; where: string }[] {
  return repositoryYamlFiles().flatMap((file) => splitDocuments(readFileSync(file, 'utf8')).map((c) => ({ text: c.text, where: `${path.relative(root, file)} @${c.offset}` })));
}

/**
 * The block reader's contract: for any text it accepts, the same value as js-yaml's core schema
 * and the same source tree as js-yaml's parse events. Returns whether it accepted.
 */
function agrees(text: string, where: string): boolean {
  const fast = readBlockYaml(text);
  if (!fast) return false;
  let reference: ReturnType<typeof loadWithJsYamlEvents>;
  try {
    reference = loadWithJsYamlEvents(text);
  } catch (error) {
    assert.fail(`${where}: accepted a text js-yaml rejects (${String(error).split('\n')[0]}): ${JSON.stringify(text)}`);
  }
  assert.deepStrictEqual(fast.value, jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }), `${where}: value of ${JSON.stringify(text)}`);
  if (reference.tree !== undefined) assert.deepStrictEqual(fast.tree, reference.tree, `${where}: tree of ${JSON.stringify(text)}`);
  return true;
}

describe('block YAML reader (the fast path for manifests)', function () {
  // Thousands of parses on both sides: about a second alone, more on a busy machine.
  this.timeout(120_000);

  it('reads every YAML document of the repository as js-yaml does, and almost all of them', () => {
    const chunks = repositoryChunks();
    let accepted = 0;
    // Every document must read alike; the share it reads is measured on manifests and the project's own
    // files, not on the corpora of real workflows, Compose files and monitoring files (flow mappings,
    // anchors, merge keys: left to js-yaml by design).
    const corpora = ['workflows', 'actionlint', 'compose', 'prometheus', 'grafana', 'mlflow', 'helm'];
    const inCorpus = (where: string) => corpora.some((corpus) => where.split(path.sep).join('/').includes(`fixtures/oss/${corpus}/`));
    let measured = 0;
    for (const { text, where } of chunks) {
      const read = agrees(text, where);
      // Helm charts' templates are Go templates, not YAML (the Helm family reads them).
      if (inCorpus(where) || text.includes('{{') || where.includes(`fixtures${path.sep}helm-lint${path.sep}`)) continue;
      measured++;
      if (read) accepted++;
    }
    assert.ok(measured > 100, `${measured} documents`);
    assert.ok(accepted > measured * 0.9, `${accepted} of ${measured} read by the block reader`);
  });

  it('never disagrees with js-yaml on thousands of damaged documents (seeded mutations)', () => {
    const chunks = repositoryChunks()
      .map((c) => c.text)
      .filter((t) => t.length < 3000);
    const snippets = [' ', '  ', ':', ': ', '#', ' #', '-', '- ', '"', "'", '\n', '\n  ', '|', '|-', '|+', '>', '[', ']', '{}', '[]', ',', 'true', '0x1F',
      '1e3', '.5', '~', 'null', '\\', '?', '&a', '*a', '!t', '---\n', '...\n', '%', '\n\n', '  \n', '<<', 'key: v', '\n- ', '0o17', '+1', '-.inf', '1_000', "''",
      '""', 'a: b: c', '\t', '\r\n', '__proto__: 1\n', '\\"', '\\n', '\\x41', '\\u00e9', '\\U0001F600', ': # c\n',
      // One-line flow collections, whole and in pieces.
      '{a: 1}', '{ cpu: 50m, memory: 64Mi }', '[a, "b", \'c\']', '[{}]', '{a: []}', '{a: [1, {b: c}]}', '[[a], [b]]', 'k: {x: y}\n', '- {a: 1, b: "2"}\n',
      '{', '}', '[', ']', ', ', ': {', '{"a": 1}', "{'a': b}", '{a:1}', '{a: }', '{a, b}', '[a: 1]', '{a: 1,}', '{? a: 1}', '[-]', '{a: -}', '{a: b: c}', '[a #b]'];
    const random = seeded(20261121);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    let accepted = 0;
    const runs = 6000;
    for (let run = 0; run < runs; run++) {
      let text = pick(chunks);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) text = damaged(text, random, snippets);
      if (agrees(text, `mutation ${run}`)) accepted++;
    }
    // Both sides must be exercised: texts it reads and texts it leaves to js-yaml.
    assert.ok(accepted > runs / 5 && accepted < runs, `${accepted} of ${runs} mutations read by the block reader`);
  });

  it('resolves every plain scalar as js-yaml\'s core types do, asking them only when it may be a number (seeded texts)', () => {
    // js-yaml's own resolution: its null, bool, int and float types in its order, or a string.
    const { types } = jsYaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', jsYaml.Type> };
    const core = [types.null, types.bool, types.int, types.float];
    const expected = (text: string): unknown => {
      for (const type of core) if (type.resolve(text)) return type.construct(text);
      return text;
    };
    const check = (text: string): void => {
      const got = resolvePlain(text);
      const want = expected(text);
      assert.ok(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), `${JSON.stringify(text)}: ${String(got)} where js-yaml gives ${String(want)}`);
    };
    // The words (every case js-yaml's types know, and near misses), and what a manifest holds.
    for (const word of ['null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'falsE', 'yes', 'on', 'No', 'nullx']) check(word);
    for (const text of ['~', '~~', '512Mi', '25%', '100m', '1.19.9', '1.5', '1.', '.5', '-.5', '+.inf', '-.Inf', '.NaN', '.nan', '.NAN', '-.nan', '0x1F', '0x1f_', '0o17', '0o19', '0b101', '0b2', '1_000', '_1', '1__', '1e3', '1E+3', '1.5e-3', '1e', 'e1', '0.0.0.0', '+1', '-0', '012', '08', '0x', '-0x1A', '1-2', '2.5.1', '3.14', '123456789012345678', '1:30', 'x1']) check(text);
    // Seeded texts over the characters numbers are written with, and a few others.
    const alphabet = ['0', '1', '7', '9', '.', '.', '+', '-', '_', '~', 'x', 'o', 'b', 'e', 'E', 'a', 'f', 'F', 'i', 'n', 'I', 'N', 'A', 'inf', 'nan', 'NaN', 'M', 'm', '%', ':', 'g', 'z'];
    const random = seeded(20261126);
    for (let run = 0; run < 20000; run++) {
      const first = ['0', '1', '9', '.', '+', '-', '~'][Math.floor(random() * 7)];
      let text = first;
      for (let length = Math.floor(random() * 6); length > 0; length--) text += alphabet[Math.floor(random() * alphabet.length)];
      check(text);
    }
  });

  it('resolves plain scalars and keys with the core schema, and reads quoted, flow and literal forms', () => {
    const text = [
      'true: yes',
      '0x10: hex key',
      'null: ~',
      'n: [1, -2.5, .inf, 0o17, "q", \'it\'\'s\', TRUE, null, 1_000]',
      'empty: []',
      'nothing: {}',
      'novalue:',
      '"quoted key": \'single\'',
      'url: http://host:80/path#frag # a comment',
      'keep: |+',
      '  a',
      '',
      'strip: |-',
      '',
      '  b',
      '    indented',
      'clip: |',
      '  c',
      'list:',
      '- name: x',
      '  args:',
      '    - --flag',
      '    - "two words"',
      '- 3',
      'numbers:',
      '  - 0',
      '  - -0',
      '  - 012',
      '  - +1',
      '  - 123456789012345678',
      '  - -7',
      'words: [True, tRue, nullx, NULL, FALSE, ~]',
      '',
    ].join('\n');
    assert.ok(agrees(text, 'mixed'), 'read by the block reader');
    const value = readBlockYaml(text)!.value as Record<string, unknown>;
    assert.equal(value['true'], 'yes');
    assert.equal(value['16'], 'hex key');
    assert.equal(value['null'], null);
    // js-yaml's core schema reads underscores in numbers (YAML 1.1 style).
    assert.deepEqual(value.n, [1, -2.5, Infinity, 15, 'q', "it's", true, null, 1000]);
    assert.equal(value.keep, 'a\n\n');
    assert.equal(value.strip, '\nb\n  indented');
    assert.equal(value.clip, 'c\n');
    assert.equal(value.url, 'http://host:80/path#frag');
    assert.deepEqual(value.list, [{ name: 'x', args: ['--flag', 'two words'] }, 3]);
    // js-yaml reads -0 as 0 and 012 as 12; the fast integer path must too.
    assert.ok(Object.is((value.numbers as number[])[1], 0));
    assert.deepEqual(value.numbers, [0, 0, 12, 1, 123456789012345680, -7]);
    assert.deepEqual(value.words, [true, 'tRue', 'nullx', null, false, null]);
  });

  it('reads one-line flow mappings and nested flow collections of scalars as js-yaml does', () => {
    // Helm charts' resources and Compose files write small mappings and lists on one line.
    const text = [
      'resources:',
      '  requests: { cpu: 50m, memory: 64Mi }',
      '  limits: {cpu: "1", \'memory\': 128Mi}  # a comment',
      'args: [a, "b", \'c\']',
      'none: {}',
      'nested: {ports: [80, 443], env: {A: "1", B: [x, {y: z}]}, empty: [], also: {}}',
      'items:',
      '  - {name: web, port: 8080}',
      '  - [1, [2, [3]]]',
      '  - {}',
      'keys: {1: one, null: nothing, true: yes, "quoted key": ~, multi word: v}',
      '',
    ].join('\n');
    assert.ok(agrees(text, 'flow mappings'), 'read by the block reader');
    const value = readBlockYaml(text)!.value as Record<string, unknown>;
    assert.deepEqual(value.resources, { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } });
    assert.deepEqual(value.nested, { ports: [80, 443], env: { A: '1', B: ['x', { y: 'z' }] }, empty: [], also: {} });
    assert.deepEqual(value.items, [{ name: 'web', port: 8080 }, [1, [2, [3]]], {}]);
    assert.deepEqual(value.keys, { '1': 'one', null: 'nothing', true: 'yes', 'quoted key': null, 'multi word': 'v' });
  });

  it('reads escapes in double-quoted scalars and comments after a key\'s colon, as js-yaml does', () => {
    // An alert's description with printf's quotes, a Compose section with its comment: both common.
    const text = [
      'groups: # the alerts',
      '  - name: api',
      '    rules:',
      '      - alert: HighErrorRate',
      '        annotations:',
      '          description: "{{ $labels.job }} has {{ printf \\"%.2f\\" $value }} errors\\n"',
      '          path: "C:\\\\temp\\/x \\x41\\u00e9\\t\\0"',
      '        labels:   # routed by severity',
      '',
      '          # a comment line',
      '          severity: page',
      '        empty: # nothing below',
      'services:',
      '  - # an entry with a comment',
      '    name: web',
      '',
    ].join('\n');
    assert.ok(agrees(text, 'escapes and comments'), 'read by the block reader');
    const rule = (readBlockYaml(text)!.value as { groups: { rules: Record<string, Record<string, unknown>>[] }[] }).groups[0].rules[0];
    assert.equal(rule.annotations.description, '{{ $labels.job }} has {{ printf "%.2f" $value }} errors\n');
    assert.equal(rule.annotations.path, 'C:\\temp/x A\u00e9\t\0');
    assert.deepEqual(rule.labels, { severity: 'page' });
    assert.equal(rule.empty, null);
  });

  it('leaves what is outside its subset to js-yaml', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: [*x]\n',
      '*x : 1\n',
      '- &x\n  b: 1\n',
      'a: !!str 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '? complex\n: key\n',
      'a: "astral \\U0001F600"\n',
      'a: "bad \\q escape"\n',
      'a: "cut \\x4"\n',
      'a: "multi\n  line"\n',
      'a: plain\n  continued\n',
      'a: >\n  folded\n',
      'a: {b: 1, b: 2}\n',
      'a: {b: 1,\n  c: 2}\n',
      'a: [1,\n  2]\n',
      'a: {b: &x 1}\n',
      'a: {b: !!str 1}\n',
      'a: {b: http://x}\n',
      'a: {b:1}\n',
      'a: {"b":1}\n',
      'a: {b: 1,}\n',
      'a: {b}\n',
      'a: [b: 1]\n',
      'a: [[[[[[[[[[1]]]]]]]]]]\n',
      'a: {b: 1} x\n',
      'a: {b: 1}: x\n',
      'a: 1\na: 2\n',
      'a:\tb\n',
      'a: 1\r\nb: 2\r\n',
      '<<: {a: 1}\n',
      'just a scalar\n',
      '- - nested\n',
      'a: b: c\n',
      'a: 1\n...\n',
      'items:\n  -\n  - 2\n',
      // A trailing line of spaces beyond a literal block's indentation is content to js-yaml ("x\n    \n").
      'a: |\n  x\n      \nb: 1\n',
    ]) {
      assert.equal(readBlockYaml(text), undefined, JSON.stringify(text));
    }
  });
});
