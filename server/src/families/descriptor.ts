/**
 * What a family of files is, in one object: the family descriptor. Every family Archipel has
 * (language and compute) is one `Family` (`families/<family>.ts`), beside its own folder(s), listed once in
 * families/index.ts; every other list (the features, the requests, the CLI's dispatch and help,
 * the worker bundles, the French catalogue, the settings, the client's document selector and file
 * watchers, docs/rules.md's table) is derived from that list (docs/layout.md, "Adding a family").
 */
import type { ReadLedger } from '../platform/notRead';
import type { ComputeRegistry } from '../engines/core/requests';
import type { DiagramDrawer } from '../features/diagram/drawer';
import type { Feature } from '../features/feature';
import type { SystemContribution, SystemContributor } from '../features/system/contributor';
import type { KnownPin } from '../features/system/images';
import type { ComposeFace } from '../compose/api';
import type { HelmFace } from '../helm/api';
import type { KubernetesFace } from '../kubernetes/api';
import type { MermaidFace } from '../mermaid/api';
import type { PrometheusFace } from '../prometheus/api';
import type { PolicyFace } from '../policy/api';
import type { TerraformFace } from '../terraform/api';
import type { FileMatcher, FilePatterns, FileSelector } from '../common/fileSelector';
import type { OwnFiles } from '../common/ownFiles';
import type { ArchipelSettings, SettingsSection } from '../settings';

export type { FileSelector } from '../common/fileSelector';

/**
 * One run of Archipel (a language server, a CLI command, a test): what a family's parts get.
 * The same object is given to `features` and `requests` in one run, so a family may keep
 * per-run state keyed by it (a WeakMap), such as the pipeline runner's statuses its hovers show.
 */
export interface FamilyHost {
  /** The package root (the folder holding package.json and schemas/): where a family reads its data. */
  readonly root: string;
  /** The clock (tests and `archipel check --today` fix it). */
  readonly now: () => Date;
  /** The families of the run (families/index.ts's list, or a test's): what a family that reads every other's contributions (the diagrams) asks. */
  readonly families: readonly Family[];
}

/** A bundle of the server side (dist/server/<bundle>.js), built from `entry`: a worker process or thread. */
export interface WorkerBundle {
  /** The bundle's name, without `.js` (`blurWorker`): `registry.workerScript('blurWorker.js')` finds it. */
  readonly bundle: string;
  /** Its source, from the repository root (`server/src/engines/blur/worker.ts`). */
  readonly entry: string;
}

/** What a CLI command gets: where it writes, and the families of the run (for a command that reads the workspace as `check` does). */
export interface CommandContext {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The process's own standard output when the command prints there (a pipeline run streams bytes to it). */
  stdout?: NodeJS.WritableStream;
  readonly host: FamilyHost;
  /** Every family's features (created on the first call). */
  readonly features: () => readonly Feature[];
  /** Every family's file selector, with the user's globs from `settings`. */
  readonly files: (settings: ArchipelSettings) => FileMatcher;
  /** The run's ledger of what it did not read (platform/notRead.ts): the side files refused are in it; the command adds its index's and says it. */
  readonly ledger: ReadLedger;
}

/** A command of the `archipel` CLI, owned by a family. */
export interface CliCommand {
  /** The command's name(s): `archipel <name> …` (`status`, `run`, `dag`, `export` share one). */
  readonly names: readonly string[];
  /**
   * Its lines in `archipel --help`: the first starts with two spaces and the command, options follow,
   * indented; a function of the run's families for a command whose usage lists their contributions.
   */
  readonly usage: string | ((families: readonly Family[]) => string);
  /**
   * Runs it: the exit status (0 done, 1 failed, 2 usage error). Load what is slow to load (native
   * libraries) with `await import(...)` inside: the CLI's start pays for the command it runs only.
   * A `UsageError` (cli/usage.ts) thrown is printed as `archipel: <message> (see archipel --help)`, exit 2.
   */
  readonly run: (name: string, args: string[], context: CommandContext) => Promise<number>;
  /**
   * A bundle of its own for `archipel <name> …` (dist/server/<bundle>.js, built from `entry`, whose
   * `runAsCommand(argv)` runs it with cli/process.ts's runStandalone): the command starts without
   * the CLI's kernel (every family's features, rules and check), for a command whose start-up is
   * part of what users time (`blur` on a few images). Only for a command that needs nothing of the
   * CommandContext but its output; `run` stays its way through cliMain (`--lang fr` before the
   * command's name, tests calling cliMain.ts's main).
   */
  readonly standalone?: { readonly bundle: string; readonly entry: string };
}

