import { isSeveritySetting, type SeveritySetting } from './common/diagnostics';

/**
 * The families' settings sections (`archipel.<section>.*`), one entry per family, each added by
 * the family's own settings module (declaration merging):
 *
 *     declare module '../settings' { interface FamilySettings { compose: ComposeSettings } }
 *     export const composeSettings = defineSettingsSection('compose', defaults, normalize);
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
  };
  files: {
    /** Extra glob patterns excluded from the workspace index, on top of files.exclude and .gitignore. */
    exclude: string[];
    /** The most files the workspace index holds; past it, the status bar and the log say how many were left out. */
    maxFiles: number;
  };
}

/** A family's settings section: its name under `archipel.`, its defaults, and what keeps only well-formed values. */
export interface SettingsSection<T> {
  readonly section: string;
  readonly defaults: T;
  /** Whatever the client sent for the section (possibly nothing) → well-formed values, defaults filling the rest. */
  normalize(raw: unknown): T;
}

const sections = new Map<string, SettingsSection<unknown>>();

export const defaultSettings: ArchipelSettings = {
  rules: {},
  validation: { maxFileSizeKb: 4096, scope: 'workspace' },
  files: { exclude: [], maxFiles: 250_000 },
} as unknown as ArchipelSettings;

/**
 * Declares a family's settings section (once, in the family's settings module): `normalizeSettings`
 * normalises it and `defaultSettings` holds its defaults from then on.
 */
export function defineSettingsSection<K extends keyof FamilySettings>(section: K, defaults: FamilySettings[K], normalize: (raw: unknown) => FamilySettings[K]): SettingsSection<FamilySettings[K]> {
  if (sections.has(section) || ['rules', 'validation', 'files'].includes(section)) throw new Error(`settings section ${section} defined twice`);
  const defined: SettingsSection<FamilySettings[K]> = { section, defaults, normalize };
  sections.set(section, defined);
  (defaultSettings as unknown as Record<string, unknown>)[section] = defaults;
  return defined;
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
    validation: { maxFileSizeKb: maxKb, scope: validation.scope === 'openFiles' ? 'openFiles' : 'workspace' },
    files: { exclude, maxFiles: typeof files.maxFiles === 'number' && files.maxFiles >= 1 ? Math.floor(files.maxFiles) : defaultSettings.files.maxFiles },
  };
  for (const section of sections.values()) settings[section.section] = section.normalize(input[section.section]);
  return settings as unknown as ArchipelSettings;
}
