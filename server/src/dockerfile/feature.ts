import path from 'node:path';
import { jsYaml } from '../yaml/jsYaml';
import { CodeActionKind, CompletionItemKind, DiagnosticSeverity, MarkupKind, SymbolKind, type CodeAction, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Location } from 'vscode-languageserver-types';
import { textOf } from '../common/sideFile';
import { fsPathOf } from '../common/containment';
import type { Finding } from '../common/findings';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import type { KnownPin } from '../features/system/images';
import { t } from '../l10n/t';
import type { IndexedFile } from '../workspace/index';
import { buildkitFindings } from './buildkit';
import { contextFindings, type ContextReader } from './context';
import { sideFileProbe } from './sideProbes';
import { workflowBuilds } from './workflows';
import { hadolintFindings } from './hadolint';
import { kubernetesFindings } from './kubernetes';
import { knownPinWith } from './pins';
import type { DockerfileFaces } from './faces';
import { dockerfileModel, isDockerfile, MAX_DOCKERFILE_BYTES, stageNamed, type DockerfileModel } from './model';
import { dockerfileLibraries } from './patches';
import { buildkitStyleFindings } from './buildkitStyle';
import { buildkitNames, dockerfileRules, hadolint } from './rules';


/**
 * The most instructions handed to dockerfile-utils' checks: they resolve each variable by walking the
 * instructions before it (10,000 chained ARG defaults: 6 s of CPU, 20,000: minutes); a real
 * Dockerfile has a few dozen.
 */
export const MAX_VALIDATED_INSTRUCTIONS = 1000;

/** dockerfile-utils' syntax checks, without those Archipel reports under hadolint's or BuildKit's names. */
function syntaxFindings(model: DockerfileModel): Finding[] {
  const count = model.parsed.getInstructions().length;
  if (count > MAX_VALIDATED_INSTRUCTIONS) return [{ start: 0, end: 0, code: dockerfileRules.limit.id, message: t('This Dockerfile has {0} instructions, more than the {1} dockerfile-utils\' syntax checks are run on (a limit of Archipel, docs/limits.md): the other checks ran.', count, MAX_VALIDATED_INSTRUCTIONS) }];
  const { validate, ValidationCode, ValidationSeverity } = dockerfileLibraries();
  const diagnostics = validate(model.text, {
    deprecatedMaintainer: ValidationSeverity.IGNORE,
    instructionWorkdirRelative: ValidationSeverity.IGNORE,
    instructionCmdMultiple: ValidationSeverity.IGNORE,
    instructionEntrypointMultiple: ValidationSeverity.IGNORE,
    instructionHealthcheckMultiple: ValidationSeverity.WARNING,
    instructionCasing: ValidationSeverity.IGNORE,
    directiveCasing: ValidationSeverity.IGNORE,
    emptyContinuationLine: ValidationSeverity.IGNORE,
    instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  });
  return diagnostics
    .filter((d) => d.code !== ValidationCode.DUPLICATE_BUILD_STAGE_NAME)
    .map((d) => ({
      start: model.lines.offsetAt(d.range.start),
      end: model.lines.offsetAt(d.range.end),
      code: dockerfileRules.syntax.id,
      message: typeof d.message === 'string' ? d.message : d.message.value,
      severity: d.severity === DiagnosticSeverity.Warning ? 'warning' : 'error',
    }));
}

/** `.hadolint.yaml`'s `ignored` list, from the Dockerfile's folder or the nearest folder above it (within the workspace). */
function hadolintConfigIgnored(file: string, reader: ContextReader | undefined, exists: (file: string) => boolean, roots: readonly string[] | undefined): Set<string> {
  if (!reader) return new Set();
  let folder = path.dirname(file);
  for (let depth = 0; depth < 12; depth++) {
    for (const name of ['.hadolint.yaml', '.hadolint.yml']) {
      // Asked on every check of the file, in each folder up to the root: a miss is answered by exists (kept per side-file generation), without a failed read.
      const file = path.join(folder, name);
      const text = exists(file) ? textOf(reader.read(file)) : undefined;
      if (text === undefined) continue;
      try {
        const config = jsYaml().load(text, { schema: jsYaml().CORE_SCHEMA }) as { ignored?: unknown } | null;
        return new Set(Array.isArray(config?.ignored) ? config.ignored.map((id) => String(id).toUpperCase()) : []);
      } catch {
        return new Set();
      }
    }
    const parent = path.dirname(folder);
    if (parent === folder || (roots && roots.length > 0 && !roots.some((root) => parent.startsWith(root)))) break;
    folder = parent;
  }
  return new Set();
}

/** The last file's path (a function of its URI; an edit checks the same file again): node's fileURLToPath was 2 % of a warm edit (#68). */
let lastUri: string | undefined, lastPath = '';
function pathOfUri(uri: string): string {
  if (uri !== lastUri) {
    lastPath = fsPathOf(uri) ?? uri;
    lastUri = uri;
  }
  return lastPath;
}