/** A command's function of its arguments and output lines (cli/<command>.ts). */
type LinesCommand = (args: string[], out: (text: string) => void, err: (text: string) => void) => Promise<number>;

/**
 * `run` for a command whose module is loaded when it runs (a native library, a large module: the
 * CLI's start pays only for the command it runs): `load` gives its function of the arguments and lines.
 */
export function loadedOnRun(load: () => Promise<LinesCommand>): CliCommand['run'] {
  return async (_name, args, { out, err }) => (await load())(args, out, err);
}

/** A family's rule ids, for docs/rules.md's table (generated) and the test that each rule has a family. */
export interface FamilyRules {
  /** Ids starting with one of these (`k8s-`). */
  readonly prefixes?: readonly string[];
  /** And these ids. */
  readonly ids?: readonly string[];
}

/** A string the user reads, in English and French. */
export interface Texts {
  readonly en: string;
  readonly fr: string;
}

/** Where a command shows in a menu of VS Code (package.json `contributes.menus[<menu>]`). */
export interface MenuEntry {
  /** Its when-clause. */
  readonly when?: string;
  /** Its group (`navigation@1`, `7_archipel@3`). */
  readonly group?: string;
}

/**
 * A command of the editor (package.json `contributes.commands`), with the category "Archipel": its
 * title goes to package.nls.json and package.nls.fr.json as `command.<name>` (scripts/gen-families.mjs).
 */
export interface ClientCommand {
  /** `archipel.<verbNoun>`. */
  readonly id: string;
  readonly title: Texts;
  /** When it can run (`isWorkspaceTrusted`). */
  readonly enablement?: string;
  /** Its icon in a title bar (`$(graph)`). */
  readonly icon?: string;
  /** The menus it shows in: menu id (`commandPalette`, `explorer/context`, `editor/title`) → its entries. */
  readonly menus?: Readonly<Record<string, readonly MenuEntry[]>>;
}

/**
 * A step of the walkthrough (package.json `contributes.walkthroughs`, "Get started with Archipel"),
 * owned by the family whose feature it shows: its title, description (with its command links) and
 * media's alt text go to package.nls*.json as `walkthrough.<id>.*` (scripts/gen-families.mjs).
 */
export interface WalkthroughStep {
  readonly id: string;
  /** Its place in the walkthrough (1: the kernel's "Open the example", families/core.ts). */
  readonly order: number;
  readonly title: Texts;
  /** Markdown, with `command:` links. */
  readonly description: Texts;
  /** A Markdown page, or an image with its alt text. */
  readonly media: { readonly markdown: string } | { readonly image: string; readonly altText: Texts };
  /** What marks it done (`onContext:archipel.walkthrough.<what>`, `onCommand:…`, `onView:…`). */
  readonly completionEvents: readonly string[];
}

/**
 * A family's side in the editor: the client module registering its commands and panels, what
 * package.json declares of them. scripts/gen-families.mjs writes package.json's commands, menus and
 * the panels' activation events, their titles in package.nls*.json, and client/src/families.generated.ts
 * (each family's module, which client/src/extension.ts registers).
 */
