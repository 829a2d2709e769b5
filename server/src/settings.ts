import { isSeveritySetting, type SeveritySetting } from './common/diagnostics';
import { DEFAULT_SIDE_FILE_KB } from './common/sideFile';

/**
 * The families' settings sections (`archipel.<section>.*`), one entry per family, each added by
 * the family's own settings module (declaration merging):
 *
 *     declare module '../settings' { interface FamilySettings { compose: ComposeSettings } }
 *     export const composeSettings = defineSettingsSection('compose', defaults, normalize, manifest);
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FamilySettings {}

/** Settings of one resource (`archipel.*`), as the client sends them or the CLI builds them. */
export interface ArchipelSettings extends FamilySettings {
  /** Per-rule severity overrides: rule id → off | hint | information | warning | error. */
  rules: Record<string, SeveritySetting>;
  validation: {
    /** Files larger than this are not validated (a single information diagnostic says so). */
    maxFileSizeKb: number;
    /** Which files Problems lists: every file of the workspace (as `archipel check`), or the open ones only. */
    scope: 'workspace' | 'openFiles';
    /** How long one file's work may take (ms; 0: no bound): past it the work is stopped and the file set aside (service.ts, docs/security.md). */
    fileBudgetMs: number;
    /** The largest side file a check reads (KB): a Compose .env or env_file, a params file, a .dvc file (disk/readText.ts). */
    maxSideFileKb: number;
  };
  files: {
    /** Extra glob patterns excluded from the workspace index, on top of files.exclude and .gitignore. */
    exclude: string[];
    /** The most files the workspace index holds; past it, the status bar and the log say how many were left out. */
    maxFiles: number;
  };
}

/**
 * Settings as the editor declares them: package.json's `contributes.configuration.properties`
 * (name → JSON Schema with `scope`, `default` and `%key%` descriptions) and the strings those keys
 * name, in English and French (package.nls.json, package.nls.fr.json). scripts/gen-families.mjs
 * writes all three from `coreSettingsManifest` and every family's section; never by hand.
 */
export interface SettingsManifest {
  /** `<key>` of `archipel.<section>.<key>` (the full `archipel.*` name in the core's) → its schema. */
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Every `%key%` the schemas name → its English and French. */
  readonly strings: Readonly<Record<string, { readonly en: string; readonly fr: string }>>;
}

/** A family's settings section: its name under `archipel.`, its defaults, what keeps only well-formed values, and how the editor declares it. */
export interface SettingsSection<T> {
  readonly section: string;
  readonly defaults: T;
  /** Whatever the client sent for the section (possibly nothing) → well-formed values, defaults filling the rest. */
  normalize(raw: unknown): T;
  /** Its keys as package.json declares them. */
  readonly manifest: SettingsManifest;
}