/**
 * Every finding of a Dockerfile, with `# hadolint ignore=`, `.hadolint.yaml` and `# check=skip=` applied; `faces`: the
 * run's Compose and Kubernetes families' (the builds naming it, the workloads running its image, the pins of its images).
 */
export function dockerfileFindings(file: IndexedFile, context: FeatureContext, reader: ContextReader | undefined, faces: DockerfileFaces, withKnownPin: KnownPin): Finding[] {
  const model = dockerfileModel(file);
  if (!model) return [{ start: 0, end: 0, code: dockerfileRules.tooLarge.id, message: t('This Dockerfile is larger than {0} MB: Archipel does not check it.', MAX_DOCKERFILE_BYTES / 1_000_000) }];
  const filePath = pathOfUri(file.uri);
  const builds = (faces.compose?.builds(context.index, reader) ?? []).filter((b) => b.dockerfile === filePath);
  const workflows = workflowBuilds(context.index).filter((b) => b.dockerfile === filePath);
  // The images this Dockerfile is built as: a Compose service's `image`, a workflow step's tags.
  const images = [...new Set([...builds.map((b) => b.image).filter((i): i is string => i !== undefined), ...workflows.flatMap((b) => b.images)])];
  const sideFileExists = reader ? sideFileProbe(reader, context.index) : undefined;
  const all = [...syntaxFindings(model), ...hadolintFindings(model), ...buildkitFindings(model), ...buildkitStyleFindings(model), ...contextFindings(model, { file: filePath, builds, workflows: builds.length === 0 ? workflows : [], sideFileExists }, reader), ...kubernetesFindings(model, images, context.index, faces.kubernetes)];
  const configIgnored = sideFileExists ? hadolintConfigIgnored(filePath, reader, sideFileExists, context.roots) : new Set<string>();
  const skipAll = model.checkSkip.has('all');
  const pinned = all.map((finding) => (finding.code === hadolint.DL3006.id || finding.code === hadolint.DL3007.id ? withKnownPin(finding, file.text.slice(finding.start, finding.end), context.index) : finding));
  return pinned.filter((finding) => {
    // hadolint's ids are upper-case in its pragmas and configuration.
    const hadolintId = finding.code.toUpperCase();
    if (model.globalIgnore.has(hadolintId) || configIgnored.has(hadolintId)) return false;
    const line = model.lines.positionAt(finding.start).line;
    if (model.lineIgnore.get(line)?.has(hadolintId)) return false;
    const buildkitName = buildkitNames[finding.code];
    const lineSkip = model.lineSkip.get(line);
    if (buildkitName && (skipAll || model.checkSkip.has(buildkitName.toLowerCase()) || lineSkip?.has('all') || lineSkip?.has(buildkitName.toLowerCase()))) return false;
    return true;
  });
}

function instructionAt(model: DockerfileModel, line: number) {
  return model.parsed.getInstructions().find((i) => i.getRange().start.line <= line && i.getRange().end.line >= line);
}

/** Quick fixes: --no-install-recommends / -y, apt lists cleanup, JSON form, a non-root USER. */
export function dockerfileQuickFixes(file: IndexedFile, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const model = dockerfileModel(file);
  if (!model) return [];
  const actions: CodeAction[] = [];
  const edit = (title: string, diagnostic: Diagnostic, range: Diagnostic['range'], newText: string) =>
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [file.uri]: [{ range, newText }] } } });
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as { insertAfterInstall?: string; appendCleanup?: boolean; replacementArgs?: string; addUser?: boolean } | undefined;
    const instruction = instructionAt(model, diagnostic.range.start.line);
    if (!data || !instruction) continue;
    if (data.insertAfterInstall) {
      const start = model.lines.offsetAt(instruction.getRange().start);
      const end = model.lines.offsetAt(instruction.getRange().end);
      const match = /apt-get((?:\s+-[^\s]+)*)\s+install\b/.exec(model.text.slice(start, end));
      if (match) {
        const offset = start + match.index + match[0].length;
        const position = model.lines.positionAt(offset);
        edit(t('Add {0} to apt-get install', data.insertAfterInstall), diagnostic, { start: position, end: position }, ` ${data.insertAfterInstall}`);
      }
    }
    if (data.appendCleanup && !/<</.test(instruction.getRawArgumentsContent() ?? '')) {
      const end = instruction.getRange().end;
      edit(t('Remove the apt lists at the end of this RUN'), diagnostic, { start: end, end }, ' \\\n    && rm -rf /var/lib/apt/lists/*');
    }
    if (data.replacementArgs) {
      const range = instruction.getArgumentsRange();
      if (range) edit(t('Use the JSON form'), diagnostic, range, data.replacementArgs);
    }
    if (data.addUser) {
      const final = model.stages[model.stages.length - 1];
      const anchor = final.instructions.find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
      const position = anchor ? { line: anchor.getRange().start.line, character: 0 } : { line: final.instructions.at(-1)?.getRange().end.line ?? final.from.getRange().end.line, character: 10_000 };
      edit(t('Run the final stage as a non-root user (USER 10001)'), diagnostic, { start: position, end: position }, anchor ? 'USER 10001\n' : '\nUSER 10001');
    }
  }
  return actions;
}

