/**
 * Terraform types (cty's, in their JSON form) read as Terraform reads them: a list or set of objects
 * an argument takes may be written as blocks (Terraform's "attributes as blocks").
 */
import type { BlockSchema, CtyType } from './providerSchemas';

const asBlocks = new WeakMap<object, BlockSchema>();

/** The block schema of an argument of type list or set of objects, written as blocks (every member optional, as Terraform reads them); undefined for any other type. */
export function objectBlock(type: CtyType): BlockSchema | undefined {
  if (typeof type === 'string' || (type[0] !== 'list' && type[0] !== 'set')) return undefined;
  const element = type[1];
  if (typeof element === 'string' || element[0] !== 'object') return undefined;
  let block = asBlocks.get(element);
  if (!block) {
    const attributes: BlockSchema['attributes'] = Object.fromEntries(
      Object.entries(element[1] as Record<string, CtyType>).map(([name, t]) => [name, { type: t, required: false, optional: true, computed: false, sensitive: false, deprecated: false, writeOnly: false }]),
    );
    block = { attributes, blocks: {} };
    asBlocks.set(element, block);
  }
  return block;
}
