/**
 * GitHub's template schema (schemas/workflows/*.json, from @actions/workflow-parser): a definition
 * per workflow or action-metadata key, saying which YAML shape it takes, which keys a mapping
 * allows, the allowed values, and which expression contexts and functions a value may use.
 * Semantics follow GitHub's reader: a `one-of` picks its branch by the node's kind (scalar,
 * sequence, mapping), mapping branches are narrowed by the keys present, and the allowed contexts
 * of a definition add to those inherited from the keys above it.
 */

export interface PropertyDef {
  type: string;
  required?: boolean;
  description?: string;
}

export interface TemplateDefinition {
  description?: string;
  context?: string[];
  mapping?: {
    properties?: Record<string, string | PropertyDef>;
    'loose-key-type'?: string;
    'loose-value-type'?: string;
  };
  sequence?: { 'item-type': string };
  'one-of'?: string[];
  'allowed-values'?: string[];
  string?: { constant?: string; 'ignore-case'?: boolean; 'require-non-empty'?: boolean; 'is-expression'?: boolean };
  null?: Record<string, never>;
  boolean?: Record<string, never>;
  number?: Record<string, never>;
}

export interface TemplateSchemaFile {
  $id: string;
  'x-archipel-root': string;
  definitions: Record<string, TemplateDefinition>;
}

export type ScalarKind = 'null' | 'boolean' | 'number' | 'string';

/** A function allowed by a `context` list entry such as `hashFiles(1,255)`. */
export interface AllowedFunction {
  name: string;
  min: number;
  max: number;
}

/** The expression contexts and functions allowed at one place of a file. */
export interface AllowedContext {
  /** Named values, lower-case (`github`, `matrix`, …). */
  names: readonly string[];
  /** Functions beyond the always-available ones (status functions, hashFiles), by lower-case name. */
  functions: ReadonlyMap<string, AllowedFunction>;
}

export const noContext: AllowedContext = { names: [], functions: new Map() };

const builtins: Record<string, TemplateDefinition> = {
  null: { null: {} },
  boolean: { boolean: {} },
  number: { number: {} },
  string: { string: {} },
  sequence: { sequence: { 'item-type': 'any' } },
  mapping: { mapping: { 'loose-key-type': 'string', 'loose-value-type': 'any' } },
  any: { 'one-of': ['null', 'boolean', 'number', 'string', 'sequence', 'mapping'] },
};

const functionPattern = /^([a-zA-Z0-9_]+)\(([0-9]+),([0-9]+|MAX)\)$/;

/** A property of a mapping definition, with the type resolved to its name. */
export interface ResolvedProperty {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

export class TemplateSchema {
  readonly root: string;
  private readonly defs: Record<string, TemplateDefinition>;
  private readonly contextCache = new Map<string, AllowedContext>();

  constructor(file: TemplateSchemaFile) {
    this.root = file['x-archipel-root'];
    this.defs = { ...builtins, ...file.definitions };
    // allowed-values become string constants, as GitHub's reader does.
    for (const [name, def] of Object.entries(file.definitions)) {
      const values = def['allowed-values'];
      if (!values) continue;
      const oneOf: string[] = [];
      for (const value of values) {
        const key = `${name}-${value}`;
        this.defs[key] = { string: { constant: value } };
        oneOf.push(key);
      }
      this.defs[name] = { ...def, 'one-of': oneOf };
    }
  }

  get(name: string): TemplateDefinition | undefined {
    return this.defs[name];
  }

  has(name: string): boolean {
    return name in this.defs;
  }

  /** The leaf definitions of a (possibly nested) one-of, with their names. */
  expand(name: string, seen = new Set<string>()): { name: string; def: TemplateDefinition }[] {
    const def = this.defs[name];
    if (!def || seen.has(name)) return [];
    seen.add(name);
    if (def['one-of']) return def['one-of'].flatMap((n) => this.expand(n, seen));
    return [{ name, def }];
  }

  scalarDefinitions(name: string): { name: string; def: TemplateDefinition; kind: ScalarKind }[] {
    const result: { name: string; def: TemplateDefinition; kind: ScalarKind }[] = [];
    for (const leaf of this.expand(name)) {
      const kind: ScalarKind | undefined = leaf.def.string ? 'string' : leaf.def.boolean ? 'boolean' : leaf.def.number ? 'number' : leaf.def.null ? 'null' : undefined;
      if (kind) result.push({ ...leaf, kind });
    }
    return result;
  }

  mappingDefinitions(name: string): { name: string; def: TemplateDefinition }[] {
    return this.expand(name).filter((leaf) => leaf.def.mapping);
  }

  sequenceDefinition(name: string): { name: string; def: TemplateDefinition } | undefined {
    return this.expand(name).find((leaf) => leaf.def.sequence);
  }

  /** The string constants a definition accepts (event names, activity types, permission levels…). */
  constants(name: string): string[] {
    return this.scalarDefinitions(name)
      .map((s) => s.def.string?.constant)
      .filter((c): c is string => c !== undefined);
  }

  /** The description of a definition, looking through a one-of that has none of its own. */
  description(name: string): string | undefined {
    return this.defs[name]?.description;
  }

  properties(def: TemplateDefinition): ResolvedProperty[] {
    return Object.entries(def.mapping?.properties ?? {}).map(([key, value]) =>
      typeof value === 'string'
        ? { name: key, type: value, required: false, description: this.defs[value]?.description }
        : { name: key, type: value.type, required: value.required === true, description: value.description ?? this.defs[value.type]?.description },
    );
  }

  property(def: TemplateDefinition, key: string): ResolvedProperty | undefined {
    const value = def.mapping?.properties?.[key];
    if (value === undefined) return undefined;
    return typeof value === 'string'
      ? { name: key, type: value, required: false, description: this.defs[value]?.description }
      : { name: key, type: value.type, required: value.required === true, description: value.description ?? this.defs[value.type]?.description };
  }

  /** The contexts allowed in a definition, added to those inherited from above (GitHub's rule). */
  allowedContext(name: string, inherited: AllowedContext): AllowedContext {
    const own = this.defs[name]?.context;
    if (!own || own.length === 0) return inherited;
    const cacheKey = `${name}\u0000${inherited.names.join(',')}\u0000${[...inherited.functions.keys()].join(',')}`;
    const cached = this.contextCache.get(cacheKey);
    if (cached) return cached;
    const names = [...inherited.names];
    const functions = new Map(inherited.functions);
    for (const entry of own) {
      const match = functionPattern.exec(entry);
      if (match) {
        const fn = match[1].toLowerCase();
        if (!functions.has(fn)) functions.set(fn, { name: match[1], min: Number(match[2]), max: match[3] === 'MAX' ? Number.MAX_SAFE_INTEGER : Number(match[3]) });
      } else if (!names.includes(entry.toLowerCase())) {
        names.push(entry.toLowerCase());
      }
    }
    const result: AllowedContext = { names, functions };
    this.contextCache.set(cacheKey, result);
    return result;
  }
}
