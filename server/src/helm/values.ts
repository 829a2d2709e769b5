/**
 * A chart's values: values.yaml read as Helm reads it (numbers float64, maps), coalesced as Helm
 * coalesces (an override's map merged into the defaults, a null deleting the key, a dependency's
 * own values.yaml under its name or alias, `global` shared), and checked against the chart's
 * values.schema.json with ajv (drafts 4 to 2020-12; `pattern` on RE2, as Helm's Go validator
 * reads it, in linear time). Errors land on the value in the file being checked.
 */
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import type { Finding } from '../common/findings';
import { re2 } from '../gotemplate/regex';
import { deepCopy, fromPlain, isMap, toPlain, type GoMap, type GoValue } from '../gotemplate/values';
import { t } from '../l10n/t';
import { ajvCompilers, SchemaEngine, type JsonSchema } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { deepestInTree, type SourceNode } from '../yaml/tree';
import type { ChartLayout } from './chart';
import { readChartYaml } from './chartFile';
import { chartDependencies, dependencyEnabled, type ChartDependency } from './dependencies';
import * as rules from './rules';

const valuesKey = Symbol('helm-values');

/** A values file's mapping (Go values), its tree for positions, its chunk offset; undefined when it is not a mapping. */
export interface ValuesDocument {
  values: GoMap;
  plain: unknown;
  tree: SourceNode | null;
  offset: number;
}

export function readValues(file: IndexedFile | undefined): ValuesDocument | undefined {
  if (!file) return undefined;
  return file.model(valuesKey, () => {
    const first = file.yaml?.chunks[0];
    if (!first) return { values: new Map(), plain: {}, tree: null, offset: 0 };
    // A key repeated: read as Helm reads it, the last value winning (the YAML family still reports the duplicate).
    const plain = first.chunk.wellFormed ? (first.chunk.value ?? {}) : first.chunk.lastKeyWinsValue;
    if (plain === undefined) return undefined;
    const values = fromPlain(plain);
    if (!isMap(values)) return undefined;
    return { values, plain, tree: first.chunk.tree, offset: first.offset };
  });
}

/** Helm's CoalesceTables: `override` over `defaults`, maps merged deeply, a null in `override` deleting the key. Iterative; returns a new map. */
export function coalesce(defaults: GoMap, override: GoMap): GoMap {
  const result = deepCopy(defaults) as GoMap;
  const work: [GoMap, GoMap][] = [[result, override]];
  while (work.length > 0) {
    const [into, from] = work.pop()!;
    for (const [key, value] of from) {
      const current = into.get(key);
      if (value === null) into.delete(key);
      else if (isMap(value) && isMap(current)) work.push([current, value]);
      else into.set(key, deepCopy(value));
    }
  }
  return result;
}

/** A copy of `values` without its null entries, at every depth (Helm's cleanNilValues). Iterative. */
export function withoutNulls(values: GoMap): GoMap {
  const result: GoMap = new Map();
  const work: [GoMap, GoMap][] = [[values, result]];
  while (work.length > 0) {
    const [from, into] = work.pop()!;
    for (const [key, value] of from) {
      if (value === null) continue;
      if (isMap(value)) {
        const inner: GoMap = new Map();
        into.set(key, inner);
        work.push([value, inner]);
      } else into.set(key, deepCopy(value));
    }
  }
  return result;
}

/** Helm's mergeMaps of the user's values (-f files in order, then --set): maps merged deeply, anything else replaced, a null kept (it deletes a default once coalesced). Iterative; returns a new map. */
export function mergeValues(base: GoMap, over: GoMap): GoMap {
  const result = deepCopy(base) as GoMap;
  const work: [GoMap, GoMap][] = [[result, over]];
  while (work.length > 0) {
    const [into, from] = work.pop()!;
    for (const [key, value] of from) {
      const current = into.get(key);
      if (isMap(value) && isMap(current)) work.push([current, value]);
      else into.set(key, deepCopy(value));
    }
  }
  return result;
}

/**
 * A chart's default values as Helm computes them: values.yaml with each dependency's defaults
 * under its key (alias, else name), `global` shared; then the dependencies its tags and
 * conditions turn off (read with `given` over them: the user's values) left out, and
 * import-values applied. `seen`: the charts on the way (two charts of a workspace may name each
 * other).
 */