const keywords = ['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];

/** Completion: instruction keywords at the start of a line, stage names after --from= and FROM. */
export function dockerfileCompletion(file: IndexedFile, offset: number): CompletionItem[] {
  const model = dockerfileModel(file);
  if (!model) return [];
  const position = model.lines.positionAt(offset);
  const before = model.lines.lineText(position.line).slice(0, position.character);
  if (/^\s*[A-Za-z]*$/.test(before)) return keywords.map((label) => ({ label, kind: CompletionItemKind.Keyword }));
  if (/--from=[\w.-]*$/.test(before) || /^\s*FROM\s+[\w.-]*$/i.test(before)) {
    const current = model.stages.findIndex((s) => s.from.getRange().start.line > position.line);
    const upTo = current === -1 ? model.stages.length : current;
    return model.stages.slice(0, upTo).filter((s) => s.name && s.from.getRange().start.line !== position.line).map((s) => ({ label: s.name!, kind: CompletionItemKind.Reference, detail: t('stage {0}', s.index) }));
  }
  return [];
}

/** Hover on a stage reference (COPY --from, FROM): the stage's base image. */
export function dockerfileHover(file: IndexedFile, offset: number): Hover | undefined {
  const target = stageReferenceAt(file, offset);
  if (!target) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: t('Stage **{0}** (line {1}): FROM `{2}`', target.name ?? String(target.index), target.from.getRange().start.line + 1, target.from.getImage() ?? '') } };
}

function stageReferenceAt(file: IndexedFile, offset: number) {
  const model = dockerfileModel(file);
  if (!model) return undefined;
  const position = model.lines.positionAt(offset);
  for (const stage of model.stages) {
    const candidates = [{ range: stage.from.getImageNameRange(), value: stage.from.getImageName() }];
    for (const instruction of stage.instructions) {
      const flag = (instruction as { getFromFlag?: () => { getValueRange(): Diagnostic['range'] | null; getValue(): string | null } | null }).getFromFlag?.();
      if (flag) candidates.push({ range: flag.getValueRange(), value: flag.getValue() });
    }
    for (const candidate of candidates) {
      const range = candidate.range;
      if (!range || !candidate.value || range.start.line !== position.line || position.character < range.start.character || position.character > range.end.character) continue;
      const target = stageNamed(model, candidate.value, stage.index);
      if (target) return target;
    }
  }
  return undefined;
}

/** Go to the stage a `COPY --from=` or `FROM` names. */
export function dockerfileDefinition(file: IndexedFile, offset: number): Location[] {
  const target = stageReferenceAt(file, offset);
  const range = target?.from.getBuildStageRange() ?? target?.from.getRange();
  return range ? [{ uri: file.uri, range }] : [];
}

/** Outline: the stages and their instructions. */
export function dockerfileSymbols(file: IndexedFile): DocumentSymbol[] {
  const model = dockerfileModel(file);
  if (!model) return [];
  return model.stages.map((stage) => {
    const last = stage.instructions.at(-1)?.getRange().end ?? stage.from.getRange().end;
    return {
      name: stage.name ?? t('stage {0}', stage.index),
      detail: stage.from.getImage() ?? '',
      kind: SymbolKind.Class,
      range: { start: stage.from.getRange().start, end: last },
      selectionRange: stage.from.getBuildStageRange() ?? stage.from.getRange(),
      children: stage.instructions.map((i) => ({ name: i.getKeyword(), detail: (i.getRawArgumentsContent() ?? '').split('\n')[0].slice(0, 80), kind: SymbolKind.Field, range: i.getRange(), selectionRange: i.getInstructionRange() })),
    };
  });
}

/**
 * Dockerfiles, recognised by name (Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*); `faces`: the run's Compose
 * and Kubernetes families' (its descriptor takes them from the run's families; none: no cross-file check to make).
 */
export function dockerfileFeature(reader: ContextReader | undefined, faces: DockerfileFaces = {}): Feature {
  const withKnownPin = knownPinWith(faces.compose);
  const applies = (file: IndexedFile) => isDockerfile(file.uri) && !file.skipped;
  return {
    id: 'dockerfile',
    findings: (file, context) => (applies(file) ? dockerfileFindings(file, context, reader, faces, withKnownPin).map((finding): PlacedFinding => ({ offset: 0, finding })) : []),
    completion: (file, offset) => (applies(file) ? dockerfileCompletion(file, offset) : []),
    hover: (file, offset) => (applies(file) ? dockerfileHover(file, offset) : undefined),
    definition: (file, offset) => (applies(file) ? dockerfileDefinition(file, offset) : []),
    documentSymbols: (file) => (applies(file) ? dockerfileSymbols(file) : []),
    codeActions: (file, _range, diagnostics) => (applies(file) ? dockerfileQuickFixes(file, diagnostics) : []),
  };
}
