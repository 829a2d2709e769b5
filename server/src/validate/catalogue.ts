/**
 * The Great Expectations expectations Archipel runs (issue #29): each type's family, its keyword
 * arguments with their types, and one sentence for hover. The semantics follow GX 0.18's
 * documentation (nulls skipped by column-map expectations, `mostly`, strict bounds); the engine
 * (engines/validate) compiles each one, and the editor checks suites against this list, so a type
 * missing here is reported as unsupported rather than silently passing.
 */

/** What a keyword argument holds: checked in the editor, relied on by the engine. */
export type KwargType =
  | 'column' | 'columns' | 'number' | 'integer' | 'boolean' | 'string' | 'strings' | 'list' | 'pairs' | 'comparable'
  | 'quantileRanges' | 'resultFormat' | 'enum' | 'any';

export interface KwargSpec {
  name: string;
  type: KwargType;
  required?: boolean;
  /** For `enum`: the accepted values. */
  values?: readonly string[];
}

/** GX's families: how element_count, unexpected counts and nulls are computed. */
export type ExpectationKind = 'table' | 'map' | 'aggregate' | 'pair' | 'multicolumn';

export interface ExpectationSpec {
  type: string;
  kind: ExpectationKind;
  kwargs: readonly KwargSpec[];
  /** One sentence for hover and the docs. */
  doc: string;
}

const column: KwargSpec = { name: 'column', type: 'column', required: true };
const mostly: KwargSpec = { name: 'mostly', type: 'number' };
const range = (type: KwargType = 'comparable'): KwargSpec[] => [
  { name: 'min_value', type }, { name: 'max_value', type }, { name: 'strict_min', type: 'boolean' }, { name: 'strict_max', type: 'boolean' },
];
const dates: KwargSpec = { name: 'parse_strings_as_datetimes', type: 'boolean' };
const matchOn: KwargSpec = { name: 'match_on', type: 'enum', values: ['any', 'all'] };
const pairIgnore: KwargSpec = { name: 'ignore_row_if', type: 'enum', values: ['both_values_are_missing', 'either_value_is_missing', 'neither'] };
const multiIgnore: KwargSpec = { name: 'ignore_row_if', type: 'enum', values: ['all_values_are_missing', 'any_value_is_missing', 'never'] };
const columnList: KwargSpec = { name: 'column_list', type: 'columns', required: true };

/** Keyword arguments every expectation takes (GX's common ones). */
export const COMMON_KWARGS: readonly KwargSpec[] = [
  { name: 'result_format', type: 'resultFormat' },
  { name: 'include_config', type: 'boolean' },
  { name: 'catch_exceptions', type: 'boolean' },
];

/** Keyword arguments GX accepts that Archipel does not run: a suite using one gets a diagnostic, never a silent pass. */
export const UNSUPPORTED_KWARGS: readonly string[] = ['row_condition', 'condition_parser', 'unexpected_index_column_names', 'allow_cross_type_comparisons', 'auto', 'profiler_config'];

const map = (type: string, doc: string, kwargs: KwargSpec[] = []): ExpectationSpec => ({ type, kind: 'map', kwargs: [column, ...kwargs, mostly], doc });
const agg = (type: string, doc: string, kwargs: KwargSpec[]): ExpectationSpec => ({ type, kind: 'aggregate', kwargs: [column, ...kwargs], doc });

