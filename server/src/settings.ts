import { defaultAdrSettings, normalizeAdrSettings, type AdrSettings } from './adr/settings';
import { isSeveritySetting, type SeveritySetting } from './common/diagnostics';
import { settingsSection, type BlurSection } from './blur/section';

/** Settings of one resource (`archipel.*`), as the client sends them or the CLI builds them. */
export interface ArchipelSettings {
  /** Per-rule severity overrides: rule id → off | hint | information | warning | error. */
  rules: Record<string, SeveritySetting>;
  kubernetes: {
    /** The Kubernetes version manifests are checked against (informational until removed-API rules). */
    version: string;
  };
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
  raci: {
    /** An activity whose only assignment is its Accountable counts as having a Responsible. */
    loneAccountableIsResponsible: boolean;
    /** The largest share of activities (0–1) a role may be Accountable or Responsible for. */
    maxLoad: number;
  };
  adr: AdrSettings;
  workflows: {
    /** GitHub or Gitea semantics; `auto`: Gitea for `.gitea/` and `.forgejo/` workflows. */
    flavor: 'auto' | 'github' | 'gitea';
    /** Self-hosted runner labels accepted in runs-on, on top of GitHub-hosted ones. */
    runnerLabels: string[];
  };
  /** `archipel.blur.*`: only the values the user set; they override archipel.yaml. */
  blur: BlurSection;
}

export const defaultSettings: ArchipelSettings = {
  rules: {},
  kubernetes: { version: '1.36' },
  validation: { maxFileSizeKb: 4096, scope: 'workspace' },
  files: { exclude: [], maxFiles: 250_000 },
  raci: { loneAccountableIsResponsible: false, maxLoad: 0.5 },
  adr: defaultAdrSettings,
  workflows: { flavor: 'auto', runnerLabels: [] },
  blur: {},
};

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Accepts whatever the client sent and keeps only well-formed values, falling back to defaults. */
export function normalizeSettings(raw: unknown): ArchipelSettings {
  const input = record(raw);
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, value] of Object.entries(record(input.rules))) {
    if (isSeveritySetting(value)) rules[id] = value;
  }
  const kubernetes = record(input.kubernetes);
  const validation = record(input.validation);
  const files = record(input.files);
  const version = typeof kubernetes.version === 'string' && /^1\.\d+$/.test(kubernetes.version) ? kubernetes.version : defaultSettings.kubernetes.version;
  const maxKb = typeof validation.maxFileSizeKb === 'number' && validation.maxFileSizeKb > 0 ? validation.maxFileSizeKb : defaultSettings.validation.maxFileSizeKb;
  const exclude = Array.isArray(files.exclude) ? files.exclude.filter((p): p is string => typeof p === 'string') : [];
  const raci = record(input.raci);
  const maxLoad = typeof raci.maxLoad === 'number' && raci.maxLoad > 0 && raci.maxLoad <= 1 ? raci.maxLoad : defaultSettings.raci.maxLoad;
  const workflows = record(input.workflows);
  const flavor = workflows.flavor === 'github' || workflows.flavor === 'gitea' ? workflows.flavor : 'auto';
  const runnerLabels = Array.isArray(workflows.runnerLabels) ? workflows.runnerLabels.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
  return {
    rules,
    kubernetes: { version },
    validation: { maxFileSizeKb: maxKb, scope: validation.scope === 'openFiles' ? 'openFiles' : 'workspace' },
    files: { exclude, maxFiles: typeof files.maxFiles === 'number' && files.maxFiles >= 1 ? Math.floor(files.maxFiles) : defaultSettings.files.maxFiles },
    raci: { loneAccountableIsResponsible: raci.loneAccountableIsResponsible === true, maxLoad },
    adr: normalizeAdrSettings(input.adr),
    workflows: { flavor, runnerLabels },
    blur: settingsSection(input.blur),
  };
}