/** The settings no family owns (rules, validation, files, the client's trace), as the editor declares them. */
export const coreSettingsManifest: SettingsManifest = {
  "properties": {
    "archipel.rules": {
      "type": "object",
      "scope": "resource",
      "default": {},
      "additionalProperties": {
        "type": "string",
        "enum": [
          "off",
          "hint",
          "information",
          "warning",
          "error"
        ]
      },
      "markdownDescription": "%config.rules.description%"
    },
    "archipel.validation.maxFileSizeKb": {
      "type": "number",
      "scope": "resource",
      "default": 4096,
      "minimum": 1,
      "markdownDescription": "%config.validation.maxFileSizeKb.description%"
    },
    "archipel.validation.fileBudgetMs": {
      "type": "number",
      "scope": "resource",
      "default": 10000,
      "minimum": 0,
      "markdownDescription": "%config.validation.fileBudgetMs.description%"
    },
    "archipel.validation.maxSideFileKb": {
      "type": "number",
      "scope": "window",
      "default": 1024,
      "minimum": 1,
      "markdownDescription": "%config.validation.maxSideFileKb.description%"
    },
    "archipel.validation.scope": {
      "type": "string",
      "scope": "window",
      "enum": [
        "workspace",
        "openFiles"
      ],
      "enumDescriptions": [
        "%config.validation.scope.enum.0%",
        "%config.validation.scope.enum.1%"
      ],
      "default": "workspace",
      "markdownDescription": "%config.validation.scope.description%"
    },
    "archipel.files.exclude": {
      "type": "array",
      "scope": "window",
      "default": [],
      "items": {
        "type": "string"
      },
      "markdownDescription": "%config.files.exclude.description%"
    },
    "archipel.files.maxFiles": {
      "type": "number",
      "scope": "window",
      "default": 250000,
      "minimum": 1,
      "markdownDescription": "%config.files.maxFiles.description%"
    },
    "archipel.trace.server": {
      "type": "string",
      "scope": "window",
      "enum": [
        "off",
        "messages",
        "verbose"
      ],
      "default": "off",
      "description": "%config.trace.server.description%"
    }
  },
  "strings": {
    "config.files.exclude.description": {
      "en": "Glob patterns left out of the workspace index, in addition to `files.exclude`, `.gitignore` and `node_modules`.",
      "fr": "Motifs glob exclus de l'index de l'espace de travail, en plus de `files.exclude`, `.gitignore` et `node_modules`."
    },
    "config.files.maxFiles.description": {
      "en": "The most files the workspace index holds (a guard against opening a home folder). Past it, the status bar and the log say how many files were left out.",
      "fr": "Le nombre maximal de fichiers de l'index de l'espace de travail (une garde contre l'ouverture d'un dossier personnel). Au-delà, la barre d'état et le journal disent combien de fichiers ont été laissés de côté."
    },
    "config.rules.description": {
      "en": "Severity per rule id (`off`, `hint`, `information`, `warning`, `error`), for example `{\"k8s-no-schema\": \"off\"}`. Run `archipel rules` for the list. A single line can also be silenced with a `# archipel-ignore <rule-id>` comment on it or above it.",
      "fr": "Gravité par identifiant de règle (`off`, `hint`, `information`, `warning`, `error`), par exemple `{\"k8s-no-schema\": \"off\"}`. `archipel rules` en donne la liste. Une ligne peut aussi être réduite au silence par un commentaire `# archipel-ignore <rule-id>` sur elle ou au-dessus."
    },
    "config.trace.server.description": {
      "en": "Traces the communication between VS Code and the Archipel language server.",
      "fr": "Trace les échanges entre VS Code et le serveur de langage Archipel."
    },
    "config.validation.maxFileSizeKb.description": {
      "en": "Files larger than this (in KB) are not validated; one information diagnostic says so.",
      "fr": "Les fichiers plus grands (en Ko) ne sont pas validés ; un diagnostic d'information le signale."
    },
    "config.validation.fileBudgetMs.description": {
      "en": "How long Archipel's work on one file may take, in milliseconds (`0`: no bound). Past it the work is stopped: one `archipel-limit` warning on the file says so, the file is not checked and no other file's rule reads it until it changes; another file's request never waits longer than this for it. `archipel check` has the same budget (`--file-budget`).",
      "fr": "La durée que peut prendre le travail d'Archipel sur un fichier, en millisecondes (`0` : sans limite). Au-delà, le travail est arrêté : un avertissement `archipel-limit` le dit sur le fichier, qui n'est plus vérifié ni lu par les règles des autres fichiers jusqu'à ce qu'il change ; une requête sur un autre fichier n'attend jamais plus longtemps pour lui. `archipel check` a le même budget (`--file-budget`)."
    },
    "config.validation.maxSideFileKb.description": {
      "en": "The largest file (in KB) a check reads besides the one it checks: a Compose `.env` or `env_file`, a pipeline's params file, a `.dvc` file. A larger one is not read and one `side-file-limit` diagnostic says so on the line that names it.",
      "fr": "Le plus grand fichier (en Ko) qu'une vérification lit en plus de celui qu'elle vérifie : un `.env` ou un `env_file` de Compose, un fichier de paramètres d'un pipeline, un fichier `.dvc`. Un fichier plus grand n'est pas lu et un diagnostic `side-file-limit` le dit sur la ligne qui le nomme."
    },
    "config.validation.scope.description": {
      "en": "Which files Problems lists: the whole workspace (like `archipel check`), or only the open files.",
      "fr": "Les fichiers que liste Problèmes : tout l'espace de travail (comme `archipel check`), ou seulement les fichiers ouverts."
    },
    "config.validation.scope.enum.0": {
      "en": "Problems lists every file of the workspace, as `archipel check` does, open or not; cross-file findings of closed files update when a change elsewhere affects them.",
      "fr": "Problèmes liste chaque fichier de l'espace de travail, comme `archipel check`, ouvert ou non ; les constats inter-fichiers des fichiers fermés se mettent à jour quand un changement ailleurs les concerne."
    },
    "config.validation.scope.enum.1": {
      "en": "Problems lists open files only (for very large repositories).",
      "fr": "Problèmes ne liste que les fichiers ouverts (pour les très grands dépôts)."
    }
  }
};

