import { defineSettingsSection, record, type SettingsManifest } from '../settings';

/**
 * `archipel.validate.*` (#37, #41): the bounds of a validation run by the editor (the CLI has the
 * same as options, `--max-…` and `--memory-limit`), and how a CSV's missing values are read.
 * Every bound is a positive whole number; a value that is not one keeps the default.
 */
export interface ValidateSettings {
  maxExpectations: number;
  maxValues: number;
  maxPatterns: number;
  maxPatternLength: number;
  maxUnexpected: number;
  maxUnexpectedTotal: number;
  /** DuckDB's memory limit in MB (at least 16). */
  memoryLimit: number;
  /** `pandas`: the cells pandas reads as missing (`NA`, `n/a`, `null`, `NaN`, …) are missing, as in GX's pandas engine; `empty`: only empty cells. */
  missingValues: 'pandas' | 'empty';
}

export const defaultValidateSettings: ValidateSettings = {
  maxExpectations: 20_000,
  maxValues: 1_000_000,
  maxPatterns: 1_000,
  maxPatternLength: 10_000,
  maxUnexpected: 10_000,
  maxUnexpectedTotal: 1_000_000,
  memoryLimit: 256,
  missingValues: 'pandas',
};

function whole(value: unknown, min: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback;
}

export function normalizeValidateSettings(raw: unknown): ValidateSettings {
  const input = record(raw);
  const d = defaultValidateSettings;
  return {
    maxExpectations: whole(input.maxExpectations, 1, d.maxExpectations),
    maxValues: whole(input.maxValues, 1, d.maxValues),
    maxPatterns: whole(input.maxPatterns, 1, d.maxPatterns),
    maxPatternLength: whole(input.maxPatternLength, 1, d.maxPatternLength),
    maxUnexpected: whole(input.maxUnexpected, 1, d.maxUnexpected),
    maxUnexpectedTotal: whole(input.maxUnexpectedTotal, 1, d.maxUnexpectedTotal),
    memoryLimit: whole(input.memoryLimit, 16, d.memoryLimit),
    missingValues: input.missingValues === 'empty' ? 'empty' : 'pandas',
  };
}

declare module '../settings' {
  interface FamilySettings {
    validate: ValidateSettings;
  }
}

