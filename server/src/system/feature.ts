/**
 * The system map's feature: the model's checks on the lines that make each element (checks.ts), and the
 * drift of hand-drawn diagrams — Mermaid flowcharts and C4 diagrams in `.mmd` files and Markdown,
 * Structurizr DSL files — against the model (drift.ts), with their quick fixes and the regeneration of
 * a drawing in place. Every rule asks the model of the workspace index; nothing reads the disk.
 */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver-types';
import { replacementFixes } from '../common/fixes';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { t } from '../l10n/t';
import type { ComposeFace } from '../compose/api';
import type { MermaidFace, MermaidSource } from '../mermaid/api';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { holdsSummaries } from '../workspace/summaries';
import { mayHoldKey } from '../yaml/scalars';
import { systemFindingsIn } from './checks';
import { mermaidElements, structurizrElements, type Drawing } from './drawings';
import { driftOf, regenerated, type DriftFinding } from './drift';
import { systemModel, type SystemModel } from './model';
import { systemRules } from './rules';
import { projectFolder } from '../features/system/source';
import { systemName, systemView } from './views';

/** The code action kind of the regeneration (a rewrite): the command Regenerate Drawing asks for it by this kind. */
export const REGENERATE_KIND = `${CodeActionKind.RefactorRewrite}.archipel.regenerateDrawing`;

export function isStructurizrFile(uri: string): boolean {
  return /\.dsl$/i.test(uri);
}

/** A drawing of a file: its text, where that text's offsets are in the file, and its elements. */
interface PlacedDrawing {
  text: string;
  drawing: Drawing;
  toFile: (offset: number) => number;
  /** The drawing's text in the file. */
  start: number;
  end: number;
}

/** Offsets of a Mermaid block's text → the file's (a Markdown block's lines keep their own prefix). */
function blockMapper(file: IndexedFile, source: MermaidSource): (offset: number) => number {
  const starts = [0];
  for (let i = source.text.indexOf('\n'); i >= 0; i = source.text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    // The last line starting at or before the offset, by halves (a walk from the first line, for each finding, was quadratic).
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    const line = low;
    return file.lines.offsetAt({ line: source.line + line, character: (source.prefix[line] ?? 0) + offset - starts[line] });
  };
}

/**
 * What the system map's feature reads of the run's other families (their faces, Family.faces, given by its descriptor
 * from the run's families): Compose's test of its files, the Mermaid sources of a Mermaid or Markdown file. Absent when
 * the run has no such family, which is when it has no such file (`archipel check Dockerfile` alone, issue #68).
 */
export interface SystemFaces {
  readonly compose?: ComposeFace;
  readonly mermaid?: MermaidFace;
}

const drawingsKey = Symbol('system-drawings');

/** The hand-drawn diagrams of a file (read once per file version); Mermaid's and Markdown's by the Mermaid family's face. */
function drawingsOf(file: IndexedFile, mermaid: MermaidFace | undefined): PlacedDrawing[] {
  return file.model(drawingsKey, () => {
    if (file.skipped) return [];
    if (isStructurizrFile(file.uri)) return [{ text: file.text, drawing: structurizrElements(file.text), toFile: (o: number) => o, start: 0, end: file.text.length }];
    if (!mermaid || (!mermaid.isMermaidFile(file.uri) && !mermaid.isMarkdownFile(file.uri))) return [];
    return mermaid.sources(file).flatMap((source) => {
      const drawing = mermaidElements(source.text);
      if (!drawing) return [];
      const toFile = blockMapper(file, source);
      return [{ text: source.text, drawing, toFile, start: file.lines.offsetAt(source.range.start), end: file.lines.offsetAt(source.range.end) }];
    });
  });
}

function placed(finding: DriftFinding, drawing: PlacedDrawing): PlacedFinding {
  const data = finding.data && 'insert' in finding.data ? { ...finding.data, at: drawing.toFile(finding.data.at) } : finding.data;
  return { offset: 0, finding: { start: drawing.toFile(finding.start), end: drawing.toFile(finding.end), code: finding.code, message: finding.message, ...(data ? { data } : {}) } };
}

function isInsertion(data: unknown): data is { insert: string; at: number; title: string } {
  return typeof data === 'object' && data !== null && typeof (data as { insert?: unknown }).insert === 'string' && typeof (data as { at?: unknown }).at === 'number';
}


/**
 * Whether a file may receive a finding of the model's checks (checks.ts) or of the drift: a necessary condition,
 * decided without the model. A finding lands on a drawing (a Structurizr, Mermaid or Markdown file) or on a source of
 * a component, of a `runs` edge, of an address the system reports or of an entry point. Of the contributors, only
 * Compose (its compose files, by name or content), Kubernetes (objects: an `apiVersion`; a kustomization; Skaffold), Helm (the
 * files of a chart, which it places rendered objects in) and Terraform (not YAML) put such sources in a file;
 * Prometheus, Grafana, workflows, pipelines, ADRs, RACI and AMDEC put other ones (monitors, unreported addresses,
 * stages, mentions). So a YAML file that is none of those (a rule file, a dashboard's provisioning, a workflow)
 * gets no system finding, and a check of such files alone builds no model. Any other file may. `compose`: the Compose
 * family's face (absent from a run without it, which has no Compose file).
 */