export function defaultValues(index: WorkspaceIndex, layout: ChartLayout, options: { seen?: ReadonlySet<string>; given?: GoMap } = {}): GoMap {
  // A null in a chart's own values.yaml deletes nothing: Helm cleans the defaults of nulls before coalescing (cleanNilValues);
  // only a null the user gives (-f, --set, an Argo CD Application's values) deletes a default (helm/helm's issue-9027 golden).
  const own = withoutNulls(readValues(layout.values ? layout.home.get(layout.values) : undefined)?.values ?? new Map<string, GoValue>());
  const inner = new Set([...(options.seen ?? []), layout.root]);
  const dependencies = chartDependencies(index, layout).filter((dep) => dep.layout && !inner.has(dep.layout.root));
  if (dependencies.length === 0) return importValues(index, layout, own, []);
  const defaults = new Map(dependencies.map((dep) => [dep, defaultValues(index, dep.layout!, { seen: inner })]));
  const global = own.get('global');
  const under = (list: readonly ChartDependency[]) => {
    let values = own;
    for (const dep of list) {
      const current = values.get(dep.key);
      let merged = coalesce(defaults.get(dep)!, isMap(current) ? current : new Map<string, GoValue>());
      // Helm's coalesceGlobals: the parent's globals over the dependency's own, in its section (never the other way up).
      if (isMap(global ?? null)) merged = coalesce(merged, new Map<string, GoValue>([['global', global as GoMap]]));
      values = coalesce(values, new Map([[dep.key, merged]]));
    }
    return values;
  };
  const all = under(dependencies);
  const decided = options.given ? coalesce(all, options.given) : all;
  const enabled = dependencies.filter((dep) => dependencyEnabled(dep, decided));
  return importValues(index, layout, enabled.length === dependencies.length ? all : under(enabled), enabled);
}

/** Every dependency's defaults under its key, the ones its tags or conditions turn off too: what a template may read once the user turns one on. */
export function dependencyDefaults(index: WorkspaceIndex, layout: ChartLayout): GoMap {
  const values: GoMap = new Map();
  for (const dep of chartDependencies(index, layout)) if (dep.layout && dep.layout.root !== layout.root && !values.has(dep.key)) values.set(dep.key, defaultValues(index, dep.layout, { seen: new Set([layout.root]) }));
  return values;
}

/** The map at a dotted path of values (`a.b`), if it is one. */
function tableAt(values: GoMap, path: string): GoMap | undefined {
  let current: GoValue = values;
  for (const key of path.split('.').filter((k) => k !== '')) current = isMap(current) ? (current.get(key) ?? null) : null;
  return isMap(current) ? current : undefined;
}

/** `{a: {b: table}}` for the path `a.b` (`.`: the table itself). */
function atPath(path: string, table: GoMap): GoMap {
  return path.split('.').filter((k) => k !== '').reduceRight<GoMap>((inner, key) => new Map([[key, inner]]), table);
}

/** Helm's import-values of the enabled dependencies: a dependency's values (`exports.<name>`, or `child` to `parent`) copied into the parent's, the parent's own values winning. */
function importValues(_index: WorkspaceIndex, layout: ChartLayout, values: GoMap, enabled: readonly ChartDependency[]): GoMap {
  const chart = readChartYaml(layout.home.get(layout.chartYaml));
  const declared = Array.isArray(chart?.value.dependencies) ? (chart.value.dependencies as unknown[]) : [];
  const keys = new Set(enabled.map((dep) => dep.key));
  let imported: GoMap = new Map();
  for (const entry of declared) {
    const dep = entry as { name?: unknown; alias?: unknown; 'import-values'?: unknown } | null;
    const name = typeof dep?.alias === 'string' && dep.alias !== '' ? dep.alias : typeof dep?.name === 'string' ? dep.name : undefined;
    if (!name || !keys.has(name) || !Array.isArray(dep?.['import-values'])) continue;
    for (const item of dep['import-values'] as unknown[]) {
      const spec = typeof item === 'string' ? { child: `exports.${item}`, parent: '.' } : (item as { child?: unknown; parent?: unknown } | null);
      if (typeof spec?.child !== 'string' || typeof spec.parent !== 'string') continue;
      const table = tableAt(values, `${name}.${spec.child}`);
      if (table) imported = coalesce(imported, atPath(spec.parent, table));
    }
  }
  return imported.size > 0 ? coalesce(imported, values) : values;
}