export const EXPECTATIONS: readonly ExpectationSpec[] = [
  // Table level.
  { type: 'expect_table_row_count_to_be_between', kind: 'table', kwargs: range('integer'), doc: 'The table has between min_value and max_value rows (either bound may be left out).' },
  { type: 'expect_table_row_count_to_equal', kind: 'table', kwargs: [{ name: 'value', type: 'integer', required: true }], doc: 'The table has exactly `value` rows.' },
  { type: 'expect_table_column_count_to_be_between', kind: 'table', kwargs: range('integer'), doc: 'The table has between min_value and max_value columns.' },
  { type: 'expect_table_column_count_to_equal', kind: 'table', kwargs: [{ name: 'value', type: 'integer', required: true }], doc: 'The table has exactly `value` columns.' },
  { type: 'expect_table_columns_to_match_set', kind: 'table', kwargs: [{ name: 'column_set', type: 'strings', required: true }, { name: 'exact_match', type: 'boolean' }], doc: 'The table\'s columns are the set column_set in any order (only a superset of it when exact_match is false).' },
  { type: 'expect_table_columns_to_match_ordered_list', kind: 'table', kwargs: [{ name: 'column_list', type: 'strings', required: true }], doc: 'The table\'s columns are exactly column_list, in that order.' },
  { type: 'expect_column_to_exist', kind: 'table', kwargs: [column, { name: 'column_index', type: 'integer' }], doc: 'The column exists (at position column_index, 0-based, when given).' },
  // Column map: each non-null value is checked; nulls are skipped and do not count as unexpected.
  map('expect_column_values_to_not_be_null', 'Every value of the column is present (nulls and empty cells are the unexpected values).'),
  map('expect_column_values_to_be_null', 'Every value of the column is null.'),
  map('expect_column_values_to_be_between', 'Each non-null value lies between min_value and max_value (inclusive unless strict_min/strict_max).', [...range(), dates]),
  map('expect_column_values_to_be_in_set', 'Each non-null value is one of value_set.', [{ name: 'value_set', type: 'list', required: true }, dates]),
  map('expect_column_values_to_not_be_in_set', 'No non-null value is one of value_set.', [{ name: 'value_set', type: 'list', required: true }, dates]),
  map('expect_column_values_to_be_unique', 'No non-null value appears more than once (every repeated occurrence is unexpected).'),
  map('expect_column_values_to_match_regex', 'Each non-null value contains a match of the regular expression regex.', [{ name: 'regex', type: 'string', required: true }]),
  map('expect_column_values_to_not_match_regex', 'No non-null value contains a match of the regular expression regex.', [{ name: 'regex', type: 'string', required: true }]),
  map('expect_column_values_to_match_regex_list', 'Each non-null value matches any (or, with match_on: all, every) regular expression of regex_list.', [{ name: 'regex_list', type: 'strings', required: true }, matchOn]),
  map('expect_column_values_to_not_match_regex_list', 'No non-null value matches any regular expression of regex_list.', [{ name: 'regex_list', type: 'strings', required: true }]),
  map('expect_column_values_to_match_like_pattern', 'Each non-null value matches the SQL LIKE pattern like_pattern.', [{ name: 'like_pattern', type: 'string', required: true }]),
  map('expect_column_values_to_not_match_like_pattern', 'No non-null value matches the SQL LIKE pattern like_pattern.', [{ name: 'like_pattern', type: 'string', required: true }]),
  map('expect_column_values_to_match_like_pattern_list', 'Each non-null value matches any (or, with match_on: all, every) LIKE pattern of like_pattern_list.', [{ name: 'like_pattern_list', type: 'strings', required: true }, matchOn]),
  map('expect_column_values_to_not_match_like_pattern_list', 'No non-null value matches any LIKE pattern of like_pattern_list.', [{ name: 'like_pattern_list', type: 'strings', required: true }]),
  map('expect_column_value_lengths_to_be_between', 'Each non-null value\'s length (in characters) lies between min_value and max_value.', range('integer')),
  map('expect_column_value_lengths_to_equal', 'Each non-null value is exactly `value` characters long.', [{ name: 'value', type: 'integer', required: true }]),
  map('expect_column_values_to_be_increasing', 'Each non-null value is greater than or equal to the previous one in file order (greater with strictly).', [{ name: 'strictly', type: 'boolean' }, dates]),
  map('expect_column_values_to_be_decreasing', 'Each non-null value is less than or equal to the previous one in file order (less with strictly).', [{ name: 'strictly', type: 'boolean' }, dates]),
  map('expect_column_values_to_be_dateutil_parseable', 'Each non-null value reads as a date or a date and time.'),
  map('expect_column_values_to_match_strftime_format', 'Each non-null value reads with the strftime format strftime_format.', [{ name: 'strftime_format', type: 'string', required: true }]),
  map('expect_column_values_to_be_json_parseable', 'Each non-null value is valid JSON text.'),
  map('expect_column_value_z_scores_to_be_less_than', 'Each non-null value\'s z-score (its distance from the mean in sample standard deviations; absolute when double_sided) is less than threshold.', [{ name: 'threshold', type: 'number', required: true }, { name: 'double_sided', type: 'boolean', required: true }]),
  // Of type: GX checks the column's type, not each value.
  { type: 'expect_column_values_to_be_of_type', kind: 'aggregate', kwargs: [column, { name: 'type_', type: 'string', required: true }, mostly], doc: 'The column\'s type is type_ (pandas, Python or SQL names: int64, float, str, VARCHAR, …).' },
  { type: 'expect_column_values_to_be_in_type_list', kind: 'aggregate', kwargs: [column, { name: 'type_list', type: 'strings', required: true }, mostly], doc: 'The column\'s type is one of type_list.' },
  // Column aggregate: one observed value per column, nulls left out.
  agg('expect_column_min_to_be_between', 'The smallest non-null value lies between min_value and max_value.', [...range(), dates]),
  agg('expect_column_max_to_be_between', 'The largest non-null value lies between min_value and max_value.', [...range(), dates]),
  agg('expect_column_mean_to_be_between', 'The mean of the non-null values lies between min_value and max_value.', range('number')),
  agg('expect_column_median_to_be_between', 'The median of the non-null values lies between min_value and max_value.', range('number')),
  agg('expect_column_quantile_values_to_be_between', 'Each quantile of quantile_ranges.quantiles lies in its range of quantile_ranges.value_ranges.', [{ name: 'quantile_ranges', type: 'quantileRanges', required: true }, { name: 'allow_relative_error', type: 'any' }]),
  agg('expect_column_stdev_to_be_between', 'The sample standard deviation of the non-null values lies between min_value and max_value.', range('number')),
  agg('expect_column_sum_to_be_between', 'The sum of the non-null values lies between min_value and max_value.', range('number')),
  agg('expect_column_unique_value_count_to_be_between', 'The number of distinct non-null values lies between min_value and max_value.', range('integer')),
  agg('expect_column_proportion_of_unique_values_to_be_between', 'The number of distinct non-null values divided by the number of non-null values lies between min_value and max_value.', range('number')),
  agg('expect_column_distinct_values_to_be_in_set', 'Every distinct non-null value is one of value_set.', [{ name: 'value_set', type: 'list', required: true }, dates]),
  agg('expect_column_distinct_values_to_contain_set', 'The distinct non-null values include every value of value_set.', [{ name: 'value_set', type: 'list', required: true }, dates]),
  agg('expect_column_distinct_values_to_equal_set', 'The distinct non-null values are exactly value_set.', [{ name: 'value_set', type: 'list', required: true }, dates]),
  agg('expect_column_most_common_value_to_be_in_set', 'The most common non-null value is one of value_set (with ties, ties_okay: true is met when one of the most common values is in value_set; without it, a tie fails).', [{ name: 'value_set', type: 'list', required: true }, { name: 'ties_okay', type: 'boolean' }]),
  // Column pair.
  { type: 'expect_column_pair_values_A_to_be_greater_than_B', kind: 'pair', kwargs: [{ name: 'column_A', type: 'column', required: true }, { name: 'column_B', type: 'column', required: true }, { name: 'or_equal', type: 'boolean' }, pairIgnore, dates, mostly], doc: 'On each row, column_A\'s value is greater than column_B\'s (or equal, with or_equal).' },
  { type: 'expect_column_pair_values_to_be_equal', kind: 'pair', kwargs: [{ name: 'column_A', type: 'column', required: true }, { name: 'column_B', type: 'column', required: true }, pairIgnore, mostly], doc: 'On each row, column_A and column_B hold the same value.' },
  { type: 'expect_column_pair_values_to_be_in_set', kind: 'pair', kwargs: [{ name: 'column_A', type: 'column', required: true }, { name: 'column_B', type: 'column', required: true }, { name: 'value_pairs_set', type: 'pairs', required: true }, pairIgnore, mostly], doc: 'On each row, the pair (column_A, column_B) is one of value_pairs_set.' },
  // Multicolumn.
  { type: 'expect_compound_columns_to_be_unique', kind: 'multicolumn', kwargs: [columnList, multiIgnore, mostly], doc: 'No two rows hold the same combination of values in column_list.' },
  { type: 'expect_multicolumn_sum_to_equal', kind: 'multicolumn', kwargs: [columnList, { name: 'sum_total', type: 'number', required: true }, multiIgnore, mostly], doc: 'On each row, the values of column_list add up to sum_total.' },
  { type: 'expect_select_column_values_to_be_unique_within_record', kind: 'multicolumn', kwargs: [columnList, multiIgnore, mostly], doc: 'On each row, the columns of column_list hold different values.' },
];

