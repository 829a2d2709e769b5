/**
 * The bounds of a validation (issue #37): no suite and no data file may make a run take unbounded
 * memory or time. Each bound is named in the message that refuses it, with the option that raises
 * it (`archipel validate --max-…`, the editor's `archipel.validate.max…`); docs/data-quality.md lists them.
 */
import { t } from '../../l10n/t';

export interface ValidateLimits {
  /** Expectations in one suite. */
  expectations: number;
  /** Values in one value set (value_set, value_pairs_set, type_list, column_set). */
  values: number;
  /** Patterns in one regex_list or like_pattern_list, and columns in one column_list. */
  patterns: number;
  /** Characters in one regex or LIKE pattern (RE2 also refuses a compiled program over 8 MB). */
  patternLength: number;
  /** Unexpected values and rows kept per expectation in a COMPLETE result (counts stay exact). */
  unexpected: number;
  /** Unexpected values and rows kept in all the COMPLETE lists of a run; past it, an expectation keeps its partial list. */
  unexpectedTotal: number;
}

export const DEFAULT_LIMITS: ValidateLimits = {
  expectations: 20_000,
  values: 1_000_000,
  patterns: 1_000,
  patternLength: 10_000,
  unexpected: 10_000,
  unexpectedTotal: 1_000_000,
};

/** The command-line option that raises each bound. */
export const LIMIT_OPTIONS: Record<keyof ValidateLimits, string> = {
  expectations: 'max-expectations',
  values: 'max-values',
  patterns: 'max-patterns',
  patternLength: 'max-pattern-length',
  unexpected: 'max-unexpected',
  unexpectedTotal: 'max-unexpected-total',
};

/** The editor's setting that raises each bound (archipel.validate.*). */
export const LIMIT_SETTINGS: Record<keyof ValidateLimits, string> = {
  expectations: 'maxExpectations',
  values: 'maxValues',
  patterns: 'maxPatterns',
  patternLength: 'maxPatternLength',
  unexpected: 'maxUnexpected',
  unexpectedTotal: 'maxUnexpectedTotal',
};

/** The message of a value over its bound: what, how many, the bound and how to raise it. */
export function overLimit(what: string, count: number, limit: keyof ValidateLimits, limits: ValidateLimits): string {
  return t('{0} has {1} items, over the bound of {2} (raise it with --{3} or the setting archipel.validate.{4})', what, count, limits[limit], LIMIT_OPTIONS[limit], LIMIT_SETTINGS[limit]);
}
