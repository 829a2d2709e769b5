/**
 * Provider schemas: what each resource type, data source, ephemeral resource and provider
 * configuration takes and exports. The bundled ones (schemas/terraform/<provider>.json, written by
 * scripts/gen-terraform-schemas.mjs, format 2) describe one version of each provider; a
 * `terraform providers schema -json` output the user keeps in the repository describes the versions
 * they run, and wins. When a module constrains a provider to versions the bundled schema is not,
 * what the schema says is a warning that says so.
 *
 * Blocks are decoded from the compact file form on first use (a resource type's schema when a
 * module uses that type), and kept; descriptions are a separate table read only when asked for
 * (hover), through the loader the host gives.
 */

/** A Terraform type in cty's JSON form: `"string"`, `["list", "string"]`, `["object", { name: type }]`, `"dynamic"` (any). */
export type CtyType = string | [string, CtyType] | ['object', Record<string, CtyType>] | ['tuple', CtyType[]];

export interface AttributeSchema {
  type: CtyType;
  required: boolean;
  optional: boolean;
  /** Set by the provider (an exported attribute when neither required nor optional). */
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  /** Terraform ≥ 1.11: accepted in configuration, never stored in the state (`password_wo`). */
  writeOnly: boolean;
}

export type NestingMode = 'list' | 'set' | 'map' | 'single' | 'group';

export interface NestedBlockSchema {
  nesting: NestingMode;
  minItems: number;
  /** 0: no bound. */
  maxItems: number;
  /** Undefined: not described (nested too deep), not checked inside. */
  block: BlockSchema | undefined;
}

export interface BlockSchema {
  attributes: Readonly<Record<string, AttributeSchema>>;
  blocks: Readonly<Record<string, NestedBlockSchema>>;
}

/** What a schema describes: `resource`, `data` (data sources), `ephemeral` (Terraform ≥ 1.10). */
export type SchemaKind = 'resource' | 'data' | 'ephemeral';

export interface ProviderSchema {
  provider: string;
  /** `hashicorp/aws`. */
  source: string;
  version: string;
  /** Where it comes from: the bundled package, or the user's file. */
  package: string;
  /** Read from the user's `terraform providers schema -json` file: the versions they run. */
  user?: boolean;
  /** The types of a kind this provider has (`aws_instance`, …). */
  types(kind: SchemaKind): readonly string[];
  /** A resource type's, data source's or ephemeral resource's schema; undefined when the provider has no such type. */
  block(kind: SchemaKind, type: string): BlockSchema | undefined;
  /** The `provider` block's schema. */
  config(): BlockSchema;
  /**
   * The description of an argument (`path`: its name under its nested blocks, `['root_block_device',
   * 'volume_size']`), of a type's (`[]`), or of the provider's configuration (`kind` 'provider');
   * undefined when the provider documents none. Reads the description table on first call.
   */
  description(kind: SchemaKind | 'provider', type: string, path: readonly string[]): string | undefined;
}

/** The schemas of a run: by provider source (`hashicorp/aws`), the bundled ones read when first asked for. */
export interface ProviderSchemas {
  get(source: string): ProviderSchema | undefined;
  /** Every provider known (the bundled ones and the user's), by source. */
  sources(): readonly string[];
  /** The other majors bundled of a provider (`helm@2.json` beside `helm.json`), for a module asking for one of them (#94). */
  majors?(source: string): readonly ProviderSchema[];
}

/** The attribute flags of the file form (scripts/gen-terraform-schemas.mjs). */
const FLAG = { required: 1, optional: 2, computed: 4, sensitive: 8, deprecated: 16, writeOnly: 32 } as const;

/** A block in the file form: `a` attributes `[flags, type]`, `b` nested blocks `[min, max, block or null, nesting?]`. */
export interface RawBlock {
  a?: Record<string, [number, CtyType]>;
  b?: Record<string, [number, number, RawBlock | null, NestingMode?]>;
}

/** A provider's schema file (format 2). */
export interface RawProviderSchema {
  format?: number;
  provider: string;
  source: string;
  version: string;
  package: string;
  provider_config?: RawBlock;
  resources?: Record<string, RawBlock>;
  data?: Record<string, RawBlock>;
  ephemeral?: Record<string, RawBlock>;
  /** Another major written as what differs from the bundled `over` (`google` for google@6.json): its types that differ… */
  over?: string;
  /** …the changes of the types both have (`a`/`b` its own arguments and nested blocks where they differ, `x` the latest's it lacks)… */
  patched?: Partial<Record<'resources' | 'data' | 'ephemeral', Record<string, RawBlock & { x?: string[] }>>>;
  /** …and the latest's types it lacks. */
  removed?: Partial<Record<'resources' | 'data' | 'ephemeral', string[]>>;
}