export function mayHoldSystemFindings(file: IndexedFile, index: WorkspaceIndex, compose: ComposeFace | undefined): boolean {
  if (file.skipped || !file.isYaml) return true;
  if (compose?.isComposeFile(file) || /(^|\/)kustomization\.ya?ml$/i.test(file.uri)) return true;
  // As the Kubernetes model decides whether a file can hold an object (kubernetes/model/objects.ts readObjects).
  if (mayHoldKey(file.text, 'apiVersion')) return true;
  for (let folder = file.uri.slice(0, file.uri.lastIndexOf('/')); folder.includes('/'); folder = folder.slice(0, folder.lastIndexOf('/'))) {
    if (index.get(`${folder}/Chart.yaml`) || index.get(`${folder}/Chart.yml`)) return true;
  }
  return false;
}

const fixable = new Set([systemRules.imageUnbuilt.id, systemRules.addressUnknown.id, systemRules.addressPort.id, systemRules.drawingUnknown.id]);

/** `faces`: the run's families' (SystemFaces: what the checks and the drift read of Compose's and Mermaid's files). */
export function systemFeature(contributions: readonly SystemContribution[], faces: SystemFaces): Feature {
  const modelOf = (context: FeatureContext): SystemModel => systemModel(context.index, contributions);
  return {
    id: 'system',
    // Any file may hold an element (a service, a workload, an address) or a drawing.
    takes: () => true,
    // What a contributor reads with (Terraform's parser) is loaded before a file's checks build the model, which is kept for the index's generation.
    // A file no finding can land on waits for nothing and asks no model (a check of rule files builds none).
    prepare: (file, context) => (mayHoldSystemFindings(file, context.index, faces.compose) ? prepareContributors(contributions, context.index) : undefined),
    findings(file, context) {
      // A summarised workspace (past 5,000 files) keeps no image, env or annotation of its objects:
      // the checks and the drift would judge what they cannot see.
      if (holdsSummaries(context.index) || !mayHoldSystemFindings(file, context.index, faces.compose)) return [];
      const model = modelOf(context);
      const out: PlacedFinding[] = [];
      for (const finding of systemFindingsIn(model, context.index, file.uri)) {
        out.push({ offset: 0, finding: { start: file.lines.offsetAt(finding.range.start), end: file.lines.offsetAt(finding.range.end), code: finding.code, message: finding.message, ...(finding.data ? { data: finding.data } : {}) } });
      }
      for (const drawing of drawingsOf(file, faces.mermaid)) for (const finding of driftOf(drawing.drawing, model, projectFolder(file.uri))?.findings ?? []) out.push(placed(finding, drawing));
      return out;
    },
    codeActions(file, range, diagnostics, context) {
      const actions: CodeAction[] = replacementFixes(file.uri, diagnostics, fixable);
      for (const diagnostic of diagnostics) {
        if (diagnostic.code !== systemRules.drawingMissing.id || !isInsertion(diagnostic.data)) continue;
        const at = file.lines.positionAt(diagnostic.data.at);
        actions.push({ title: diagnostic.data.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [file.uri]: [{ range: { start: at, end: at }, newText: diagnostic.data.insert }] } } });
      }
      const offset = file.lines.offsetAt(range.start);
      const drawing = drawingsOf(file, faces.mermaid).find((d) => offset >= d.start && offset <= d.end);
      // Not in an untrusted workspace, nor through a link leading outside it (issue #67).
      if (drawing && context.mayRewrite?.(file.uri) !== false) {
        const model = modelOf(context);
        const view = systemView(model, 'containers', systemName(model));
        const folder = projectFolder(file.uri);
        // A drawing past its bounds was not read whole: it is not regenerated.
        const text = !drawing.drawing.limit && driftOf(drawing.drawing, model, folder) ? regenerated(drawing.text, drawing.drawing, view, model, folder) : undefined;
        if (text !== undefined && text !== drawing.text) {
          // Each line keeps the prefix of the block's first line (a Markdown block's indentation).
          const prefix = file.text.slice(file.lines.offsetAt({ line: file.lines.positionAt(drawing.start).line, character: 0 }), drawing.start);
          const newText = text.replace(/\n$/, '').split('\n').join(`\n${prefix}`) + (drawing.text.endsWith('\n') ? '\n' : '');
          actions.push({ title: t('Regenerate the drawing from the system map'), kind: REGENERATE_KIND, edit: { changes: { [file.uri]: [{ range: file.lines.range(drawing.start, drawing.end), newText }] } } });
        }
      }
      return actions;
    },
  };
}
