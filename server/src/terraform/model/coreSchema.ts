/**
 * The blocks Terraform itself defines (its configuration language, not a provider's): their labels,
 * the arguments and nested blocks each takes, which are required, which are reserved. A resource's,
 * data source's or provider's own arguments are the provider's (schema checks read them).
 */

export interface CoreArgument {
  required?: boolean;
  /** Terraform reads it as a boolean (Unsuitable value type otherwise). */
  bool?: boolean;
}

export interface CoreBlock {
  labels: string[];
  arguments: Record<string, CoreArgument>;
  /** Nested block type → its schema's name in CORE_BLOCKS. */
  blocks: Record<string, string>;
  /** Any other argument is the provider's (or a module input). */
  openArguments?: boolean;
  /** Any other nested block is the provider's. */
  openBlocks?: boolean;
  /** Arguments Terraform reserves there, with its summary. */
  reservedArguments?: Record<string, string>;
  /** Block types Terraform reserves there, with its summary. */
  reservedBlocks?: Record<string, string>;
  /** What Terraform says of any other argument of a lifecycle block that takes fewer. */
  otherArgument?: string;
  otherBlock?: string;
}

const condition: CoreBlock = { labels: [], arguments: { condition: { required: true }, error_message: { required: true } }, blocks: {} };
const meta = { count: {}, for_each: {}, provider: {}, depends_on: {} };

