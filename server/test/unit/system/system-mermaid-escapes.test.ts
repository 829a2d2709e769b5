// The system map's Mermaid export (issue #49) read back by the mermaid library itself: names,
// technologies, descriptions and titles holding `"`, `<`, `>`, `&`, `#`, `;`, backticks, brackets,
// pipes, backslashes and line breaks parse in every view (C4Context, C4Container, C4Deployment, the
// delivery flowchart), and each string Mermaid holds decodes to the original text (a line break
// read as a space: labels are one line).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SystemMapView as SystemView } from '../../../src/protocol/system';
import { systemMermaid } from '../../../src/system/mermaid';
import type { SystemViewGraph } from '../../../src/system/views';
import { repoRoot } from '../../helpers';

const NASTY = 'say "hi" <b>bold</b> & co # 1; two\nlines `code` | [x] {y} \\z';
/** What a reader sees of NASTY: the same, its line break a space. */
const SHOWN = NASTY.replace('\n', ' ');

/**
 * Mermaid parses the text in a thread of its own (its parser needs a DOM: a jsdom window set on the
 * thread's globals, as server/src/engines/mermaid/worker.ts does, so that no other test sees one), and
 * answers every string the diagram's database holds: C4 shapes, relations, boundaries and title, or
 * a flowchart's vertices and edges.
 */
function parsed(text: string): Promise<{ type: string; strings: string[] }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { JSDOM } = require(workerData.jsdom);
    const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
    globalThis.window = dom.window;
    globalThis.document = dom.window.document;
    import(workerData.mermaid).then(async ({ default: mermaid }) => {
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      try {
        const diagram = await mermaid.mermaidAPI.getDiagramFromText(workerData.text);
        const db = diagram.db;
        const texts = (list) => list.flatMap((item) => [item.label, item.techn, item.descr, item.type].filter(Boolean).map((t) => t.text ?? t));
        const boundaries = [];
        if (diagram.type === 'c4') for (const parents = [''], seen = new Set(parents); parents.length > 0; ) {
          for (const boundary of db.getBoundaries(parents.pop())) if (!seen.has(boundary.alias)) (seen.add(boundary.alias), boundaries.push(boundary), parents.push(boundary.alias));
        }
        const strings = diagram.type === 'c4'
          ? [db.getTitle(), ...texts(db.getC4ShapeArray()), ...texts(db.getRels()), ...texts(boundaries)]
          : [...db.getVertices().values()].map((v) => v.text).concat(db.getEdges().map((e) => e.text));
        parentPort.postMessage({ type: diagram.type, strings: strings.filter((s) => typeof s === 'string') });
      } catch (error) {
        parentPort.postMessage({ error: String(error && error.message || error) });
      }
    });`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { text, jsdom: require.resolve('jsdom'), mermaid: path.join(repoRoot, 'node_modules', 'mermaid', 'dist', 'mermaid.core.mjs') },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: { type: string; strings: string[] } | { error: string }) => {
      void worker.terminate();
      if ('error' in answer) reject(new Error(`${answer.error}\n${text}`));
      else resolve(answer);
    });
    worker.once('error', reject);
  });
}

/**
 * A string as Mermaid shows it: Mermaid reads `#name;` and `#35;` before parsing as placeholders and
 * writes them back into the SVG as `&name;` and `&#35;` after drawing (its decodeEntities); the
 * browser then reads those as HTML character references.
 */
function shown(text: string): string {
  const html = text.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&' };
  return html.replace(/&#(\d+);|&(\w+);/g, (entity, code: string | undefined, name: string | undefined) => (code ? String.fromCodePoint(Number(code)) : (named[name!] ?? entity)));
}

const source = [{ uri: 'file:///ws/compose.yaml', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } } }];

function graph(view: SystemView): SystemViewGraph {
  return {
    view,
    system: `shop ${NASTY}`,
    nodes: [
      { id: 'a', kind: 'person', name: `user ${NASTY}`, family: 'compose', members: ['a'], sources: source },
      { id: 'b', kind: view === 'delivery' ? 'image' : 'service', name: `api ${NASTY}`, technology: `tech ${NASTY}`, family: 'compose', members: ['b'], sources: source, ...(view === 'deployment' ? { group: 'g' } : {}) },
      { id: 'c', kind: 'datastore', name: `db;${NASTY}`, technology: 'PostgreSQL', family: 'compose', members: ['c'], sources: source, ...(view === 'deployment' ? { group: 'g' } : {}) },
    ],
    edges: [
      { from: 'a', to: 'b', kind: 'calls', label: `calls ${NASTY}`, protocol: `HTTP;"${NASTY}"`, sources: source },
      { from: 'b', to: 'c', kind: 'calls', label: `reads ${NASTY}`, sources: source },
    ],
    groups: view === 'deployment' ? [{ id: 'g', name: `cluster ${NASTY}`, kind: 'cluster', technology: `Kubernetes ${NASTY}`, sources: source }] : [],
  };
}

describe('System map: the Mermaid export read back by Mermaid', function () {
  // Loading Mermaid and jsdom in a fresh thread: a few seconds, more on a loaded machine.
  this.timeout(120_000);

  for (const view of ['context', 'containers', 'deployment', 'delivery'] as SystemView[]) {
    it(`${view}: every name, technology, label and title parses and shows its original text`, async () => {
      const text = systemMermaid(graph(view));
      // The escapes themselves: nothing of the workspace string is left raw to end a string or a title.
      for (const raw of ['"hi"', '<b>', '`code`', '& co', '# 1', '[x]', '{y}', '\\z', 'two\nlines']) assert.ok(!text.includes(raw), `${raw} left as it is in:\n${text}`);
      const { type, strings } = await parsed(text);
      assert.equal(type, view === 'delivery' ? 'flowchart-v2' : 'c4');
      // A flowchart's box says its name and technology on two lines (`<br>`, Mermaid's own line break).
      const seen = strings.flatMap((s) => s.split('<br>')).map(shown);
      const expected = [`user ${SHOWN}`, `api ${SHOWN}`, `db;${SHOWN}`, `reads ${SHOWN}`, ...(view === 'delivery' ? [] : [`calls ${SHOWN}`])];
      if (view !== 'context' && view !== 'delivery') expected.push(`tech ${SHOWN}`, `HTTP;"${SHOWN}"`);
      if (view === 'delivery') expected.push(`tech ${SHOWN}`, `calls ${SHOWN}`);
      if (view === 'containers') expected.push(`shop ${SHOWN}`);
      if (view === 'deployment') expected.push(`cluster ${SHOWN}`, `Kubernetes ${SHOWN}`);
      if (view !== 'delivery') expected.push(`shop ${SHOWN}: ${view}`);
      for (const want of expected) assert.ok(seen.includes(want), `${JSON.stringify(want)} not among ${JSON.stringify(seen, null, 1)}`);
    });
  }
});