type Engine = { validate: ValidateFunction; engine: SchemaEngine } | { error: string };
const schemaKey = Symbol('helm-schema');

/** ajv's regular expressions on RE2 (Go's syntax, linear time): a pattern RE2 refuses is a schema error. */
const re2Engine = Object.assign(
  (pattern: string) => {
    const re = re2().compile(pattern);
    // ajv keeps one compiled pattern per toString(): it must name the pattern.
    return { test: (s: string) => re.matcher(s).find(), toString: () => `re2:${pattern}` };
  },
  { code: 're2' },
);

/** values.schema.json compiled once per version of its text, or why it cannot be. */
export function compiledSchema(file: IndexedFile): Engine {
  return file.model(schemaKey, (): Engine => {
    let schema: unknown;
    try {
      schema = JSON.parse(file.text);
    } catch (error) {
      return { error: t('values.schema.json is not JSON: {0}', error instanceof Error ? error.message : String(error)) };
    }
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return { error: t('values.schema.json must be a JSON object (a JSON Schema)') };
    const draft = String((schema as { $schema?: unknown }).$schema ?? '');
    const options = { allErrors: true, strict: false, logger: false, validateSchema: false, code: { regExp: re2Engine } } as const;
    // Ajv's own bundle, read with the first chart schema compiled (schema/ajv.lazy.ts).
    const { Ajv, Ajv2019, Ajv2020, addFormats } = ajvCompilers();
    const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
    addFormats(ajv);
    try {
      const validate = ajv.compile(schema as AnySchema);
      const definitions = { ...((schema as { definitions?: Record<string, JsonSchema> }).definitions ?? {}), 'helm.values': schema as JsonSchema };
      const engine = new SchemaEngine([{ $id: `archipel:helm-values:${file.uri}`, definitions, 'x-archipel-kinds': { values: 'helm.values' } }]);
      return { validate, engine };
    } catch (error) {
      return { error: t('values.schema.json cannot be compiled: {0}', error instanceof Error ? error.message : String(error)) };
    }
  });
}

/** The schema errors of `values` (plain JSON data), or the schema's own problem. */
export function schemaErrors(schema: IndexedFile, values: unknown): { errors: ErrorObject[]; engine: SchemaEngine } | { error: string } {
  const compiled = compiledSchema(schema);
  if ('error' in compiled) return compiled;
  let valid: boolean;
  try {
    valid = compiled.validate(values);
  } catch (error) {
    return { error: t('values.schema.json cannot be applied: {0}', error instanceof Error ? error.message : String(error)) };
  }
  return { errors: valid ? [] : [...(compiled.validate.errors ?? [])], engine: compiled.engine };
}

/**
 * Findings of a values file against the chart's schema: values.yaml alone, another values file
 * over the defaults (only errors at a value the file writes are its own).
 */
export function valuesSchemaFindings(index: WorkspaceIndex, layout: ChartLayout, file: IndexedFile): Finding[] {
  const schemaFile = layout.schema ? index.get(layout.schema) : undefined;
  const doc = readValues(file);
  if (!schemaFile || !doc) return [];
  const isDefaults = file.uri === layout.values;
  const merged = isDefaults ? doc.values : coalesce(defaultValues(index, layout), doc.values);
  const plain = toJsonData(merged);
  const result = schemaErrors(schemaFile, plain);
  if ('error' in result) return [];
  const own = isDefaults ? result.errors : result.errors.filter((e) => writtenHere(doc.tree, e));
  return schemaFindings(own, doc.tree, plain, result.engine, 'values', rules.valuesSchemaRule.id).map((f) => ({ ...f, start: f.start + doc.offset, end: f.end + doc.offset }));
}

/** Whether an error is about a value the file writes (its path, or for a missing property its object). */
function writtenHere(tree: SourceNode | null, error: ErrorObject): boolean {
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return deepestInTree(tree, path).depth === path.length && (path.length > 0 || error.keyword !== 'required');
}

/** Go values as JSON data for the validator (ints and floats as numbers). */
export function toJsonData(values: GoValue): unknown {
  return toPlain(values);
}