/** A block of the latest with another major's patch applied (its top-level arguments and nested blocks). */
function patched(block: RawBlock, patch: RawBlock & { x?: string[] }): RawBlock {
  const gone = new Set(patch.x ?? []);
  const keep = <T>(members: Record<string, T> | undefined, own: Record<string, T> | undefined) => ({ ...Object.fromEntries(Object.entries(members ?? {}).filter(([name]) => !gone.has(name))), ...own });
  return { a: keep(block.a, patch.a), b: keep(block.b, patch.b) };
}

/** Another major's file laid over the latest's (`over`): the latest's types, less those it lacks, with its own. */
export function overRaw(base: RawProviderSchema, major: RawProviderSchema): RawProviderSchema {
  const merged: RawProviderSchema = { format: major.format, provider: major.provider, source: major.source, version: major.version, package: major.package, provider_config: major.provider_config ?? base.provider_config };
  for (const kind of ['resources', 'data', 'ephemeral'] as const) {
    const gone = new Set(major.removed?.[kind] ?? []);
    const table: Record<string, RawBlock> = {};
    const patches = major.patched?.[kind] ?? {};
    for (const [type, block] of Object.entries(base[kind] ?? {})) if (!gone.has(type)) table[type] = Object.hasOwn(patches, type) ? patched(block, patches[type]) : block;
    Object.assign(table, major[kind] ?? {});
    merged[kind] = table;
  }
  return merged;
}

/** A description table (`<provider>.docs.json`): each text once, then paths to its index. */
export interface RawDescriptions {
  strings: string[];
  provider_config?: Record<string, number>;
  resources?: Record<string, Record<string, number>>;
  data?: Record<string, Record<string, number>>;
  ephemeral?: Record<string, Record<string, number>>;
}

const EMPTY: BlockSchema = { attributes: {}, blocks: {} };
const decoded = new WeakMap<RawBlock, BlockSchema>();

/** A block of the file form, decoded (kept: every module using the type reads the same object). */
export function decodeBlock(raw: RawBlock | null | undefined): BlockSchema {
  if (!raw) return EMPTY;
  const known = decoded.get(raw);
  if (known) return known;
  const attributes: Record<string, AttributeSchema> = {};
  for (const [name, [flags, type]] of Object.entries(raw.a ?? {})) {
    attributes[name] = {
      type,
      required: (flags & FLAG.required) !== 0,
      optional: (flags & FLAG.optional) !== 0,
      computed: (flags & FLAG.computed) !== 0,
      sensitive: (flags & FLAG.sensitive) !== 0,
      deprecated: (flags & FLAG.deprecated) !== 0,
      writeOnly: (flags & FLAG.writeOnly) !== 0,
    };
  }
  const blocks: Record<string, NestedBlockSchema> = {};
  for (const [name, [min, max, inner, nesting]] of Object.entries(raw.b ?? {})) {
    // Decoded when first read: WAF's nested rules are deep and seldom written.
    let block: BlockSchema | undefined | null = null;
    blocks[name] = {
      nesting: nesting ?? 'list',
      minItems: min,
      maxItems: max,
      get block(): BlockSchema | undefined {
        if (block === null) block = inner ? decodeBlock(inner) : undefined;
        return block;
      },
    };
  }
  const schema = { attributes, blocks };
  decoded.set(raw, schema);
  return schema;
}

const TABLES: Record<SchemaKind, 'resources' | 'data' | 'ephemeral'> = { resource: 'resources', data: 'data', ephemeral: 'ephemeral' };

/** A provider's schema over its file form; `descriptions` reads its description table (once, when first asked). */
export function providerSchema(raw: RawProviderSchema, descriptions?: () => RawDescriptions | undefined, user?: boolean): ProviderSchema {
  let table: RawDescriptions | undefined | null = null;
  const typeNames = new Map<SchemaKind, string[]>();
  return {
    provider: raw.provider,
    source: raw.source,
    version: raw.version,
    package: raw.package,
    ...(user ? { user } : {}),
    types: (kind) => {
      let names = typeNames.get(kind);
      if (!names) typeNames.set(kind, (names = Object.keys(raw[TABLES[kind]] ?? {})));
      return names;
    },
    block: (kind, type) => {
      const entries = raw[TABLES[kind]];
      return entries && Object.hasOwn(entries, type) ? decodeBlock(entries[type]) : undefined;
    },
    config: () => decodeBlock(raw.provider_config),
    description: (kind, type, path) => {
      if (table === null) table = descriptions?.();
      if (!table) return undefined;
      const entries = kind === 'provider' ? table.provider_config : table[TABLES[kind]]?.[type];
      const index = entries?.[path.join('.')];
      return index === undefined ? undefined : table.strings[index];
    },
  };
}

