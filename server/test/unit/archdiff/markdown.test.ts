// `archipel diff --format markdown` (issue #80): a pull-request comment, parsed by markdown-it (GitHub's
// Markdown, tables on): its structure, its escaping of workspace strings and its size bound.
import assert from 'node:assert/strict';
import { compareMaps, type MapJson, type MapNode } from '../../../src/archdiff/compare';
import { diffMarkdown, MARKDOWN_MAX_CHARS, mermaidText } from '../../../src/archdiff/markdown';
import { markdownText } from '../../../src/common/escape';
import { md, tablesOf } from './markdownIt';

const sides = { base: { ref: 'main', commit: 'a'.repeat(40) }, head: { ref: 'working tree', commit: null } };
const node = (id: string, kind: string, name: string, line = 1): MapNode => ({ id, kind, name, sources: [{ file: 'compose.yaml', line }] });

describe('archdiff: --format markdown', () => {
  const base: MapJson = {
    nodes: [node('compose:.:web', 'service', 'web'), node('compose:.:db', 'datastore', 'db'), node('compose:.:old', 'service', 'old'), node('person:users', 'person', 'Users')],
    edges: [{ from: 'compose:.:old', to: 'compose:.:db', kind: 'calls', label: 'Postgres :5432', sources: [{ file: 'compose.yaml', line: 9 }] }],
  };
  const head: MapJson = {
    nodes: [node('compose:.:web', 'service', 'web'), node('compose:.:db', 'cache', 'db'), node('compose:.:worker', 'service', 'worker', 12), node('person:users', 'person', 'Users')],
    edges: [
      { from: 'compose:.:worker', to: 'compose:.:db', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 14 }] },
      { from: 'person:users', to: 'compose:.:db', kind: 'calls', label: ':6379', sources: [{ file: 'compose.yaml', line: 17 }] },
    ],
  };

  it('a summary line, the Mermaid diagram with added/removed/changed styles, and the three tables', () => {
    const text = diffMarkdown(compareMaps(base, head, sides));
    const tokens = md.parse(text, {});
    assert.deepEqual(
      tokens.filter((t) => t.type === 'heading_open').map((t) => t.tag),
      ['h3', 'h4', 'h4', 'h4'],
    );
    const inline = tokens.filter((t) => t.type === 'inline').map((t) => t.content);
    assert.equal(inline[0], 'Architecture change: main (aaaaaaaaaaaa) → working tree');
    assert.equal(inline[1], '**3 components (1 added, 1 removed, 1 changed) · 3 connections (2 added, 1 removed) · 1 entry point (1 opened, 0 closed)**');
    const fences = tokens.filter((t) => t.type === 'fence');
    assert.equal(fences.length, 1);
    assert.equal(fences[0].info, 'mermaid');
    assert.equal(
      fences[0].content,
      [
        'flowchart LR',
        '  classDef added fill:#dafbe1,stroke:#2da44e,color:#000',
        '  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3,color:#000',
        '  classDef changed fill:#fff8c5,stroke:#bf8700,color:#000',
        '  n0["worker<br/><small>service</small>"]:::added',
        '  n1["old<br/><small>service</small>"]:::removed',
        '  n2["db<br/><small>cache</small>"]:::changed',
        '  n3["Users"]',
        '  n0 -->|"calls Redis #58;6379"| n2',
        '  n3 -->|"calls #58;6379"| n2',
        '  n1 -.->|"calls Postgres #58;5432"| n2',
        '  linkStyle 0 stroke:#2da44e',
        '  linkStyle 1 stroke:#2da44e',
        '  linkStyle 2 stroke:#cf222e',
        '',
      ].join('\n'),
    );
    assert.deepEqual(tablesOf(tokens), [
      [
        ['', 'Kind', 'Name', 'Id', 'Changes', 'Where'],
        ['added', 'service', 'worker', 'compose:.:worker', '', 'compose.yaml:12'],
        ['removed', 'service', 'old', 'compose:.:old', '', 'compose.yaml:1'],
        ['changed', 'cache', 'db', 'compose:.:db', 'kind: datastore → cache; exposure: internal → exposed', 'compose.yaml:1'],
      ],
      [
        ['', 'From', 'Kind', 'To', 'Label', 'Where'],
        ['added', 'worker', 'calls', 'db', 'Redis :6379', 'compose.yaml:14'],
        ['added', 'Users', 'calls', 'db', ':6379', 'compose.yaml:17'],
        ['removed', 'old', 'calls', 'db', 'Postgres :5432', 'compose.yaml:9'],
      ],
      [
        ['', 'From', 'Kind', 'To', 'Label', 'Where'],
        ['opened', 'Users', 'calls', 'db', ':6379', 'compose.yaml:17'],
      ],
    ]);
    assert.ok(!text.includes('Cut to fit'));
  });

  it('no architectural change: the heading and one line', () => {
    assert.equal(diffMarkdown(compareMaps(base, base, sides)), '### Architecture change: main (aaaaaaaaaaaa) → working tree\n\n**No architectural change.**');
  });

  it('workspace strings escaped: no cell split, no HTML, no mark-up in Markdown; no quote, bracket, arrow or fence end in Mermaid', () => {
    const hostile = 'a|b <script>alert(1)</script> *x* [l](http://e) `c` ```\n"]:::x --> y';
    const text = diffMarkdown(compareMaps({ nodes: [], edges: [] }, { nodes: [node('compose:.:h', 'service', hostile)], edges: [] }, sides));
    const html = md.render(text);
    assert.ok(!html.includes('<script'));
    assert.ok(!html.includes('<a '));
    assert.ok(!html.includes('<em>'));
    assert.ok(!html.includes('<code>'));
    const tokens = md.parse(text, {});
    // The name's cell rendered back is the name (its line break a space): one cell, six in the row.
    const rows = tablesOf(tokens)[0];
    assert.equal(rows[1].length, 6);
    assert.equal(md.renderInline(rows[1][2]), 'a|b &lt;script&gt;alert(1)&lt;/script&gt; *x* [l](http://e) `c` ``` &quot;]:::x --&gt; y');
    const fence = tokens.filter((t) => t.type === 'fence');
    assert.equal(fence.length, 1);
    assert.equal(fence[0].content.split('\n')[4], `  n0["${mermaidText(hostile)}<br/><small>service</small>"]:::added`);
    assert.doesNotMatch(mermaidText(hostile), /["`[\]<>|-]/);
    assert.equal(markdownText('a|b\r\nc'), 'a\\|b c');
  });

  it('under GitHub\'s 65,536-character limit, with a note when cut: the tables well formed up to the cut', () => {
    const many: MapNode[] = Array.from({ length: 3000 }, (_, i) => node(`compose:.:service-${String(i).padStart(4, '0')}`, 'service', `service-${i}`, i + 1));
    const text = diffMarkdown(compareMaps({ nodes: [], edges: [] }, { nodes: many, edges: [] }, sides));
    assert.ok(text.length <= MARKDOWN_MAX_CHARS, `${text.length} characters`);
    const tokens = md.parse(text, {});
    // The diagram of 3,000 components is past its own bound: left out, said in the note.
    assert.equal(tokens.filter((t) => t.type === 'fence').length, 0);
    const rows = tablesOf(tokens)[0];
    const shown = rows.length - 1;
    assert.ok(shown > 100 && shown < 3000, `${shown} rows`);
    assert.deepEqual(rows[shown], ['added', 'service', `service-${shown - 1}`, `compose:.:service-${String(shown - 1).padStart(4, '0')}`, '', `compose.yaml:${shown}`]);
    assert.ok(text.endsWith(`\n\n> **Cut to fit a comment's size limit:** the diagram is left out (too large for a comment); ${3000 - shown} rows not shown. \`archipel diff --format json\` lists every change.`));
  });
  it('cut to the limit, the summary, the entry points and the risks come first and the long tail of rows is cut (issue #95)', () => {
    const many: MapNode[] = Array.from({ length: 3000 }, (_, i) => node(`compose:.:service-${String(i).padStart(4, '0')}`, 'service', `service-${i}`, i + 1));
    const head: MapJson = {
      nodes: [...many, node('person:users', 'person', 'Users')],
      edges: [{ from: 'person:users', to: 'compose:.:service-2999', kind: 'calls', label: ':8080', sources: [{ file: 'compose.yaml', line: 4000 }] }],
    };
    const diff = compareMaps({ nodes: [], edges: [] }, head, sides);
    diff.threats.raised.push({ id: 'unencrypted-communication@compose:.:service-2999', rule: 'unencrypted-communication', title: 'Unencrypted communication from Users to service-2999', severity: 'elevated', stride: 'information-disclosure', likelihood: 'likely', impact: 'medium', path: ['internet', 'compose:.:service-2999'], pathNames: ['Internet', 'service-2999'], sources: [{ file: 'compose.yaml', line: 4000 }] });
    const text = diffMarkdown(diff);
    assert.ok(text.length <= MARKDOWN_MAX_CHARS, `${text.length} characters`);
    const tokens = md.parse(text, {});
    const headings = tokens.filter((t, i) => t.type === 'inline' && tokens[i - 1]?.tag === 'h4').map((t) => t.content);
    assert.deepEqual(headings.slice(0, 3), ['Entry points', 'Risks', 'Components']);
    const tables = tablesOf(tokens);
    assert.deepEqual(tables[0][1].slice(0, 4), ['opened', 'Users', 'calls', 'service-2999']);
    assert.deepEqual(tables[1][1].slice(0, 3), ['raised', 'elevated', 'unencrypted-communication']);
    // The components' long tail is what is cut, said in the note.
    assert.ok(tables[2].length - 1 < 3000);
    assert.match(text, /\n\n> \*\*Cut to fit a comment's size limit:\*\* the diagram is left out \(too large for a comment\); [\d,]+ rows not shown \(the entry points and risks first\)\. `archipel diff --format json` lists every change\.$/);
  });
});
