import { defineSettingsSection, record } from '../settings';

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

export const validateSettings = defineSettingsSection('validate', defaultValidateSettings, normalizeValidateSettings);
