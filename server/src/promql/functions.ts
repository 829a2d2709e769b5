/**
 * The functions of PromQL as the checker of Prometheus's UI types them (codemirror-promql's
 * types/function, which follows promql/parser/functions.go), without loading it: fastParse.ts checks
 * calls against it and analysis.ts reads return types from it. promql-fast-parse.test.ts compares
 * it with the checker's table entry by entry, and the node names with Lezer's grammar.
 */

/** A value type as the checker of Prometheus's UI names it. */
export type ValueType = 'vector' | 'matrix' | 'scalar' | 'string' | 'none';

/** A function's signature as the checker's table (codemirror-promql's types/function) has it. */
export interface FunctionSignature {
  /** The name the checker's messages use (its table writes `Cosh`, `Sinh`). */
  name: string;
  argTypes: readonly ValueType[];
  variadic: number;
  returnType: ValueType;
}

const typeLetters: Record<string, ValueType> = { v: 'vector', m: 'matrix', s: 'scalar', S: 'string' };

/**
 * The checker's table, by the name written in an expression: `name:argument types:variadic:return`
 * (v vector, m matrix, s scalar, S string). The test compares it with the table's every entry.
 */
const table =
  'abs:v:0:v absent:v:0:v absent_over_time:m:0:v acos:v:0:v acosh:v:0:v asin:v:0:v asinh:v:0:v atan:v:0:v atanh:v:0:v avg_over_time:m:0:v ceil:v:0:v changes:m:0:v clamp:vss:0:v clamp_max:vs:0:v clamp_min:vs:0:v cos:v:0:v cosh=Cosh:v:0:v count_over_time:m:0:v day_of_month:v:1:v day_of_week:v:1:v day_of_year:v:1:v days_in_month:v:1:v deg:v:0:v delta:m:0:v deriv:m:0:v double_exponential_smoothing:mss:0:v end::0:s exp:v:0:v first_over_time:m:0:v floor:v:0:v histogram_avg:v:0:v histogram_count:v:0:v histogram_fraction:ssv:0:v histogram_quantile:sv:0:v histogram_quantiles:vSss:10:v histogram_stddev:v:0:v histogram_stdvar:v:0:v histogram_sum:v:0:v hour:v:1:v idelta:m:0:v increase:m:0:v info:vv:1:v irate:m:0:v label_join:vSSS:-1:v label_replace:vSSSS:0:v last_over_time:m:0:v ln:v:0:v log10:v:0:v log2:v:0:v mad_over_time:m:0:v max_over_time:m:0:v min_over_time:m:0:v minute:v:1:v month:v:1:v pi::0:v predict_linear:ms:0:v present_over_time:m:0:v quantile_over_time:sm:0:v rad:v:0:v range::0:s rate:m:0:v resets:m:0:v round:vs:1:v scalar:v:0:s sgn:v:0:v sin:v:0:v sinh=Sinh:v:0:v sort:v:0:v sort_by_label:vS:-1:v sort_by_label_desc:vS:-1:v sort_desc:v:0:v sqrt:v:0:v start::0:s start_timestamp:v:0:v stddev_over_time:m:0:v stdvar_over_time:m:0:v step::0:s sum_over_time:m:0:v tan:v:0:v tanh:v:0:v time::0:s timestamp:v:0:v ts_of_first_over_time:m:0:v ts_of_last_over_time:m:0:v ts_of_max_over_time:m:0:v ts_of_min_over_time:m:0:v vector:s:0:v year:v:1:v';

let signatures: Map<string, FunctionSignature> | undefined;

/** The signature of the function an expression calls by `name` (as written), from the checker's table. */
export function functionSignature(name: string): FunctionSignature | undefined {
  if (!signatures) {
    signatures = new Map();
    for (const entry of table.split(' ')) {
      const [names, args, variadic, result] = entry.split(':');
      const [written, shown] = names.split('=');
      signatures.set(written, { name: shown ?? written, argTypes: [...args].map((c) => typeLetters[c]), variadic: Number(variadic), returnType: typeLetters[result] });
    }
  }
  return signatures.get(name);
}

/** Lezer's node name of each function (the grammar's FunctionIdentifier alternatives). */
const nodeNames = new Map<string, string>();
export function functionNodeName(name: string): string {
  let known = nodeNames.get(name);
  if (known === undefined) nodeNames.set(name, (known = nodeNameOf(name)));
  return known;
}
function nodeNameOf(name: string): string {
  const special = new Map(Object.entries({ start: 'StartFn', end: 'EndFn', histogram_stddev: 'HistogramStdDev', histogram_stdvar: 'HistogramStdVar', log10: 'Log10', log2: 'Log2' }));
  return special.get(name) ?? name.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