/** A required list GX reads as "any" when null (its vacuous forms): the editor accepts it, the engine runs it so. */
export function vacuousNull(type: string, name: string, value: unknown): boolean {
  return value === null && (name === 'type_list' || name === 'column_list' || name === 'column_set' || (name === 'value_set' && type === 'expect_column_distinct_values_to_be_in_set'));
}

/** GX 1.x's names of 0.x types (GX 1.x renamed the pair expectation's A and B to lower case). */
export const TYPE_ALIASES: Readonly<Record<string, string>> = {
  expect_column_pair_values_a_to_be_greater_than_b: 'expect_column_pair_values_A_to_be_greater_than_B',
};

const byType = new Map([
  ...EXPECTATIONS.map((e) => [e.type, e] as const),
  ...Object.entries(TYPE_ALIASES).map(([alias, type]) => [alias, { ...EXPECTATIONS.find((e) => e.type === type)!, type: alias }] as const),
]);

export function expectationSpec(type: string): ExpectationSpec | undefined {
  return byType.get(type);
}

/** Every keyword argument an expectation accepts (its own and the common ones). */
export function kwargsOf(spec: ExpectationSpec): readonly KwargSpec[] {
  return [...spec.kwargs, ...COMMON_KWARGS];
}

export const RESULT_FORMATS = ['BOOLEAN_ONLY', 'BASIC', 'SUMMARY', 'COMPLETE'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** The expectations whose kwargs hold bounds that must be ordered (min ≤ max). */
export function hasRange(spec: ExpectationSpec): boolean {
  return spec.kwargs.some((k) => k.name === 'min_value') && spec.kwargs.some((k) => k.name === 'max_value');
}

/** GX expectations Archipel knows of but does not run (distribution tests, other tables, JSON Schema): reported as such, not as misspellings. */
export const KNOWN_UNSUPPORTED: readonly string[] = [
  'expect_column_kl_divergence_to_be_less_than', 'expect_column_bootstrapped_ks_test_p_value_to_be_greater_than',
  'expect_column_chisquare_test_p_value_to_be_greater_than', 'expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than',
  'expect_column_pair_cramers_phi_value_to_be_less_than', 'expect_table_row_count_to_equal_other_table', 'expect_column_values_to_match_json_schema',
  'expect_column_values_to_be_dateutil_parseable_with_timezone', 'unexpected_rows_expectation', 'expect_query_results_to_match_comparison',
];
