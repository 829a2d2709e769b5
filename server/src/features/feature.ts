import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FormattingOptions,
  Hover,
  InlayHint,
  Location,
  Range,
  SignatureHelp,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Finding } from '../common/findings';
import type { DocumentFilter, SemanticToken } from './semanticTokens';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';

/** What every feature call gets: the workspace, the file's settings, cancellation. */
export interface FeatureContext {
  index: WorkspaceIndex;
  settings: ArchipelSettings;
  isCancelled: () => boolean;
  /**
   * The folders Archipel may write in (workspace folders; the CLI: the current folder), as file
   * paths: configuration naming a path outside them gets a finding (common/containment.ts).
   */
  roots?: readonly string[];
  /**
   * False while the language server's first scan of the workspace runs: the index does not hold
   * every file yet, and findings of rules that need it (RuleInfo.needsIndex) are held back. Absent
   * (the CLI, the tests): the index is complete.
   */
  indexComplete?: boolean;
  /**
   * Whether a rewrite of this file may be offered (a code action whose edit the client applies, such as
   * regenerating a drawing): false in an untrusted workspace and for a file that is a link leading
   * outside the workspace (issue #67). Absent (the CLI, the tests): any file.
   */
  mayRewrite?: (uri: string) => boolean;
  /**
   * The bounded-slice hook of a preparation (Feature.prepare): the synchronous work a preparation does after
   * its first `await` runs outside any bounded call, so it goes through this. `steps` is advanced in turns of
   * a few milliseconds, each a bounded call within what is left of the file's budget (the same budget as its
   * checks: the file's work in all is one budget), the event loop answering other requests between two turns.
   * Resolves true once the steps are done; false when they were not: the request was cancelled, or the work
   * passed the budget — the file whose work it was is then set aside with its `archipel-limit`, as a stopped
   * check's is (service.ts). Given by the server and the CLI to each preparation (startPreparing); absent
   * where a feature is called directly: features/slices.ts `inSlices` runs the steps in turns, unbounded.
   */
  inSlices?: (steps: Iterator<unknown>) => Promise<boolean>;
}

/** A finding placed in the file: `offset` is added to the finding's (chunk-relative) offsets. */
export interface PlacedFinding {
  offset: number;
  finding: Finding;
}

/**
 * One family of files (Kubernetes manifests, workflows, ADRs, RACI, AMDEC, …) and what Archipel
 * offers on them. Every method is optional and pure: the server, the CLI and the tests call the
 * same code. Its family's file selector (families/descriptor.ts) says which files the index reads; the
 * feature decides from the file (path and content) whether it applies.
 */
export interface Feature {
  readonly id: string;
  /**
   * Whether the file is the feature's to look at: a file goes only to the features that take it
   * (service.ts, featuresFor). Set by the composition root from the family's file selector
   * (families/index.ts, createFeatures); a feature that reads files of other families declares its
   * own. Absent: every file.
   */
  takes?: (file: IndexedFile, context: FeatureContext) => boolean;
  /**
   * Whether the feature reads the files the index keeps as templates (`skipped: 'template'`: a Helm
   * chart's templates, Go templates that are not YAML). Every other feature never sees them.
   */
  readonly readsTemplates?: boolean;
  /**
   * Its findings are the syntax of the text itself (YAML parse errors): while a file has one (a line
   * half typed), they are read on the current text, and every other feature reads the file's last
   * good version (IndexedFile.stable), its findings placed on the current text (service.ts).
   */
  syntax?: boolean;
  /**
   * Asynchronous work `findings` needs first (an external parser in a worker thread, such as
   * Mermaid's). The server and the CLI await it before asking for findings, which stay synchronous.
   * Undefined: nothing to wait for (what it loads is loaded): the file's checks then go on in the same
   * bounded call (service.ts; each call of the per-file budget's watchdog costs a thread). Its synchronous
   * start runs within the file's budget; what it computes after an `await` runs through
   * `context.inSlices` (features/slices.ts), or nothing bounds it.
   */
  prepare?(file: IndexedFile, context: FeatureContext): Promise<void> | undefined;
  /**
   * Idle work after the editor's first workspace scan, before the index says it is ready: what the family's first
   * answer on the files the index holds would load anyway (the Kubernetes validators of the kinds it holds), one
   * step per item the iterator yields (the server runs one step a turn). Never changes an answer; the CLI never calls it.
   */
  warm?(index: WorkspaceIndex): Iterable<unknown>;
  /** Problems in the file; severities and `archipel-ignore` are applied centrally. */
  findings?(file: IndexedFile, context: FeatureContext): PlacedFinding[];
  completion?(file: IndexedFile, offset: number, context: FeatureContext): CompletionItem[];
  hover?(file: IndexedFile, offset: number, context: FeatureContext): Hover | undefined;
  documentSymbols?(file: IndexedFile, context: FeatureContext): DocumentSymbol[];
  codeActions?(file: IndexedFile, range: Range, diagnostics: Diagnostic[], context: FeatureContext): CodeAction[];
  definition?(file: IndexedFile, offset: number, context: FeatureContext): Location[];
  references?(file: IndexedFile, offset: number, context: FeatureContext): Location[];
  /** The name under the cursor a rename would change (its range in this file and its text), if the feature renames it. */
  prepareRename?(file: IndexedFile, offset: number, context: FeatureContext): { range: Range; placeholder: string } | undefined;
  /** The edits renaming the name under the cursor everywhere the feature knows it (several files); undefined: not a name it renames. */
  rename?(file: IndexedFile, offset: number, newName: string, context: FeatureContext): WorkspaceEdit | undefined;
  codeLenses?(file: IndexedFile, context: FeatureContext): CodeLens[];
  inlayHints?(file: IndexedFile, range: Range, context: FeatureContext): InlayHint[];
  documentLinks?(file: IndexedFile, context: FeatureContext): DocumentLink[];
  /** The signature of the call the cursor is in (its active parameter). */
  signatureHelp?(file: IndexedFile, offset: number, context: FeatureContext): SignatureHelp | undefined;
  /**
   * The documents `formatting` and `semanticTokens` are for: the server registers those two for these
   * alone (another extension may format or colour the rest of the family's files).
   */
  readonly formats?: readonly DocumentFilter[];
  /**
   * The edits that format the whole file; undefined when the feature leaves it as it is (a syntax error);
   * `refused` when it will not (past a size bound), with what to tell the user.
   */
  formatting?(file: IndexedFile, options: FormattingOptions, context: FeatureContext): TextEdit[] | { refused: string } | undefined;
  /** The file's semantic tokens, each on one line. */
  semanticTokens?(file: IndexedFile, context: FeatureContext): SemanticToken[];
}