/** A set of schemas by source, the bundled ones loaded when first asked for. */
export function schemaSet(load: ReadonlyMap<string, () => ProviderSchema | undefined>, over: readonly ProviderSchema[] = []): ProviderSchemas {
  const own = new Map(over.map((s) => [s.source, s]));
  return {
    get: (source) => own.get(source) ?? load.get(source)?.(),
    // `hashicorp/helm@2`: another major of hashicorp/helm, not a provider of its own.
    sources: () => [...new Set([...own.keys(), ...[...load.keys()].filter((key) => !key.includes('@'))])],
    majors: (source) => (own.has(source) ? [] : [...load].filter(([key]) => key.startsWith(`${source}@`)).flatMap(([, schema]) => schema() ?? [])),
  };
}

/** A type as Terraform writes it in a constraint: `list(string)`, `object({a = number})`, `any`. */
export function typeString(type: CtyType): string {
  if (typeof type === 'string') return type === 'dynamic' ? 'any' : type;
  if (type[0] === 'object') return `object({${Object.entries(type[1] as Record<string, CtyType>).map(([k, v]) => `${k} = ${typeString(v)}`).join(', ')}})`;
  if (type[0] === 'tuple') return `tuple([${(type[1] as CtyType[]).map(typeString).join(', ')}])`;
  return `${type[0]}(${typeString(type[1] as CtyType)})`;
}

/** A type as terraform-ls names it in completion and hover: `string`, `list of string`, `map of object`. */
export function friendlyTypeName(type: CtyType): string {
  if (typeof type === 'string') return type === 'dynamic' ? 'any type' : type;
  if (type[0] === 'object' || type[0] === 'tuple') return type[0];
  const element = type[1] as CtyType;
  return `${type[0]} of ${typeof element === 'string' ? friendlyTypeName(element) : element[0]}`;
}

// ---- the user's `terraform providers schema -json` output ----

interface JsonAttribute {
  type?: unknown;
  nested_type?: { attributes?: Record<string, JsonAttribute>; nesting_mode?: string };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
  description?: string;
}

interface JsonBlock {
  attributes?: Record<string, JsonAttribute>;
  block_types?: Record<string, { nesting_mode?: string; min_items?: number; max_items?: number; block?: JsonBlock }>;
  description?: string;
}

/** A cty type of the JSON output as the file form keeps it (unknown shapes: dynamic). */
function ctyFromJson(type: unknown, depth = 0): CtyType {
  if (typeof type === 'string') return type;
  if (!Array.isArray(type) || depth > 32) return 'dynamic';
  const [kind, inner] = type as [unknown, unknown];
  if (kind === 'object' && inner && typeof inner === 'object') return ['object', Object.fromEntries(Object.entries(inner as Record<string, unknown>).map(([k, v]) => [k, ctyFromJson(v, depth + 1)]))];
  if (kind === 'tuple' && Array.isArray(inner)) return ['tuple', inner.map((v) => ctyFromJson(v, depth + 1))];
  if (kind === 'list' || kind === 'set' || kind === 'map') return [kind, ctyFromJson(inner, depth + 1)];
  return 'dynamic';
}

/** A nested attribute's (plugin framework's) type: an object, or a collection of objects. */
function nestedType(nested: NonNullable<JsonAttribute['nested_type']>, depth: number): CtyType {
  const object: CtyType = ['object', Object.fromEntries(Object.entries(nested.attributes ?? {}).map(([k, v]) => [k, attributeType(v, depth + 1)]))];
  const mode = nested.nesting_mode;
  return mode === 'list' || mode === 'set' || mode === 'map' ? [mode, object] : object;
}

function attributeType(attribute: JsonAttribute, depth: number): CtyType {
  if (attribute.nested_type && depth < 32) return nestedType(attribute.nested_type, depth);
  return ctyFromJson(attribute.type, depth);
}

const NESTINGS = new Set<NestingMode>(['list', 'set', 'map', 'single', 'group']);

