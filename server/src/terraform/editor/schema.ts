/**
 * The schema the editor reads a body against — the provider schemas the checks read
 * (model/providerSchemas.ts, a resource's provider resolved as schemaChecks.ts resolves it) and
 * Terraform's own blocks (model/coreSchema.ts) — seen as terraform-ls's decoder sees one: attributes
 * with their flags, type and description, nested blocks with their nesting and bounds.
 */
import type { TerraformModule, Declaration } from '../model/model';
import { CORE_BLOCKS, type CoreBlock } from '../model/coreSchema';
import { friendlyTypeName, normalSource, type AttributeSchema, type BlockSchema, type CtyType, type NestingMode, type ProviderSchema, type ProviderSchemas, type SchemaKind } from '../model/providerSchemas';
import { objectBlock } from '../model/schemaTypes';
import { providerLocalName } from '../checks/schemaChecks';
import { fsPathOf } from '../../common/containment';

export type { CtyType } from '../model/providerSchemas';

/** An attribute of a block's schema (the checks' own), named, with its description. */
export type AttributeView = Omit<AttributeSchema, 'type'> & {
  name: string;
  /** Undefined for Terraform's own arguments whose type is not said. */
  type?: CtyType;
  /** The schema's description (read when first asked: the description tables load then). */
  readonly description?: string;
};

export interface BlockTypeView {
  name: string;
  min: number;
  max: number;
  nesting: NestingMode;
  /** Undefined: not described (too deep, or a block whose content is free). */
  readonly block?: BlockView;
  readonly description?: string;
  /** Labels the block takes (Terraform's own blocks: `resource "type" "name"`). */
  labels?: readonly string[];
  /** One of Terraform's own blocks (`resource`, `lifecycle`): its detail is `Block`, as terraform-schema gives it no nesting. */
  core?: boolean;
}

export interface BlockView {
  attributes: ReadonlyMap<string, AttributeView>;
  blocks: ReadonlyMap<string, BlockTypeView>;
  /** Any other attribute is accepted (a module's inputs, `locals`, a backend's settings). */
  open?: boolean;
}

/** Descriptions of a block's attributes by path (`['root_block_device', 'volume_size']`). */
export type Describe = (path: readonly string[]) => string | undefined;

const views = new WeakMap<BlockSchema, Map<string, BlockView>>();

/** A provider's block as a view; `describe` and `key` (who describes it) name its descriptions. */
export function blockView(schema: BlockSchema, describe?: Describe, key = '', prefix: readonly string[] = []): BlockView {
  let byKey = views.get(schema);
  if (!byKey) views.set(schema, (byKey = new Map<string, BlockView>()));
  const cacheKey = `${key}\u0000${prefix.join('.')}`;
  const hit = byKey.get(cacheKey);
  if (hit) return hit;
  const attributes = new Map<string, AttributeView>();
  for (const [name, a] of Object.entries(schema.attributes)) {
    attributes.set(name, {
      ...a,
      name,
      get description() {
        return describe?.([...prefix, name]);
      },
    });
  }
  const blocks = new Map<string, BlockTypeView>();
  for (const [name, nested] of Object.entries(schema.blocks)) {
    blocks.set(name, {
      name,
      min: nested.minItems,
      max: nested.maxItems,
      nesting: nested.nesting,
      get block() {
        const inner = nested.block;
        return inner ? blockView(inner, describe, key, [...prefix, name]) : undefined;
      },
      get description() {
        return describe?.([...prefix, name]);
      },
    });
  }
  const view = { attributes, blocks };
  byKey.set(cacheKey, view);
  return view;
}

/** What the editor is given of the family's data: the schemas of a module's folder. */
export interface EditorSchemas {
  /** The provider schemas a module's folder sees (the checks' own: bundled, the user's over them). */
  schemas?: (folder: string) => ProviderSchemas;
}

/** A provider's schema for a kind and type. */
export interface ResolvedType {
  provider: ProviderSchema;
  table: SchemaKind;
  type: string;
  view: BlockView;
}

/** The provider a module's resource (or a local name) uses, as the checks resolve it: its `provider` argument's, else its type's prefix, through `required_providers`. */
function providerOf(module: TerraformModule, schemas: ProviderSchemas, local: string): ProviderSchema | undefined {
  return schemas.get(normalSource(module.requiredProviders.get(local)?.source ?? local));
}

