// The System Map's drawing made by both sinks in the page: the DOM elements the panel shows and the
// markup `archipel diagram system --format svg` writes, from one arrangement of the embedded map
// (server/src/drawing/). The test compares the two as parsed XML; and it measures texts in the
// page's font (Liberation Sans, as the harness installs it; at 1,000 px, where hinting does not round
// each advance) against the bundled metrics.
import { arrange } from '../../../server/src/drawing/mapArrange';
import { drawMap, markupSink } from '../../../server/src/drawing/mapSvg';
import { nodeLines } from '../../../server/src/drawing/mapView';
import { textWidth } from '../../../server/src/drawing/textWidth';
import type { SystemMapResult } from '../../../server/src/protocol/system';
import { domSink } from '../../system/measure';

declare global {
  interface Window {
    __drawing: { dom: string; markup: string; measured: [string, number, number, number][] };
  }
}

const map = JSON.parse(document.getElementById('archipel-data')!.textContent ?? '{}') as SystemMapResult & { samples: string[] };
const arranged = arrange({ nodes: map.nodes.map((n) => ({ id: n.id, lines: nodeLines(n) })), edges: map.edges.map((e) => ({ from: e.from, to: e.to, label: e.label })) }, { width: 900, height: 600 }, textWidth);
const nodes = map.nodes.map((n) => ({ id: n.id, kind: n.kind, title: nodeLines(n).join(', ') }));
const state = { interactive: true, selectedEdge: 1, selectedNode: map.nodes[0].id };
const NS = 'http://www.w3.org/2000/svg';
const serializer = new XMLSerializer();
const dom = document.createElementNS(NS, 'g');
dom.append(...drawMap(domSink, arranged, nodes, map.edges, state));
const markup = new DOMParser().parseFromString(`<g xmlns="${NS}">${drawMap(markupSink, arranged, nodes, map.edges, state).map((e) => e.markup).join('')}</g>`, 'image/svg+xml').documentElement;
const context = document.createElement('canvas').getContext('2d')!;
const measured = map.samples.flatMap((text) =>
  [false, true].map((bold): [string, number, number, number] => {
    context.font = `${bold ? 'bold ' : ''}1000px 'Liberation Sans'`;
    return [text, bold ? 1 : 0, context.measureText(text).width, textWidth(text, { size: 1000, bold })];
  }),
);
window.__drawing = { dom: serializer.serializeToString(dom), markup: serializer.serializeToString(markup), measured };
