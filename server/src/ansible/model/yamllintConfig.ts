/**
 * The yamllint configuration ansible-lint's `yaml` rule runs with: ansible-lint's own (yamllint's
 * defaults with line-length 160, comments one space from content, no document-start, braces with at
 * most one space inside, octal values forbidden), or, when the project has a `.yamllint`
 * (`.yamllint.yml`, `.yamllint.yaml`), that file over the preset it extends (`default`, `relaxed`),
 * as ansible-lint 6 reads it.
 */
import { isRecord } from './model';

export interface YamlStyleConfig {
  /** yamllint rules turned off (`truthy`, `line-length`, …). */
  readonly disabled: ReadonlySet<string>;
  readonly lineLength: number;
  readonly truthyAllowed: readonly string[];
  readonly truthyCheckKeys: boolean;
  readonly commentsMinSpaces: number;
  readonly bracesMax: number;
  readonly bracketsMax: number;
  readonly hyphensMax: number;
  /** `true`: sequences indented under their key; `false`: not; `consistent`: one way throughout; `whatever`: either. */
  readonly indentSequences: boolean | 'consistent' | 'whatever';
  /** A fixed indentation width, or the first one seen. */
  readonly indentSpaces: number | 'consistent';
  readonly octalImplicit: boolean;
  readonly octalExplicit: boolean;
}

/** yamllint's `default` preset. */
const YAMLLINT_DEFAULT: YamlStyleConfig = {
  disabled: new Set(['document-end', 'empty-values', 'float-values', 'key-ordering', 'octal-values', 'quoted-strings']),
  lineLength: 80,
  truthyAllowed: ['true', 'false'],
  truthyCheckKeys: true,
  commentsMinSpaces: 2,
  bracesMax: 0,
  bracketsMax: 0,
  hyphensMax: 1,
  indentSequences: true,
  indentSpaces: 'consistent',
  octalImplicit: false,
  octalExplicit: false,
};

/** yamllint's `relaxed` preset (its differences from `default`). */
const YAMLLINT_RELAXED: YamlStyleConfig = {
  ...YAMLLINT_DEFAULT,
  disabled: new Set([...YAMLLINT_DEFAULT.disabled, 'document-start', 'comments', 'comments-indentation', 'truthy']),
  lineLength: 120,
  bracesMax: 1,
  bracketsMax: 1,
  hyphensMax: 4,
  indentSequences: 'consistent',
};

/** ansible-lint 6's own configuration (ansiblelint/yaml_utils.py's YAMLLINT_CONFIG over yamllint's default). */
export const ANSIBLE_LINT_YAML: YamlStyleConfig = {
  ...YAMLLINT_DEFAULT,
  disabled: new Set([...[...YAMLLINT_DEFAULT.disabled].filter((rule) => rule !== 'octal-values'), 'comments-indentation', 'document-start']),
  lineLength: 160,
  commentsMinSpaces: 1,
  bracesMax: 1,
  octalImplicit: true,
  octalExplicit: true,
};

function number(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A project's `.yamllint` (its parsed YAML value), over the preset it extends. */
export function yamllintConfig(value: unknown): YamlStyleConfig {
  if (!isRecord(value)) return ANSIBLE_LINT_YAML;
  // Without `extends`, the file's rules extend ansible-lint's own configuration (ansible-lint merges them).
  const base = value.extends === 'relaxed' ? YAMLLINT_RELAXED : value.extends === 'default' ? YAMLLINT_DEFAULT : ANSIBLE_LINT_YAML;
  const disabled = new Set(base.disabled);
  const config: { -readonly [K in keyof YamlStyleConfig]: YamlStyleConfig[K] } = { ...base, disabled };
  const rules = isRecord(value.rules) ? value.rules : {};
  for (const [rule, setting] of Object.entries(rules)) {
    if (setting === 'disable' || setting === false) {
      disabled.add(rule);
      continue;
    }
    disabled.delete(rule);
    if (!isRecord(setting)) continue;
    switch (rule) {
      case 'line-length':
        config.lineLength = number(setting.max, config.lineLength);
        break;
      case 'truthy':
        if (Array.isArray(setting['allowed-values'])) config.truthyAllowed = setting['allowed-values'].map(String);
        if (typeof setting['check-keys'] === 'boolean') config.truthyCheckKeys = setting['check-keys'];
        break;
      case 'comments':
        config.commentsMinSpaces = number(setting['min-spaces-from-content'], config.commentsMinSpaces);
        break;
      case 'braces':
        config.bracesMax = number(setting['max-spaces-inside'], config.bracesMax);
        break;
      case 'brackets':
        config.bracketsMax = number(setting['max-spaces-inside'], config.bracketsMax);
        break;
      case 'hyphens':
        config.hyphensMax = number(setting['max-spaces-after'], config.hyphensMax);
        break;
      case 'indentation': {
        const sequences = setting['indent-sequences'];
        if (typeof sequences === 'boolean' || sequences === 'consistent' || sequences === 'whatever') config.indentSequences = sequences;
        const spaces = setting.spaces;
        if (typeof spaces === 'number' || spaces === 'consistent') config.indentSpaces = spaces;
        break;
      }
      case 'octal-values':
        if (typeof setting['forbid-implicit-octal'] === 'boolean') config.octalImplicit = setting['forbid-implicit-octal'];
        if (typeof setting['forbid-explicit-octal'] === 'boolean') config.octalExplicit = setting['forbid-explicit-octal'];
        break;
      default:
        break;
    }
  }
  if (!config.octalImplicit && !config.octalExplicit) disabled.add('octal-values');
  return config;
}