/** The schema a resource, data source or ephemeral resource of a module reads, if its provider's is known. */
export function resolveType(module: TerraformModule, data: EditorSchemas, table: SchemaKind, type: string, declaration?: Declaration): ResolvedType | undefined {
  const schemas = data.schemas?.(fsFolder(module.folder));
  const provider = schemas && providerOf(module, schemas, declaration ? providerLocalName(declaration) : type.split('_')[0]);
  const block = provider?.block(table, type);
  if (!provider || !block) return undefined;
  return { provider, table, type, view: blockView(block, (path) => provider.description(table, type, path), `${provider.source} ${table} ${type}`) };
}

/** A provider's configuration block (`provider "aws" {}`). */
export function resolveProvider(module: TerraformModule, data: EditorSchemas, local: string): { provider: ProviderSchema; view: BlockView } | undefined {
  const schemas = data.schemas?.(fsFolder(module.folder));
  const provider = schemas && providerOf(module, schemas, local);
  if (!provider) return undefined;
  return { provider, view: blockView(provider.config(), (path) => provider.description('provider', '', path), `${provider.source} provider`) };
}

/** The providers a module uses (its required providers, the prefixes of its resources); every known one when it names none. */
export function moduleProviders(module: TerraformModule, data: EditorSchemas): ProviderSchema[] {
  const schemas = data.schemas?.(fsFolder(module.folder));
  if (!schemas) return [];
  const sources = new Set<string>();
  for (const [local, required] of module.requiredProviders) sources.add(normalSource(required.source ?? local));
  for (const d of module.declarations) {
    if (d.kind === 'provider') sources.add(normalSource(module.requiredProviders.get(d.name)?.source ?? d.name));
    else if ((d.kind === 'resource' || d.kind === 'data' || d.kind === 'ephemeral') && d.type) sources.add(normalSource(module.requiredProviders.get(providerLocalName(d))?.source ?? providerLocalName(d)));
  }
  const used = [...sources].flatMap((s) => schemas.get(s) ?? []);
  return used.length > 0 ? used : schemas.sources().flatMap((s) => schemas.get(s) ?? []);
}

/** An argument of type list or set of objects, written as blocks (Terraform's attributes-as-blocks), as a nested block's view. */
export function attributeAsBlock(view: BlockView, name: string): BlockView | undefined {
  const type = view.attributes.get(name)?.type;
  const block = type !== undefined ? objectBlock(type) : undefined;
  return block ? blockView(block) : undefined;
}

/** A folder URI's path (the schemas are asked by folder path, as the checks ask them). */
function fsFolder(uri: string): string {
  return fsPathOf(uri) ?? uri;
}

// ---------------------------------------------------------------------------------------------
// Terraform's own blocks, as views: their arguments and nested blocks, with what each is.