export interface FamilyClient {
  /** Its module, client/src/commands/<module>.ts, exporting `register(context, { client })` (families may share one); none for a family with walkthrough steps only. */
  readonly module?: string;
  readonly commands?: readonly ClientCommand[];
  /** The view types of its webview panels (`archipel.diagram`): a restored panel activates the extension (`onWebviewPanel:`). */
  readonly panels?: readonly string[];
  /** Its steps of the walkthrough. */
  readonly walkthrough?: readonly WalkthroughStep[];
}

/**
 * The files of a family of YAML documents told apart by what they hold (a RACI matrix, archipel.yaml's
 * sections, a pipeline): every `.yaml` and `.yml` file, the editor's `yaml` documents.
 */
export const yamlDocuments = { files: { extensions: ['.yaml', '.yml'] }, languages: ['yaml'] } as const satisfies Pick<Family, 'files' | 'languages'>;

export interface Family {
  /** Stable kebab-case id (`kubernetes`, `compose`): the heading of its rules in docs/rules.md. */
  readonly id: string;
  /** A line for docs and the log (`Kubernetes manifests`). */
  readonly title: string;
  /** The files the family reads: the workspace scan, the server and the client select with it. */
  readonly files?: FileSelector;
  /**
   * Which of the files it reads it says something of, and what it reads beyond its selector (common/ownFiles.ts): declared
   * once in its own folder (`<family>/files.ts`), taken by `archipel check`, `--changed` and the one-file start-up
   * (families/check.ts familiesFor) and by the family's own code where it tells its files apart.
   */
  readonly own?: OwnFiles;
  /** VS Code language ids whose documents the client sends to the server (`yaml`, `markdown`). */
  readonly languages?: readonly string[];
  /**
   * Files its checks read beside its own (a Compose project's `.env`, a Dockerfile's `.dockerignore`), never documents
   * of the family: the client reports their changes on disk, and the open documents are checked again (a saved `.env`
   * clears or raises a Compose file's variable finding without an edit of the Compose file).
   */
  readonly sideFiles?: FilePatterns;
  /**
   * The family's language features, created once per run on first use (not at start-up). Data
   * (schemas, parsers) is loaded by the family itself, from `host.root`, lazily or here.
   */
  readonly features?: (host: FamilyHost) => readonly Feature[];
  /** Registers the family's custom requests (language or compute: one shape), at the server's start. Cheap: no data loaded here. */
  readonly requests?: (registry: ComputeRegistry, host: FamilyHost) => void;
  /** The family's `archipel.<section>.*` settings (settings.ts: defineSettingsSection). */
  readonly settings?: SettingsSection<unknown>;
  /** Its worker bundles (esbuild.mjs builds each). */
  readonly workers?: readonly WorkerBundle[];
  /** Its CLI commands (cliMain.ts dispatches and lists them in --help, in the order of the families). */
  readonly commands?: readonly CliCommand[];
  /** Its French catalogue: English text → French (l10n/t.ts; a test keeps it complete). */
  readonly french?: Readonly<Record<string, string>>;
  /** Its rule ids (docs/rules.md's table is generated from them, by family). */
  readonly rules?: FamilyRules;
  /** Its commands and panels in the editor. */
  readonly client?: FamilyClient;
  /** The diagrams it draws from the workspace (`archipel diagram <kind>`, the diagram panel). */
  readonly diagrams?: readonly DiagramDrawer[];
  /**
   * What its files add to the system map (features/system/contributor.ts): components, delivery, observability, governance;
   * made from the run's families' faces when it reads another family's files (the Dockerfile's, a skaffold config's manifests).
   */
  readonly system?: SystemContributor | ((faces: Faces) => SystemContributor);
  /**
   * The pin its files give an image (dockerfile/pins.ts knownPinWith: the Compose services' and Dockerfiles' images),
   * made from the run's families' faces, for the other families' unpinned-image fixes, which take it from the run's
   * families (knownPinOf): a run with no such file (`archipel check` of a Deployment) loads none of that code, and
   * has no pin to find.
   */
  readonly knownPin?: (faces: Faces) => KnownPin;
  /** What it offers the other families to read of its files, as a value (Faces): taken from the run's families (facesOf). */
  readonly faces?: Faces;
}

