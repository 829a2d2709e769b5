/**
 * The SLO view of the System Map (issue #82): the map's components, each with the objectives the Sloth specs of the
 * workspace give the service of its name, those with none, and the SLOs whose service names no component. Pure:
 * the map's nodes and the specs' texts in, the view out (register.ts answers `archipel/sloView` with it).
 */
import { componentKinds } from '../features/system/contributor';
import type { SloViewComponent, SloViewError, SloViewObjective, SloViewResult } from '../protocol/slo';
import { readSloDocuments } from './render';

/** What the view reads of a map node (features/system's SystemNode has this shape). */
interface MapNode {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly sources: readonly { uri: string; range: SloViewObjective['range'] }[];
}

/** The objectives of one spec file, each at its item's line (a spec with errors gives those it reads whole), and its errors. */
function objectivesOf(uri: string, text: string, errors: SloViewError[]): SloViewObjective[] {
  const read = readSloDocuments(text);
  for (const error of read.errors) {
    const where = error.path.length > 0 ? `${error.path.join('.')}: ` : '';
    errors.push({ uri, range: { start: { line: error.line, character: 0 }, end: { line: error.line, character: 0 } }, message: `${where}${error.message}` });
  }
  return read.documents.flatMap((document) =>
    document.group.slos.map((slo, i) => {
      const line = document.sloLines[i];
      return { service: slo.service, slo: slo.name, objective: slo.objective, description: slo.description, uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
    }),
  );
}

export function sloView(nodes: readonly MapNode[], specs: readonly { uri: string; text: string }[]): Omit<SloViewResult, 'ms'> {
  const errors: SloViewError[] = [];
  const objectives = specs.flatMap((spec) => objectivesOf(spec.uri, spec.text, errors));
  const components: SloViewComponent[] = nodes
    .filter((node) => componentKinds.has(node.kind))
    .map((node) => ({ id: node.id, name: node.name, kind: node.kind, sources: node.sources.map((s) => ({ uri: s.uri, range: s.range })), objectives: objectives.filter((o) => o.service === node.name) }));
  components.sort((a, b) => Number(b.objectives.length > 0) - Number(a.objectives.length > 0) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const named = new Set(components.map((c) => c.name));
  return { components, unmatched: objectives.filter((o) => !named.has(o.service)), errors };
}