/** What Terraform's own blocks and arguments are for (shown in completion and hover). */
const CORE_DESCRIPTIONS: Record<string, string> = {
  terraform: 'Terraform itself: its required version, the providers the module requires, its backend.',
  provider: 'A provider configuration: the settings of a provider (credentials, region), `alias` for a second one.',
  variable: 'An input variable of the module: set by its caller, or by `-var`, a `.tfvars` file, `TF_VAR_…`.',
  locals: 'Local values: names for expressions, read as `local.<name>` in the module.',
  output: 'An output value of the module: read by its caller as `module.<name>.<output>`, shown after `apply`.',
  module: 'A module call: the module at `source` with the inputs set here, read as `module.<name>`.',
  resource: 'A resource: an object the provider creates, updates and destroys, read as `<type>.<name>`.',
  data: 'A data source: an object the provider reads, read as `data.<type>.<name>`.',
  ephemeral: 'An ephemeral resource: read during a run and never kept in the state, read as `ephemeral.<type>.<name>`.',
  moved: 'Records that an object moved from one address to another (no destroy and create).',
  import: 'Imports an existing object into the state at the address `to`.',
  removed: 'Removes an object from the configuration, destroying it or only forgetting it (`lifecycle { destroy = false }`).',
  check: 'Assertions about the infrastructure, checked after each plan and apply (warnings, never errors).',
  action: 'An action a provider runs when a resource\'s lifecycle triggers it (`action_trigger`).',
  count: 'How many instances to create: a whole number; each is `<address>[index]`, `count.index` inside.',
  for_each: 'One instance per element of a map or a set of strings: each is `<address>["key"]`, `each.key` and `each.value` inside.',
  depends_on: 'Dependencies Terraform cannot see in the expressions: a list of addresses.',
  provider_meta_argument: 'The provider configuration to use (`<name>` or `<name>.<alias>`), instead of the default one of the type\'s prefix.',
  lifecycle: 'How Terraform creates, updates and destroys this object: `create_before_destroy`, `prevent_destroy`, `ignore_changes`, `replace_triggered_by`, conditions.',
  provisioner: 'A command run on the created object (a last resort: prefer the provider\'s arguments or cloud-init).',
  connection: 'How provisioners reach the object (SSH or WinRM).',
  dynamic: 'Nested blocks generated from a collection: `for_each`, then the blocks\' `content`.',
  source: 'Where the module is: a local path (`./modules/x`), a registry address (`namespace/name/provider`), a Git or HTTP URL.',
  version: 'The versions of the module (registry sources only) or of the provider Terraform may use: a constraint such as `~> 5.0`.',
  providers: 'The provider configurations the module gets: `{ aws = aws.west }`.',
  description: 'What it is, for its users (documentation; shown by tools).',
  default: 'The value when the caller sets none; without it, the variable is required.',
  type: 'The type the value must have: `string`, `number`, `bool`, `list(…)`, `map(…)`, `object({…})`…',
  sensitive: 'Hides the value in the plan and the output (it stays in the state).',
  nullable: 'Whether the caller may set `null` (with `false`, `null` means the default).',
  ephemeral_argument: 'The value is available during a run only, never written to the plan or the state.',
  value: 'The value of the output.',
  required_version: 'The Terraform versions that may run this module: a constraint such as `>= 1.6`.',
  required_providers: 'The providers the module requires: `name = { source = "hashicorp/aws", version = "~> 5.0" }`.',
  backend: 'Where the state is kept (s3, gcs, azurerm, …): its settings cannot use variables.',
  cloud: 'HCP Terraform or Terraform Enterprise: the organisation and workspaces of this configuration.',
  validation: 'A condition the value must meet, with the error shown otherwise.',
  condition: 'An expression that must be true.',
  error_message: 'What Terraform says when the condition is false.',
  alias: 'A name for a second configuration of the provider, used as `<name>.<alias>`.',
  create_before_destroy: 'Create the replacement before destroying the object (no gap; names must not clash).',
  prevent_destroy: 'Refuse any plan that destroys the object.',
  ignore_changes: 'Arguments whose changes outside Terraform are ignored: a list of names, or `all`.',
  replace_triggered_by: 'Replace the object when any of these references changes.',
  precondition: 'A condition checked before the object is created or read.',
  postcondition: 'A condition checked after the object is created or read.',
  content: 'The body of each generated block.',
  iterator: 'The name of the element variable in `content` (the block\'s name by default).',
  from: 'The old address.',
  to: 'The new address.',
  id: 'The identifier of the existing object, as the provider\'s import documents it.',
};

/** Descriptions whose key differs from the name (`provider` as an argument, `ephemeral` as an argument). */
function coreDescription(name: string, asArgument: boolean): string | undefined {
  if (asArgument && name === 'provider') return CORE_DESCRIPTIONS.provider_meta_argument;
  if (asArgument && name === 'ephemeral') return CORE_DESCRIPTIONS.ephemeral_argument;
  return CORE_DESCRIPTIONS[name];
}

/** The nested blocks Terraform repeats (others take one). */
const REPEATABLE = new Set(['provisioner', 'dynamic', 'precondition', 'postcondition', 'validation', 'provider', 'variable', 'output', 'module', 'resource', 'data', 'ephemeral', 'locals', 'moved', 'import', 'removed', 'check', 'action', 'terraform', 'assert', 'action_trigger']);

const coreViews = new Map<string, BlockView>();

