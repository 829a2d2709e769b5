/**
 * The derived risks as diagnostics (issue #65): each risk the rules find on the security model derived
 * from the system map, `threat-<id>` on the lines that cause it (a published port, an address, a
 * Terraform resource, a literal secret), with its STRIDE category, likelihood × impact and attack path,
 * unless the risk register treats or accepts it. Quiet unless asked (workspace.ts asksForThreats); the
 * analysis is the one kept per what it depends on (workspace.ts), each file's findings picked from it.
 * Quick fix: track the risk in the workspace's risk register, when it has one AMDEC file to take it.
 */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { isAmdecFile } from '../amdec/api';
import { t } from '../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import type { ThreatAnalysis, ThreatRisk } from './analysis';
import { INTERNET } from './securityModel';
import { raised } from './riskRegister';
import { addToRegister } from './registerEdit';
import { threatRules } from './rules';
import { asksForThreats, workspaceThreats, type ThreatsHost } from './workspace';

/** The rules' ids (importing them registers them). */
const codes: ReadonlySet<string> = new Set(Object.values(threatRules).map((r) => r.id));

/**
 * A low risk, and a container's store unencrypted at rest (its files cannot say it is: that is the
 * volume's, the storage class's), are information; the others keep their rule's severity.
 */
function informational(risk: ThreatRisk): boolean {
  return risk.severity === 'low' || (risk.rule === threatRules.unencryptedAsset.id && !(risk.elements.at(-1) ?? '').startsWith('terraform:'));
}

/** The name of a map node in the model (its asset's title). */
function namer(analysis: ThreatAnalysis): (node: string) => string {
  const assetOf = new Map<string, string>();
  for (const [asset, node] of analysis.model.nodeOf) if (!assetOf.has(node)) assetOf.set(node, asset);
  return (node) => (node === INTERNET ? 'Internet' : (analysis.model.threagile.assets.get(assetOf.get(node) ?? '')?.title ?? node));
}

/**
 * `missing-vault` says the system handles confidential data: raised only where the workspace's
 * classification says a store holds personal or payment data (a store with fideslang categories).
 */
function quiet(risk: ThreatRisk, analysis: ThreatAnalysis): boolean {
  return risk.rule === threatRules.missingVault.id && !analysis.model.stores.some((store) => store.categories.length > 0);
}

interface Placed {
  risk: ThreatRisk;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The raised risks by the file they sit in, made once per analysis. */
const byFile = new WeakMap<ThreatAnalysis, Map<string, Placed[]>>();

function placedRisks(analysis: ThreatAnalysis): Map<string, Placed[]> {
  const known = byFile.get(analysis);
  if (known) return known;
  const files = new Map<string, Placed[]>();
  const name = namer(analysis);
  for (const risk of analysis.risks) {
    if (!raised(risk.tracking) || !codes.has(risk.rule) || quiet(risk, analysis)) continue;
    const path = risk.elements.length > 1 ? ` ${t('Attack path: {0}.', risk.elements.map(name).join(' → '))}` : '';
    const tracked = risk.tracking ? ` ${t('Risk register: {0}, {1}.', risk.tracking.risk, risk.tracking.status)}` : '';
    const message = `${risk.title} — ${t('STRIDE {0}; likelihood {1} × impact {2}: {3}.', risk.stride, risk.likelihood, risk.impact, risk.severity)}${path}${tracked} ${t('Risk tracking key: {0}.', risk.syntheticId)}`;
    for (const source of risk.sources) {
      const list = files.get(source.uri);
      const placed = { risk, message, range: source.range };
      if (list) list.push(placed);
      else files.set(source.uri, [placed]);
    }
  }
  byFile.set(analysis, files);
  return files;
}

/** The AMDEC file a risk goes to: the one holding threats, else the only one (registerEdit.ts takes any shape of `risks:`). */
function registerFile(index: WorkspaceIndex): IndexedFile | undefined {
  const amdec = [...index.files()].filter((f) => f.isYaml && !f.skipped && isAmdecFile(f));
  const holding = amdec.filter((f) => f.text.includes('x-threat'));
  return holding.length === 1 ? holding[0] : holding.length === 0 && amdec.length === 1 ? amdec[0] : undefined;
}

function trackAction(diagnostic: Diagnostic, context: FeatureContext, host: ThreatsHost): CodeAction | undefined {
  const id = (diagnostic.data as { syntheticId?: unknown } | undefined)?.syntheticId;
  if (typeof id !== 'string') return undefined;
  const target = registerFile(context.index);
  if (!target || context.mayRewrite?.(target.uri) === false) return undefined;
  const analysis = workspaceThreats(context.index, host, context.roots);
  const risk = analysis.risks.find((r) => r.syntheticId === id && !r.tracking);
  if (!risk) return undefined;
  const name = namer(analysis);
  const edit = addToRegister(target.text, [{ syntheticId: risk.syntheticId, title: risk.title, stride: risk.stride, likelihood: risk.likelihood, impact: risk.impact, item: name(risk.elements.at(-1) ?? ''), path: risk.elements.map(name) }]);
  // A register it cannot edit (not valid YAML, `risks:` not a list): no quick fix; `archipel threats --amdec` says why.
  if ('refused' in edit) return undefined;
  // The edit as the one span that changed (the rest of the file untouched).
  const before = target.text;
  const after = edit.text;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const range = { start: target.lines.positionAt(start), end: target.lines.positionAt(before.length - tail) };
  const file = target.uri.slice(target.uri.lastIndexOf('/') + 1);
  return { title: t('Track this risk in the risk register ({0})', file), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [target.uri]: [{ range, newText: after.slice(start, after.length - tail) }] } } };
}

export function threatsFeature(host: ThreatsHost): Feature {
  return {
    id: 'threats',
    // A risk may sit on any file that deploys something: a Compose file, a manifest, a Terraform file, a workflow.
    takes: (file) => !file.skipped && (file.isYaml || /\.tf$/i.test(file.uri)),
    // Undefined when the contributors have what they read with: the file's checks then wait for nothing.
    prepare: (_file, context) => (asksForThreats(context.index) ? host.prepare?.(context.index) : undefined),
    findings(file, context) {
      if (!asksForThreats(context.index)) return [];
      const out: PlacedFinding[] = [];
      for (const { risk, message, range } of placedRisks(workspaceThreats(context.index, host, context.roots)).get(file.uri) ?? []) {
        const start = file.lines.offsetAt(range.start);
        const end = Math.max(start, file.lines.offsetAt(range.end));
        out.push({ offset: 0, finding: { start, end, code: risk.rule, message, ...(informational(risk) ? { severity: 'information' as const } : {}), data: { syntheticId: risk.syntheticId } } });
      }
      return out;
    },
    codeActions(_file, _range, diagnostics, context) {
      const actions: CodeAction[] = [];
      for (const diagnostic of diagnostics) {
        if (typeof diagnostic.code !== 'string' || !codes.has(diagnostic.code)) continue;
        const action = trackAction(diagnostic, context, host);
        if (action) actions.push(action);
      }
      return actions;
    },
  };
}