const sections = new Map<string, SettingsSection<unknown>>();

export const defaultSettings: ArchipelSettings = {
  rules: {},
  validation: { maxFileSizeKb: 4096, scope: 'workspace', fileBudgetMs: 10_000, maxSideFileKb: DEFAULT_SIDE_FILE_KB },
  files: { exclude: [], maxFiles: 250_000 },
} as unknown as ArchipelSettings;

/**
 * Declares a family's settings section (once, in the family's settings module): `normalizeSettings`
 * normalises it and `defaultSettings` holds its defaults from then on.
 */
export function defineSettingsSection<K extends keyof FamilySettings>(section: K, defaults: FamilySettings[K], normalize: (raw: unknown) => FamilySettings[K], manifest: SettingsManifest): SettingsSection<FamilySettings[K]> {
  if (sections.has(section) || ['rules', 'validation', 'files', 'trace'].includes(section)) throw new Error(`settings section ${section} defined twice`);
  const defined: SettingsSection<FamilySettings[K]> = { section, defaults, normalize, manifest };
  sections.set(section, defined);
  (defaultSettings as unknown as Record<string, unknown>)[section] = defaults;
  return defined;
}

/** The settings of a section that holds only `files`: more globs of the family's files (its selector's `userGlobs`). */
export interface FilesSettings {
  files: string[];
}

/**
 * Declares a section of one setting, `archipel.<section>.files` (more globs of the family's files),
 * with its description in English and French (Compose, Prometheus, Grafana).
 */
export function defineFilesSection<K extends keyof FamilySettings>(section: K, description: { readonly en: string; readonly fr: string }): SettingsSection<FamilySettings[K]> {
  const key = `config.${section}.files.description`;
  const normalize = (raw: unknown): FilesSettings => {
    const input = record(raw);
    return { files: Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [] };
  };
  return defineSettingsSection(section, { files: [] } as FilesSettings as FamilySettings[K], normalize as (raw: unknown) => FamilySettings[K], {
    properties: { files: { type: 'array', scope: 'resource', default: [], items: { type: 'string' }, markdownDescription: `%${key}%` } },
    strings: { [key]: description },
  });
}

/** Every family section declared so far (the families' list declares them all). */
export function settingsSections(): SettingsSection<unknown>[] {
  return [...sections.values()];
}

/** An object, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Accepts whatever the client sent and keeps only well-formed values, falling back to defaults. */
export function normalizeSettings(raw: unknown): ArchipelSettings {
  const input = record(raw);
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, value] of Object.entries(record(input.rules))) {
    if (isSeveritySetting(value)) rules[id] = value;
  }
  const validation = record(input.validation);
  const files = record(input.files);
  const maxKb = typeof validation.maxFileSizeKb === 'number' && validation.maxFileSizeKb > 0 ? validation.maxFileSizeKb : defaultSettings.validation.maxFileSizeKb;
  const exclude = Array.isArray(files.exclude) ? files.exclude.filter((p): p is string => typeof p === 'string') : [];
  const settings: Record<string, unknown> = {
    rules,
    validation: {
      maxFileSizeKb: maxKb,
      scope: validation.scope === 'openFiles' ? 'openFiles' : 'workspace',
      fileBudgetMs: typeof validation.fileBudgetMs === 'number' && validation.fileBudgetMs >= 0 ? validation.fileBudgetMs : defaultSettings.validation.fileBudgetMs,
      maxSideFileKb: typeof validation.maxSideFileKb === 'number' && validation.maxSideFileKb > 0 ? validation.maxSideFileKb : defaultSettings.validation.maxSideFileKb,
    },
    files: { exclude, maxFiles: typeof files.maxFiles === 'number' && files.maxFiles >= 1 ? Math.floor(files.maxFiles) : defaultSettings.files.maxFiles },
  };
  for (const section of sections.values()) settings[section.section] = section.normalize(input[section.section]);
  return settings as unknown as ArchipelSettings;
}
