import assert from 'node:assert/strict';
import { syntaxError, preprocessedLines } from '../../../src/mermaid/errors';
import { mermaidFeature } from '../../../src/mermaid/feature';
import { mermaidSources } from '../../../src/mermaid/sources';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { brief, diagnoseAsync, mermaidParser } from '../../helpers';

const mmd = 'file:///ws/docs/architecture.mmd';
const adr = 'file:///ws/docs/adr/0007-use-a-queue.md';

const adrText = (block: string) => `# 7. Use a queue

Date: 2025-03-01

## Status

Accepted

## Context

The flow today:

${block}

## Decision

We will use a queue.

## Consequences

Less coupling.
`;

/** The Mermaid diagnostics of a text, as `line:col-line:col code` and messages. */
async function mermaidProblems(text: string, uri: string): Promise<{ at: string[]; messages: string[] }> {
  const diagnostics = (await diagnoseAsync(text, uri)).filter((d) => d.code === 'mermaid-syntax');
  return { at: diagnostics.map(brief), messages: diagnostics.map((d) => d.message) };
}

describe('Mermaid syntax errors (the real parser, in its worker thread)', function () {
  // The first parse starts the worker (jsdom + Mermaid): seconds on a loaded machine.
  this.timeout(120_000);

  it('accepts valid diagrams of several types: no diagnostic', async () => {
    for (const text of [
      'flowchart LR\n  A[Start] --> B{Ok?}\n  B -->|yes| C\n',
      'sequenceDiagram\n  Alice->>Bob: Hello\n  Bob-->>Alice: Hi\n',
      'pie title Pets\n  "Dogs" : 386\n  "Cats" : 85\n',
      '---\ntitle: With front matter\n---\nflowchart TB\n  a --> b\n',
      'gitGraph\n  commit\n  branch feature\n  commit\n',
    ]) {
      assert.deepEqual(await mermaidProblems(text, mmd), { at: [], messages: [] }, text);
    }
  });

  it('puts an early end of text on the last line that has text, not one line too far', async () => {
    // Mermaid says "line 5" (past the end); the problem is the unclosed shape on line 3.
    const { at, messages } = await mermaidProblems('flowchart LR\n  A --> B\n  B --> C((\n', mmd);
    assert.deepEqual(at, ['2:10-2:11 mermaid-syntax']);
    assert.match(messages[0], /^Mermaid syntax error on line 3: expected .*; found the end of the diagram\.$/);
  });

  it('places a Jison error on the token it stopped at', async () => {
    const { at, messages } = await mermaidProblems('sequenceDiagram\n  Alice->>Bob: hi\n  Bob-->>: x\n', mmd);
    assert.deepEqual(at, ['2:9-2:12 mermaid-syntax']);
    assert.equal(messages[0], "Mermaid syntax error on line 3: expected '+', '-', '()', a participant; found a message text.");
  });

  it('places a Langium error (line and column, both 1-based) on the token found', async () => {
    const { at, messages } = await mermaidProblems('pie\n  "a" : 1\n  "b" 2\n', mmd);
    assert.deepEqual(at, ['2:6-2:7 mermaid-syntax']);
    assert.equal(messages[0], "Mermaid syntax error on line 3: expected ':', found `2`.");
    const git = await mermaidProblems('gitGraph\n  commit\n  brnch x\n', mmd);
    assert.deepEqual(git.at, ['2:2-2:7 mermaid-syntax']);
  });

  it('counts lines as the file has them: front matter, directives and comments before the diagram', async () => {
    const front = await mermaidProblems('---\ntitle: Hello\n---\nflowchart LR\n  A --> B\n  B --> C((\n', mmd);
    assert.deepEqual(front.at, ['5:10-5:11 mermaid-syntax']);
    const directive = await mermaidProblems('%%{init: {"theme": "dark"}}%%\n%% a comment\nflowchart LR\n  A --> B\n  B --> C((\n', mmd);
    assert.deepEqual(directive.at, ['4:10-4:11 mermaid-syntax']);
    const langium = await mermaidProblems('---\ntitle: x\n---\npie\n  "a": 1\n  "b" 2\n', mmd);
    assert.deepEqual(langium.at, ['5:6-5:7 mermaid-syntax']);
  });

  it('names an unknown diagram type on its first word', async () => {
    const { at, messages } = await mermaidProblems('\nflowchat LR\n  A --> B\n', mmd);
    assert.deepEqual(at, ['1:0-1:8 mermaid-syntax']);
    assert.match(messages[0], /^Unknown Mermaid diagram type "flowchat"/);
  });

  it('reports a broken ```mermaid block of an ADR on the file line, and only that block', async () => {
    const block = '```mermaid\nflowchart LR\n  api --> queue\n  queue --> worker((\n```\n\nAnd after it:\n\n```mermaid\nsequenceDiagram\n  api->>queue: publish\n```';
    const diagnostics = (await diagnoseAsync(adrText(block), adr)).filter((d) => d.code === 'mermaid-syntax');
    assert.deepEqual(diagnostics.map(brief), ['15:19-15:20 mermaid-syntax']);
    assert.equal(diagnostics[0].severity, 1);
    assert.equal(diagnostics[0].source, 'archipel');
  });

  it('maps lines of indented and quoted blocks, and ~~~ fences', async () => {
    const listed = '- The flow:\n\n  ```mermaid\n  flowchart LR\n    a --> b((\n  ```\n';
    assert.deepEqual((await mermaidProblems(listed, 'file:///ws/notes.md')).at, ['4:12-4:13 mermaid-syntax']);
    const quoted = '> ~~~mermaid\n> sequenceDiagram\n>   a->>: x\n> ~~~\n';
    // `>   a->>: x`: the ": x" Mermaid stopped at, after the quote marker.
    assert.deepEqual((await mermaidProblems(quoted, 'file:///ws/notes.md')).at, ['2:8-2:11 mermaid-syntax']);
  });

  it('is silenced by archipel-ignore in the file’s comment syntax', async () => {
    assert.deepEqual((await mermaidProblems('flowchart LR\n  %% archipel-ignore mermaid-syntax\n  B --> C((\n', mmd)).at, []);
    const block = '<!-- archipel-ignore mermaid-syntax -->\n```mermaid\nflowchart LR\n  b --> c((\n```';
    assert.deepEqual((await mermaidProblems(adrText(block), adr)).at.filter((a) => a.startsWith('16:')), []);
  });

  it('parses each diagram text once (an unchanged block is not parsed again)', async () => {
    let calls = 0;
    const counting = { parse: (text: string) => (calls++, mermaidParser.parse(text)) };
    const feature = mermaidFeature(counting);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const text = '```mermaid\nflowchart LR\n  a --> b((\n```\n\n```mermaid\nflowchart LR\n  c --> d\n```\n';
    await feature.prepare!(index.update('file:///ws/a.md', text), context);
    assert.equal(calls, 2);
    const edited = index.update('file:///ws/a.md', text.replace('c --> d', 'c --> e'));
    await feature.prepare!(edited, context);
    assert.equal(calls, 3);
    assert.equal(feature.findings!(edited, context).length, 1);
  });
});

