/**
 * The system map's drawer as its family declares it (families/system.ts): what `archipel diagram` lists of it (its
 * kind, views and formats) without its renderers. `prepare`, which `archipel diagram` and the diagram request await
 * before drawing, loads diagram.ts (the map's views as the panel's graph and Mermaid C4, Structurizr DSL, C4-PlantUML,
 * the JSON contract, SVG), so a check — which builds the system map's family with every file — never evaluates them
 * (issue #68: a separate chunk of the CLI's bundle).
 */
import type { DiagramDrawer, DrawInput } from '../features/diagram/drawer';
import { systemDrawerFacts } from './views';

type Drawing = typeof import('./diagram.js');

let drawing: Drawing | undefined;

function drawer(): DiagramDrawer {
  if (drawing === undefined) throw new Error("the system map's drawer draws once prepared (await its prepare())");
  return drawing.systemDrawer;
}

/** A format of the drawer with its renderers (diagram.ts's systemDrawer has the same, in this order). */
const format =
  (name: string) =>
  (input: DrawInput): string =>
    drawer().formats![name](input);

export const systemMapDrawer: DiagramDrawer = {
  ...systemDrawerFacts,
  prepare: async () => {
    drawing ??= await import('./diagram.js');
  },
  draw: (...args) => drawer().draw(...args),
  formats: { mermaid: format('mermaid'), structurizr: format('structurizr'), plantuml: format('plantuml'), svg: format('svg'), json: format('json') },
};
