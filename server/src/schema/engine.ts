import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type * as AjvBundle from './ajv.lazy';

/** A generated schema bundle (see scripts/gen-k8s-schemas.mjs): definitions plus a kind table. */

/** Ajv's compilers and formats: their own bundle (ajv.lazy.ts), read on the first call, when a schema is compiled at run time. */
export function ajvCompilers(): typeof AjvBundle {
  return require('./ajv.lazy') as typeof AjvBundle;
}

export interface SchemaBundle {
  $id: string;
  title?: string;
  description?: string;
  'x-archipel-kubernetes-version'?: string;
  /** `<apiVersion>/<kind>` → definition name. */
  'x-archipel-kinds'?: Record<string, string>;
  definitions: Record<string, JsonSchema>;
}

/** The subset of JSON Schema the engine reads for messages, completion and hover. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  [keyword: string]: unknown;
}

interface KindEntry {
  bundle: SchemaBundle;
  definition: string;
}

/**
 * Validates plain values against the definitions of schema bundles, dispatching by an exact key
 * (for Kubernetes `<apiVersion>/<kind>`), never by "closest schema". Validators compile lazily on
 * first use: a workspace with three kinds never pays for the two hundred others.
 */
export class SchemaEngine {
  private ajvInstance: Ajv | undefined;
  private readonly kinds = new Map<string, KindEntry>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly names = new WeakMap<object, string>();
  private readonly bundles = new Map<string, SchemaBundle>();

  /**
   * @param precompiled validators generated at build time (scripts/gen-validators.mjs) by kind
   * key; kinds without one are compiled here on first use.
   */
  constructor(
    bundles: readonly SchemaBundle[],
    private readonly precompiled: Readonly<Record<string, ValidateFunction>> = {},
  ) {
    for (const bundle of bundles) this.addBundle(bundle);
  }

  /** The run-time compiler, created only when a kind has no precompiled validator. */
  private get ajv(): Ajv {
    if (!this.ajvInstance) {
      // The same options as scripts/gen-validators.mjs, so both report errors alike.
      // logger off: the server may speak LSP over stdout, where a stray warning corrupts the stream.
      const { Ajv: Compiler, addFormats } = ajvCompilers();
      this.ajvInstance = new Compiler({ allErrors: true, strict: false, validateSchema: false, logger: false, inlineRefs: false });
      addFormats(this.ajvInstance);
      for (const bundle of this.bundles.values()) this.ajvInstance.addSchema(bundle, bundle.$id);
    }
    return this.ajvInstance;
  }

  addBundle(bundle: SchemaBundle): void {
    this.bundles.set(bundle.$id, bundle);
    this.ajvInstance?.addSchema(bundle, bundle.$id);
    for (const [key, definition] of Object.entries(bundle['x-archipel-kinds'] ?? {})) {
      this.kinds.set(key, { bundle, definition });
    }
  }

  has(key: string): boolean {
    return this.kinds.has(key);
  }

  keys(): IterableIterator<string> {
    return this.kinds.keys();
  }

  /** The top-level schema of a kind. */
  schemaFor(key: string): JsonSchema | undefined {
    const entry = this.kinds.get(key);
    return entry ? this.named(entry.bundle.definitions[entry.definition], entry.definition) : undefined;
  }

  /**
   * Records a definition's name as it is reached (a kind's schema, a `$ref`): definitions may be
   * parsed lazily (schema/lazyBundle.ts), so they are not all known up front.
   */
  private named(schema: JsonSchema | undefined, name: string): JsonSchema | undefined {
    if (schema && !this.names.has(schema)) this.names.set(schema, name);
    return schema;
  }

  validate(key: string, value: unknown): ErrorObject[] | undefined {
    const validator = this.validator(key);
    if (!validator) return undefined;
    return validator(value) ? [] : [...(validator.errors ?? [])];
  }