/** How the editor declares the section (package.json's `archipel.validate.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  "properties": {
    "maxExpectations": {
      "type": "integer",
      "scope": "resource",
      "default": 20000,
      "minimum": 1,
      "markdownDescription": "%config.validate.maxExpectations.description%"
    },
    "maxValues": {
      "type": "integer",
      "scope": "resource",
      "default": 1000000,
      "minimum": 1,
      "markdownDescription": "%config.validate.maxValues.description%"
    },
    "maxPatterns": {
      "type": "integer",
      "scope": "resource",
      "default": 1000,
      "minimum": 1,
      "markdownDescription": "%config.validate.maxPatterns.description%"
    },
    "maxPatternLength": {
      "type": "integer",
      "scope": "resource",
      "default": 10000,
      "minimum": 1,
      "markdownDescription": "%config.validate.maxPatternLength.description%"
    },
    "maxUnexpected": {
      "type": "integer",
      "scope": "resource",
      "default": 10000,
      "minimum": 1,
      "markdownDescription": "%config.validate.maxUnexpected.description%"
    },
    "maxUnexpectedTotal": {
      "type": "integer",
      "scope": "resource",
      "default": 1000000,
      "minimum": 1,
      "markdownDescription": "%config.validate.maxUnexpectedTotal.description%"
    },
    "memoryLimit": {
      "type": "integer",
      "scope": "resource",
      "default": 256,
      "minimum": 16,
      "markdownDescription": "%config.validate.memoryLimit.description%"
    },
    "missingValues": {
      "type": "string",
      "scope": "resource",
      "enum": [
        "pandas",
        "empty"
      ],
      "default": "pandas",
      "markdownEnumDescriptions": [
        "%config.validate.missingValues.pandas%",
        "%config.validate.missingValues.empty%"
      ],
      "markdownDescription": "%config.validate.missingValues.description%"
    }
  },
  "strings": {
    "config.validate.maxExpectations.description": {
      "en": "Expectations in one suite the editor's validation runs (the CLI's `--max-expectations`); a suite over it is refused with a message naming this setting.",
      "fr": "Nombre d'attentes d'une suite que la validation de l'éditeur exécute (`--max-expectations` de la CLI) ; une suite au-delà est refusée avec un message qui nomme ce réglage."
    },
    "config.validate.maxPatternLength.description": {
      "en": "Characters in one regex or LIKE pattern (the CLI's `--max-pattern-length`).",
      "fr": "Caractères d'un motif regex ou LIKE (`--max-pattern-length` de la CLI)."
    },
    "config.validate.maxPatterns.description": {
      "en": "Patterns in one `regex_list` or `like_pattern_list`, pairs in `value_pairs_set`, columns in `column_list` (the CLI's `--max-patterns`).",
      "fr": "Motifs d'une `regex_list` ou d'une `like_pattern_list`, paires de `value_pairs_set`, colonnes de `column_list` (`--max-patterns` de la CLI)."
    },
    "config.validate.maxUnexpected.description": {
      "en": "Unexpected values and rows a COMPLETE result keeps per expectation (the CLI's `--max-unexpected`); past it the list is cut and `unexpected_list_truncated` is true; the counts stay exact.",
      "fr": "Valeurs et lignes inattendues qu'un résultat COMPLETE garde par attente (`--max-unexpected` de la CLI) ; au-delà la liste est coupée et `unexpected_list_truncated` vaut true ; les comptes restent exacts."
    },
    "config.validate.maxUnexpectedTotal.description": {
      "en": "Unexpected values kept in all the COMPLETE lists of one validation (the CLI's `--max-unexpected-total`); past it, an expectation keeps its partial list.",
      "fr": "Valeurs inattendues gardées dans toutes les listes COMPLETE d'une validation (`--max-unexpected-total` de la CLI) ; au-delà, une attente garde sa liste partielle."
    },
    "config.validate.maxValues.description": {
      "en": "Values in one value set (`value_set`, `type_list`, `column_set`) (the CLI's `--max-values`).",
      "fr": "Valeurs d'un ensemble (`value_set`, `type_list`, `column_set`) (`--max-values` de la CLI)."
    },
    "config.validate.memoryLimit.description": {
      "en": "DuckDB's memory for one validation, in MB (the CLI's `--memory-limit`); past it DuckDB spills into `.archipel/`.",
      "fr": "Mémoire de DuckDB pour une validation, en Mo (`--memory-limit` de la CLI) ; au-delà DuckDB déborde dans `.archipel/`."
    },
    "config.validate.missingValues.description": {
      "en": "Which CSV cells are missing values: `pandas` (GX's pandas engine: `NA`, `N/A`, `n/a`, `null`, `NULL`, `NaN`, `nan`, `None`, `<NA>`, `#N/A`, … and empty cells) or `empty` (only empty cells). A suite's `meta.missing_values` and the CLI's `--missing-values` say it too.",
      "fr": "Quelles cellules d'un CSV sont des valeurs manquantes : `pandas` (moteur pandas de GX : `NA`, `N/A`, `n/a`, `null`, `NULL`, `NaN`, `nan`, `None`, `<NA>`, `#N/A`, … et les cellules vides) ou `empty` (seulement les cellules vides). Le `meta.missing_values` d'une suite et l'option `--missing-values` de la CLI le disent aussi."
    },
    "config.validate.missingValues.empty": {
      "en": "Only empty cells are missing; `NA`, `null`, … are text.",
      "fr": "Seules les cellules vides sont manquantes ; `NA`, `null`, … sont du texte."
    },
    "config.validate.missingValues.pandas": {
      "en": "As GX's pandas engine: pandas' default NA strings and empty cells are missing.",
      "fr": "Comme le moteur pandas de GX : les chaînes NA par défaut de pandas et les cellules vides sont manquantes."
    }
  }
};

export const validateSettings = defineSettingsSection('validate', defaultValidateSettings, normalizeValidateSettings, manifest);