/** Terraform's own block (`CORE_BLOCKS` key: root, terraform, variable, lifecycle, …) as a view. */
export function coreView(name: string): BlockView | undefined {
  const hit = coreViews.get(name);
  if (hit) return hit;
  const core: CoreBlock | undefined = CORE_BLOCKS[name];
  if (!core) return undefined;
  const attributes = new Map<string, AttributeView>();
  for (const [argument, spec] of Object.entries(core.arguments)) {
    const description = coreDescription(argument, true);
    attributes.set(argument, { name: argument, required: spec.required === true, optional: spec.required !== true, computed: false, sensitive: false, deprecated: false, writeOnly: false, ...(spec.bool ? { type: 'bool' } : {}), ...(description ? { description } : {}) });
  }
  const blocks = new Map<string, BlockTypeView>();
  const view: BlockView = { attributes, blocks, ...(core.openArguments ? { open: true } : {}) };
  coreViews.set(name, view);
  for (const [type, schemaName] of Object.entries(core.blocks)) {
    const nested = CORE_BLOCKS[schemaName];
    const description = coreDescription(type, false);
    blocks.set(type, {
      name: type,
      min: 0,
      max: REPEATABLE.has(type) ? 0 : 1,
      nesting: REPEATABLE.has(type) ? 'list' : 'single',
      core: true,
      ...(schemaName !== 'open' ? { block: coreView(schemaName) } : {}),
      ...(description ? { description } : {}),
      ...(nested && nested.labels.length > 0 ? { labels: nested.labels } : {}),
    });
  }
  return view;
}

/** A body's view with Terraform's meta-arguments and blocks over the provider's (a resource's `count`, `lifecycle`…). */
export function withCore(provider: BlockView | undefined, core: BlockView): BlockView {
  if (!provider) return core;
  return {
    attributes: new Map([...provider.attributes, ...[...core.attributes].filter(([n]) => !provider.attributes.has(n))]),
    blocks: new Map([...provider.blocks, ...[...core.blocks].filter(([n]) => !provider.blocks.has(n))]),
  };
}

// ---------------------------------------------------------------------------------------------
// Types and details as terraform-ls writes them.

/** A type's friendly name as terraform-ls writes it (`string`, `list of string`, `any type`); empty when unknown. */
export function friendlyType(type: CtyType | undefined): string {
  return type === undefined ? '' : friendlyTypeName(type);
}

/** An attribute's detail: `required, string`, `optional, map of string`, `write-only, required, sensitive, string`. */
export function attributeDetail(attribute: AttributeView): string {
  const parts: string[] = [];
  if (attribute.writeOnly) parts.push('write-only');
  if (attribute.required) parts.push('required');
  else if (attribute.optional) parts.push('optional');
  else if (attribute.computed) parts.push('read-only');
  if (attribute.sensitive) parts.push('sensitive');
  const type = friendlyType(attribute.type);
  if (type) parts.push(type);
  return parts.join(', ');
}

/** A nested block's detail: `Block, list, max: 1`. */
export function blockDetail(block: BlockTypeView): string {
  let detail = 'Block';
  const nesting = block.nesting === 'single' || block.nesting === 'group' ? 'object' : block.nesting;
  if (!block.core) detail += `, ${nesting}`;
  if (block.min > 0) detail += `, min: ${block.min}`;
  if (block.max > 0) detail += `, max: ${block.max}`;
  return detail;
}

/** What follows `name = ` in a completion's snippet, by the attribute's type. */
export function valueSnippet(type: CtyType | undefined): string {
  if (type === 'string') return '"${1:value}"';
  if (type === 'bool') return '${1:false}';
  if (type === 'number') return '${1:0}';
  if (Array.isArray(type)) {
    const kind = String(type[0]);
    if (kind === 'list' || kind === 'set' || kind === 'tuple') return '[ ${1} ]';
    if (kind === 'map' || kind === 'object') return '{\n  ${1}\n}';
  }
  return '${1}';
}

/** The registry's documentation page of a provider's type. */
export function registryUrl(provider: ProviderSchema, table: SchemaKind, type: string): string {
  const name = type.startsWith(`${provider.provider}_`) ? type.slice(provider.provider.length + 1) : type;
  const kind = table === 'resource' ? 'resources' : table === 'data' ? 'data-sources' : 'ephemeral-resources';
  return `https://registry.terraform.io/providers/${provider.source}/${provider.version || 'latest'}/docs/${kind}/${name}`;
}