  /** The short type name (`DeploymentSpec`) of a definition's schema, once reached through this engine. */
  typeName(schema: unknown): string | undefined {
    if (typeof schema !== 'object' || schema === null) return undefined;
    const name = this.names.get(schema);
    return name ? name.slice(name.lastIndexOf('.') + 1) : undefined;
  }

  /**
   * Follows `$ref` within the bundles (one hop at a time until a concrete schema). `home`: the bundle the schema comes
   * from, where a local `$ref` (`#/definitions/…`) is looked up first; without it, in every bundle in turn.
   */
  resolve(schema: JsonSchema | undefined, home?: SchemaBundle): JsonSchema | undefined {
    let current = schema;
    for (let hops = 0; current?.$ref && hops < 32; hops++) {
      const ref = current.$ref;
      const hash = ref.indexOf('#');
      const bundleId = hash > 0 ? ref.slice(0, hash) : undefined;
      const pointer = ref.slice(hash + 1);
      const match = /^\/definitions\/(.+)$/.exec(pointer);
      if (!match) return current;
      const name = match[1].replace(/~1/g, '/').replace(/~0/g, '~');
      current = this.named(bundleId ? this.bundles.get(bundleId)?.definitions[name] : this.findDefinition(name, home), name);
    }
    return current;
  }

  /** The schema describing the value at `path` under a kind, merging anyOf/allOf branches. */
  schemaAtPath(key: string, path: readonly (string | number)[]): JsonSchema | undefined {
    // A kind's local references name its own bundle's definitions: a Kubernetes kind's message never reads Argo's.
    const home = this.kinds.get(key)?.bundle;
    let schema = this.resolve(this.schemaFor(key), home);
    for (const segment of path) {
      if (!schema) return undefined;
      schema = this.child(schema, segment, home);
    }
    return schema;
  }

  private child(schema: JsonSchema, segment: string | number, home: SchemaBundle | undefined): JsonSchema | undefined {
    // JSON pointers give indexes as strings.
    if (typeof segment === 'string' && /^\d+$/.test(segment) && schema.items && !schema.properties) segment = Number(segment);
    if (typeof segment === 'number') {
      const items = schema.items;
      return this.resolve(Array.isArray(items) ? items[segment] : items, home);
    }
    const prop = schema.properties?.[segment];
    if (prop) return this.resolve(prop, home);
    // Keyed maps (Compose's services, networks, …) name their entries by pattern.
    const patterns = schema.patternProperties as Record<string, JsonSchema> | undefined;
    for (const [pattern, sub] of Object.entries(patterns ?? {})) if (new RegExp(pattern, 'u').test(segment)) return this.resolve(sub, home);
    if (typeof schema.additionalProperties === 'object') return this.resolve(schema.additionalProperties, home);
    for (const branch of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
      const resolved = this.resolve(branch, home);
      const found = resolved && this.child(resolved, segment, home);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Loads now what a kind's first validation and first message would load: its validator (a precompiled module, or
   * compiled here) and its bundle's definitions index (schema/lazyBundle.ts). Idle-time work (Feature.warm).
   */
  warm(key: string): void {
    this.validator(key);
    const bundle = this.kinds.get(key)?.bundle;
    if (bundle) void bundle.definitions;
  }

  private findDefinition(name: string, home?: SchemaBundle): JsonSchema | undefined {
    const own = home?.definitions[name];
    if (own) return own;
    for (const bundle of this.bundles.values()) {
      const found = bundle.definitions[name];
      if (found) return found;
    }
    return undefined;
  }

  private validator(key: string): ValidateFunction | undefined {
    const known = this.validators.get(key) ?? this.precompiled[key];
    if (known) return known;
    const entry = this.kinds.get(key);
    if (!entry) return undefined;
    const validator = this.ajv.getSchema(`${entry.bundle.$id}#/definitions/${escapePointer(entry.definition)}`) as ValidateFunction | undefined;
    if (!validator) return undefined;
    this.validators.set(key, validator);
    return validator;
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