/**
 * The families' faces (each family's api.ts: what another family reads of its files), as values the run's families
 * hand over (Family.faces, facesOf), never imported by the family that reads them: a run without that family (a check
 * of a Dockerfile alone, no Compose file or manifest) evaluates none of its code, and has none of its files to read.
 */
export interface Faces {
  readonly compose?: ComposeFace;
  readonly helm?: HelmFace;
  readonly kubernetes?: KubernetesFace;
  readonly mermaid?: MermaidFace;
  readonly policy?: PolicyFace;
  readonly prometheus?: PrometheusFace;
  readonly terraform?: TerraformFace;
}

/**
 * A family as `archipel check` first sees it, before any of its code runs (families/lazy.generated.ts,
 * derived from index.ts's list by scripts/gen-families.mjs): what selecting files needs — its id, file
 * selector (with its sniff), settings section and command names — and its descriptor, loaded on demand
 * (a chunk of its own in the CLI's bundle: a check of a Dockerfile evaluates no other family's code).
 */
export interface FamilyEntry {
  readonly id: string;
  readonly files?: FileSelector;
  /** Which files it says something of (Family.own): its `files.ts`, imported by the generated entries (it is light). */
  readonly own?: OwnFiles;
  /** Its settings section, with its defaults as normalized (what `archipel check` runs with: a family's checks may read another's section). */
  readonly settings?: { readonly section: string; readonly defaults: unknown };
  /** Whether it has features (`Family.features`) and a contribution to the system map (`Family.system`). */
  readonly features: boolean;
  readonly system: boolean;
  /** Its CLI commands' names. */
  readonly commands: readonly string[];
  /** Its French catalogue (its module alone): a run in French installs every family's, as one loading them all would. */
  readonly french?: () => Promise<Readonly<Record<string, string>>>;
  /** Its descriptor (its module and what it imports evaluated on the first call). */
  readonly load: () => Promise<Family>;
}

/** Every diagram the families draw, in the list's order. */
export function diagramDrawers(families: readonly Family[]): readonly DiagramDrawer[] {
  return families.flatMap((family) => family.diagrams ?? []);
}

const facesLists = new WeakMap<readonly Family[], Faces>();

/** The faces the run's families offer (Family.faces), the same object for the same list. */
export function facesOf(families: readonly Family[]): Faces {
  let faces = facesLists.get(families);
  if (!faces) facesLists.set(families, (faces = Object.assign({}, ...families.map((family) => family.faces ?? {})) as Faces));
  return faces;
}

const contributorLists = new WeakMap<readonly Family[], readonly SystemContribution[]>();

/** Every family's contribution to the system map, in the list's order (the same array for the same list: the model is cached by it). */
export function systemContributors(families: readonly Family[]): readonly SystemContribution[] {
  let list = contributorLists.get(families);
  if (!list) contributorLists.set(families, (list = families.flatMap((family) => (family.system ? [{ family: family.id, contributor: typeof family.system === 'function' ? family.system(facesOf(families)) : family.system }] : []))));
  return list;
}

/** The pin the run's families know of an unpinned image (Family.knownPin), or none: the finding as it is. */
export function knownPinOf(families: readonly Family[]): KnownPin {
  let known: KnownPin | undefined;
  return (finding, written, index) => {
    known ??= families.find((family) => family.knownPin)?.knownPin?.(facesOf(families)) ?? ((same) => same);
    return known(finding, written, index);
  };
}

/** A command's usage lines for the run's families. */
export function usageLines(command: CliCommand, families: readonly Family[]): string {
  return typeof command.usage === 'function' ? command.usage(families) : command.usage;
}
