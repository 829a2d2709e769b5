/**
 * Provider schemas: what each resource type, data source and provider configuration takes. The
 * bundled ones (schemas/terraform/<provider>.json, scripts/gen-terraform-schemas.mjs) describe one
 * version of each provider; a `terraform providers schema -json` output the user keeps in the
 * repository describes the versions they run, and wins. When a module constrains a provider to
 * versions the bundled schema is not, what the schema says is a warning that says so.
 */

/** A block's arguments (name → required) and nested blocks (name → [required, schema, or null when not described]). */
export interface BlockSchema {
  a: Record<string, 0 | 1>;
  b: Record<string, [0 | 1, BlockSchema | null]>;
}

export interface ProviderSchema {
  provider: string;
  /** `hashicorp/aws`. */
  source: string;
  version: string;
  /** Where it comes from: the bundled package, or the user's file. */
  package: string;
  provider_config: BlockSchema;
  resources: Record<string, BlockSchema>;
  data: Record<string, BlockSchema>;
  /** Read from the user's `terraform providers schema -json` file: the versions they run. */
  user?: boolean;
}

/** The schemas of a run: by provider source (`hashicorp/aws`). */
export type ProviderSchemas = ReadonlyMap<string, ProviderSchema>;

interface JsonBlock {
  attributes?: Record<string, { required?: boolean; optional?: boolean; computed?: boolean }>;
  block_types?: Record<string, { nesting_mode?: string; min_items?: number; block?: JsonBlock }>;
}

function fromJsonBlock(block: JsonBlock | undefined, depth = 0): BlockSchema {
  const schema: BlockSchema = { a: {}, b: {} };
  if (!block || depth > 12) return schema;
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    // Computed-only attributes are results, not arguments.
    if (attribute.computed && !attribute.optional && !attribute.required) continue;
    schema.a[name] = attribute.required ? 1 : 0;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) schema.b[name] = [(nested.min_items ?? 0) > 0 ? 1 : 0, fromJsonBlock(nested.block, depth + 1)];
  return schema;
}

/** The schemas of a `terraform providers schema -json` output; undefined when the text is not one. */
export function readProvidersSchemaJson(text: string): ProviderSchema[] | undefined {
  let parsed: { provider_schemas?: Record<string, { provider?: { block?: JsonBlock }; resource_schemas?: Record<string, { block?: JsonBlock }>; data_source_schemas?: Record<string, { block?: JsonBlock }> }> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed.provider_schemas !== 'object') return undefined;
  return Object.entries(parsed.provider_schemas).map(([address, schema]) => {
    const source = address.split('/').slice(-2).join('/');
    const map = (entries: Record<string, { block?: JsonBlock }> | undefined) => Object.fromEntries(Object.entries(entries ?? {}).map(([type, s]) => [type, fromJsonBlock(s.block)]));
    return { provider: source.split('/')[1], source, version: '', package: 'terraform providers schema -json', provider_config: fromJsonBlock(schema.provider?.block), resources: map(schema.resource_schemas), data: map(schema.data_source_schemas), user: true };
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