function fromJsonBlock(block: JsonBlock | undefined, docs: Record<string, string>, prefix = '', depth = 0): RawBlock {
  const raw: RawBlock = { a: {}, b: {} };
  if (!block || depth > 12) return raw;
  if (block.description && !prefix) docs[''] = block.description;
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const flags = (attribute.required ? FLAG.required : 0) | (attribute.optional ? FLAG.optional : 0) | (attribute.computed ? FLAG.computed : 0) | (attribute.sensitive ? FLAG.sensitive : 0) | (attribute.deprecated ? FLAG.deprecated : 0) | (attribute.write_only ? FLAG.writeOnly : 0);
    raw.a![name] = [flags, attributeType(attribute, 0)];
    if (attribute.description) docs[prefix + name] = attribute.description;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const mode = nested.nesting_mode as NestingMode | undefined;
    const entry: [number, number, RawBlock | null, NestingMode?] = [nested.min_items ?? 0, nested.max_items ?? (mode === 'single' ? 1 : 0), fromJsonBlock(nested.block, docs, `${prefix}${name}.`, depth + 1)];
    if (mode && mode !== 'list' && NESTINGS.has(mode)) entry.push(mode);
    raw.b![name] = entry;
  }
  return raw;
}

type JsonSchemas = Record<string, { block?: JsonBlock }> | undefined;

/** The schemas of a `terraform providers schema -json` output; undefined when the text is not one. */
export function readProvidersSchemaJson(text: string): ProviderSchema[] | undefined {
  let parsed: { provider_schemas?: Record<string, { provider?: { block?: JsonBlock }; resource_schemas?: JsonSchemas; data_source_schemas?: JsonSchemas; ephemeral_resource_schemas?: JsonSchemas }> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed.provider_schemas !== 'object' || parsed.provider_schemas === null) return undefined;
  return Object.entries(parsed.provider_schemas).map(([address, schema]) => {
    const source = address.split('/').slice(-2).join('/');
    const strings: string[] = [];
    const index = (docs: Record<string, string>) => Object.fromEntries(Object.entries(docs).map(([p, s]) => [p, strings.push(s) - 1]));
    const descriptions: RawDescriptions = { strings, resources: {}, data: {}, ephemeral: {} };
    const map = (entries: JsonSchemas, table: 'resources' | 'data' | 'ephemeral') =>
      Object.fromEntries(
        Object.entries(entries ?? {}).map(([type, s]) => {
          const docs: Record<string, string> = {};
          const raw = fromJsonBlock(s.block, docs);
          descriptions[table]![type] = index(docs);
          return [type, raw];
        }),
      );
    const providerDocs: Record<string, string> = {};
    const raw: RawProviderSchema = {
      provider: source.split('/')[1] ?? source,
      source,
      version: '',
      package: 'terraform providers schema -json',
      provider_config: fromJsonBlock(schema.provider?.block, providerDocs),
      resources: map(schema.resource_schemas, 'resources'),
      data: map(schema.data_source_schemas, 'data'),
      ephemeral: map(schema.ephemeral_resource_schemas, 'ephemeral'),
    };
    descriptions.provider_config = index(providerDocs);
    return providerSchema(raw, () => descriptions, true);
  });
}

/** A version as numbers (`6.12.0` → [6, 12, 0]); pre-release parts ignored. */
function parts(version: string): number[] {
  return version.replace(/^v/, '').split('-')[0].split('.').map((p) => Number(p) || 0);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether a Terraform version constraint (`~> 5.0`, `>= 4.5, < 6`) admits a version; undefined when it cannot be read. */
export function admits(constraint: string, version: string): boolean | undefined {
  const v = parts(version);
  for (const clause of constraint.split(',')) {
    const match = /^\s*(?:(=|!=|>=|<=|>|<|~>)\s*)?v?(\d+(?:\.\d+){0,2})(?:-[\w.]+)?\s*$/.exec(clause);
    if (!match) return undefined;
    const op = match[1] ?? '=';
    const c = parts(match[2]);
    const cmp = compare(v, c);
    const ok =
      op === '=' ? cmp === 0
      : op === '!=' ? cmp !== 0
      : op === '>' ? cmp > 0
      : op === '>=' ? cmp >= 0
      : op === '<' ? cmp < 0
      : op === '<=' ? cmp <= 0
      : // ~> x.y.z: >= x.y.z and < x.(y+1); ~> x.y: >= x.y and < (x+1)
        cmp >= 0 && (match[2].split('.').length === 1 ? true : compare(v.slice(0, match[2].split('.').length - 1), c.slice(0, match[2].split('.').length - 1)) === 0);
    if (!ok) return false;
  }
  return true;
}

/** A provider's source as Terraform normalises it (`aws` → `hashicorp/aws`, `registry.terraform.io/hashicorp/aws` → `hashicorp/aws`). */
export function normalSource(source: string): string {
  const segments = source.toLowerCase().split('/');
  if (segments.length === 1) return `hashicorp/${segments[0]}`;
  return segments.slice(-2).join('/');
}
