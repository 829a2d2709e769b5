import type { Diagnostic } from 'vscode-languageserver-types';
import { modelProblems } from '../common/problems';
import type { AmdecModelData, AmdecScoreData } from '../protocol/amdec';
import type { WorkspaceIndex, IndexedFile } from '../workspace/index';
import { categoryOf } from './categories';
import { amdecModel, band, isOverdue, needsTreatment, scoreOf, type AmdecModel, type Ratings } from './model';
import { linkedRaci } from './raciLink';

function scoreData(model: AmdecModel, ratings: Ratings | undefined): AmdecScoreData | undefined {
  const score = scoreOf(model, ratings);
  if (!score) return undefined;
  return {
    severity: score.s,
    occurrence: score.o,
    detection: score.d,
    product: score.product,
    ap: score.ap,
    band: band(model, score),
    needsTreatment: needsTreatment(model, score),
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The risk dashboard's data for a file: plain data with ranges, or null when it is not an AMDEC/FMEA file. */
export function amdecModelData(file: IndexedFile, index: WorkspaceIndex, today: string, diagnostics: readonly Diagnostic[] = []): AmdecModelData | null {
  const model = amdecModel(file);
  if (!model) return null;
  const range = (span: { start: number; end: number }) => file.lines.range(span.start, span.end);
  const link = linkedRaci(model, index);
  const roleNames = new Map(link?.raci?.roles.map((r) => [r.id, r.name]) ?? []);
  return {
    uri: file.uri,
    kind: model.kind,
    title: model.title,
    method: model.method,
    scales: { severity: model.scales.severity, occurrence: model.scales.occurrence, detection: model.scales.detection },
    threshold: model.threshold?.value,
    raci: link?.uri,
    today,
    risks: model.risks.map((risk) => {
      const category = text(risk.category?.value);
      return {
        id: risk.id,
        category,
        categoryKey: category ? categoryOf(category) : undefined,
        item: risk.item,
        failureMode: risk.failureMode,
        effect: risk.effect,
        cause: risk.cause,
        justification: risk.justification,
        score: scoreData(model, risk),
        revised: scoreData(model, risk.revised),
        range: range(risk.idSpan ?? risk.span),
        rowRange: range(risk.span),
        actions: risk.actions.map((action) => {
          const owner = text(action.owner?.value);
          const due = text(action.due?.value);
          const status = text(action.status?.value);
          return {
            id: action.id,
            action: action.action,
            owner,
            ownerName: owner ? roleNames.get(owner) : undefined,
            due,
            status,
            overdue: isOverdue(action, today),
            range: range(action.idSpan ?? action.span),
          };
        }),
      };
    }),
    problems: modelProblems(diagnostics),
  };
}