export const CORE_BLOCKS: Record<string, CoreBlock> = {
  root: {
    labels: [],
    arguments: {},
    blocks: { terraform: 'terraform', provider: 'provider', variable: 'variable', locals: 'locals', output: 'output', module: 'module', resource: 'resource', data: 'data', ephemeral: 'ephemeral', moved: 'moved', import: 'import', removed: 'removed', check: 'check', action: 'action' },
  },
  terraform: {
    labels: [],
    arguments: { required_version: {}, experiments: {}, language: {} },
    blocks: { required_providers: 'required_providers', backend: 'backend', cloud: 'cloud', provider_meta: 'provider_meta', state_store: 'state_store' },
  },
  required_providers: { labels: [], arguments: {}, blocks: {}, openArguments: true },
  backend: { labels: ['type'], arguments: {}, blocks: {}, openArguments: true, openBlocks: true },
  state_store: { labels: ['type'], arguments: {}, blocks: {}, openArguments: true, openBlocks: true },
  cloud: { labels: [], arguments: {}, blocks: {}, openArguments: true, openBlocks: true },
  provider_meta: { labels: ['provider'], arguments: {}, blocks: {}, openArguments: true, openBlocks: true },
  provider: {
    labels: ['name'],
    arguments: { alias: {}, version: {} },
    blocks: {},
    openArguments: true,
    openBlocks: true,
    reservedArguments: { count: 'Reserved argument name in provider block', depends_on: 'Reserved argument name in provider block', for_each: 'Reserved argument name in provider block', source: 'Reserved argument name in provider block' },
    reservedBlocks: { lifecycle: 'Reserved block type name in provider block', locals: 'Reserved block type name in provider block' },
  },
  variable: {
    labels: ['name'],
    arguments: { description: {}, default: {}, type: {}, sensitive: { bool: true }, nullable: { bool: true }, ephemeral: { bool: true }, const: { bool: true }, deprecated: {} },
    blocks: { validation: 'condition' },
  },
  condition,
  locals: { labels: [], arguments: {}, blocks: {}, openArguments: true },
  output: {
    labels: ['name'],
    arguments: { description: {}, value: { required: true }, sensitive: { bool: true }, depends_on: {}, ephemeral: { bool: true }, deprecated: {}, type: {} },
    blocks: { precondition: 'condition' },
  },
  module: {
    labels: ['name'],
    arguments: { source: { required: true }, version: {}, count: {}, for_each: {}, providers: {}, depends_on: {} },
    blocks: {},
    openArguments: true,
    reservedBlocks: { lifecycle: 'Reserved block type name in module block', locals: 'Reserved block type name in module block', provider: 'Reserved block type name in module block' },
  },
  resource: {
    labels: ['type', 'name'],
    arguments: meta,
    blocks: { lifecycle: 'lifecycle', provisioner: 'provisioner', connection: 'connection', dynamic: 'dynamic' },
    openArguments: true,
    openBlocks: true,
    reservedBlocks: { locals: 'Reserved block type name in resource block' },
  },
  data: {
    labels: ['type', 'name'],
    arguments: meta,
    blocks: { lifecycle: 'dataLifecycle', dynamic: 'dynamic' },
    openArguments: true,
    openBlocks: true,
    reservedBlocks: { locals: 'Reserved block type name in data block' },
  },
  ephemeral: {
    labels: ['type', 'name'],
    arguments: meta,
    blocks: { lifecycle: 'ephemeralLifecycle', dynamic: 'dynamic' },
    openArguments: true,
    openBlocks: true,
    reservedBlocks: { locals: 'Reserved block type name in ephemeral block' },
  },
  lifecycle: {
    labels: [],
    arguments: { create_before_destroy: { bool: true }, prevent_destroy: { bool: true }, ignore_changes: {}, replace_triggered_by: {}, enabled: {} },
    blocks: { precondition: 'condition', postcondition: 'condition', action_trigger: 'open' },
  },
  dataLifecycle: { labels: [], arguments: {}, blocks: { precondition: 'condition', postcondition: 'condition' }, otherArgument: 'Invalid data resource lifecycle argument', otherBlock: 'Invalid data resource lifecycle nested block' },
  ephemeralLifecycle: { labels: [], arguments: {}, blocks: { precondition: 'condition', postcondition: 'condition' }, otherArgument: 'Invalid ephemeral resource lifecycle argument', otherBlock: 'Invalid ephemeral resource lifecycle nested block' },
  provisioner: {
    labels: ['type'],
    arguments: { when: {}, on_failure: {} },
    blocks: { connection: 'connection' },
    openArguments: true,
    openBlocks: true,
    reservedBlocks: { lifecycle: 'Reserved block type name in provisioner block', locals: 'Reserved block type name in provisioner block' },
  },
  connection: { labels: [], arguments: {}, blocks: {}, openArguments: true, openBlocks: true },
  dynamic: { labels: ['name'], arguments: { for_each: { required: true }, iterator: {}, labels: {} }, blocks: { content: 'open' } },
  open: { labels: [], arguments: {}, blocks: {}, openArguments: true, openBlocks: true },
  moved: { labels: [], arguments: { from: { required: true }, to: { required: true } }, blocks: {} },
  import: { labels: [], arguments: { to: { required: true }, id: {}, identity: {}, provider: {}, for_each: {} }, blocks: {} },
  removed: { labels: [], arguments: { from: { required: true } }, blocks: { lifecycle: 'removedLifecycle', provisioner: 'provisioner', connection: 'connection' } },
  removedLifecycle: { labels: [], arguments: { destroy: { bool: true } }, blocks: {} },
  check: { labels: ['name'], arguments: {}, blocks: { data: 'data', assert: 'condition' } },
  action: { labels: ['type', 'name'], arguments: { count: {}, for_each: {}, provider: {} }, blocks: { config: 'open' } },

  // Query files (`.tfquery.hcl`, Terraform ≥ 1.14): list blocks beside variables, locals and providers.
  queryRoot: { labels: [], arguments: {}, blocks: { list: 'list', variable: 'variable', locals: 'locals', provider: 'provider' } },
  list: { labels: ['type', 'name'], arguments: { provider: { required: true }, count: {}, for_each: {}, include_resource: { bool: true }, limit: {} }, blocks: { config: 'open' } },

  // Test files (`.tftest.hcl`, Terraform ≥ 1.6; mocks ≥ 1.7) and mock data files (`.tfmock.hcl`).
  testRoot: {
    labels: [],
    arguments: {},
    blocks: { run: 'run', variables: 'locals', provider: 'provider', mock_provider: 'mock_provider', override_resource: 'override', override_data: 'override', override_module: 'overrideModule', override_ephemeral: 'override', test: 'testOptions' },
  },
  testOptions: { labels: [], arguments: { parallel: { bool: true } }, blocks: {} },
  run: {
    labels: ['name'],
    arguments: { command: {}, providers: {}, expect_failures: {}, state_key: {}, parallel: { bool: true }, skip_cleanup: { bool: true } },
    blocks: { plan_options: 'plan_options', assert: 'condition', variables: 'locals', module: 'testModule', override_resource: 'override', override_data: 'override', override_module: 'overrideModule', override_ephemeral: 'override', backend: 'backend' },
  },
  plan_options: { labels: [], arguments: { mode: {}, refresh: { bool: true }, replace: {}, target: {} }, blocks: {} },
  testModule: { labels: [], arguments: { source: { required: true }, version: {} }, blocks: {} },
  mock_provider: {
    labels: ['name'],
    arguments: { alias: {}, source: {}, override_during: {} },
    blocks: { mock_resource: 'mock', mock_data: 'mock', mock_ephemeral: 'mock', override_resource: 'override', override_data: 'override', override_ephemeral: 'override' },
  },
  mock: { labels: ['type'], arguments: { defaults: {}, override_during: {} }, blocks: {} },
  override: { labels: [], arguments: { target: { required: true }, values: {}, override_during: {} }, blocks: {} },
  overrideModule: { labels: [], arguments: { target: { required: true }, outputs: {}, override_during: {} }, blocks: {} },
  mockRoot: { labels: [], arguments: {}, blocks: { mock_resource: 'mock', mock_data: 'mock', mock_ephemeral: 'mock', override_resource: 'override', override_data: 'override', override_ephemeral: 'override' } },
};

/** Provisioners Terraform 0.15 removed. */
export const REMOVED_PROVISIONERS = new Set(['chef', 'habitat', 'puppet', 'salt-masterless']);

/** Variable names reserved for module call arguments. */
export const RESERVED_VARIABLE_NAMES = new Set(['source', 'version', 'providers', 'count', 'for_each', 'lifecycle', 'depends_on', 'locals']);

/** What Terraform calls each labelled block's name in its "Invalid … name" summaries. */
export const NAME_SUMMARIES: Record<string, string> = {
  resource: 'Invalid resource name',
  data: 'Invalid data resource name',
  ephemeral: 'Invalid ephemeral resource name',
  variable: 'Invalid variable name',
  output: 'Invalid output name',
  module: 'Invalid module instance name',
  check: 'Invalid check block name',
  local: 'Invalid local value name',
};

/** A valid HCL identifier (Terraform's names). */
export function isIdentifier(name: string): boolean {
  return /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u.test(name);
}