describe('Mermaid sources and error shapes', () => {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));

  it('finds ```mermaid and ~~~mermaid blocks of Markdown with their file positions, not other code', () => {
    const text = '# T\r\n\r\n```mermaid\r\nflowchart LR\r\n  a --> b\r\n```\r\n\r\n```js\r\nmermaid()\r\n```\r\n\r\n~~~ Mermaid\r\npie\r\n~~~\r\n';
    const sources = mermaidSources(index.update('file:///ws/x.md', text));
    assert.deepEqual(sources.map((s) => [s.index, s.text, s.line, s.range.start, s.range.end]), [
      [0, 'flowchart LR\n  a --> b', 3, { line: 3, character: 0 }, { line: 4, character: 9 }],
      [1, 'pie', 12, { line: 12, character: 0 }, { line: 12, character: 3 }],
    ]);
    assert.deepEqual(sources[0].block, { start: { line: 2, character: 0 }, end: { line: 5, character: 3 } });
    assert.deepEqual(mermaidSources(index.update('file:///ws/y.md', '# Nothing here\n')), []);
    assert.equal(mermaidSources(index.update('file:///ws/z.mermaid', 'flowchart LR\n')).length, 1);
  });

  it('knows which lines survive Mermaid’s preprocessing', () => {
    assert.deepEqual(preprocessedLines('---\ntitle: t\n---\n\n%%{init: {}}%%\n%% note\n  flowchart LR\n  a --> b\n'), { lines: [6, 7, 8], firstTrim: 2 });
    assert.deepEqual(preprocessedLines('flowchart LR\n%%\na'), { lines: [0, 1, 2], firstTrim: 0 });
  });

  it('clamps positions past the end, and leaves programming errors alone', () => {
    const text = 'flowchart LR\n  A --> B\n\n';
    const past = syntaxError({ name: 'Error', message: 'Parse error on line 6:', hash: { token: 'EOF', loc: { first_line: 6, last_line: 7, first_column: 0, last_column: 0 }, expected: ["'NODE_STRING'"] } }, text);
    assert.deepEqual(past && [past.start, past.end], [{ line: 1, character: 8 }, { line: 1, character: 9 }]);
    assert.equal(syntaxError({ name: 'TypeError', message: 'x is not a function' }, text), undefined);
    const semantic = syntaxError({ name: 'Error', message: 'The right-hand id [x] does not yet exist.' }, 'architecture-beta\n  a:L -- R:x\n');
    assert.deepEqual(semantic && [semantic.start, semantic.end, semantic.message], [{ line: 0, character: 0 }, { line: 0, character: 17 }, 'Mermaid: The right-hand id [x] does not yet exist.']);
  });
});
