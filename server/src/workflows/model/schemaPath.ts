import { isSeq, type Node } from 'yaml';
import type { PathSegment } from '../../yaml/path';
import { get, pairs } from './model';
import { noContext, type AllowedContext, type TemplateDefinition, type TemplateSchema } from './schema';

/** What the schema says about one place of a file: its definition, description and contexts. */
export interface SchemaPosition {
  definition: string;
  /** Description of the key holding the value (a property's own description wins). */
  description?: string;
  allowed: AllowedContext;
  /** The mapping definitions a value at this place may take (narrowed by the keys present). */
  mappings: { name: string; def: TemplateDefinition }[];
}

/** Mapping branches that hold every key present in the node (all of them when none does). */
function narrow(schema: TemplateSchema, definition: string, node: Node | null | undefined): { name: string; def: TemplateDefinition }[] {
  const mappings = schema.mappingDefinitions(definition);
  const keys = pairs(node).map((p) => p.name);
  const holding = mappings.filter((m) => keys.every((k) => m.def.mapping?.properties?.[k] !== undefined || m.def.mapping?.['loose-key-type']));
  return holding.length > 0 ? holding : mappings;
}

/** Descends the schema along a path of the document, as GitHub's reader does while reading it. */
export function schemaAt(schema: TemplateSchema, root: Node | null | undefined, path: readonly PathSegment[]): SchemaPosition | undefined {
  let definition = schema.root;
  let allowed = schema.allowedContext(definition, noContext);
  let node: Node | null | undefined = root;
  let description = schema.description(definition);
  for (const segment of path) {
    if (typeof segment === 'number') {
      const sequence = schema.sequenceDefinition(definition);
      if (!sequence?.def.sequence) return undefined;
      definition = sequence.def.sequence['item-type'];
      description = schema.description(definition) ?? description;
      node = isSeq(node) ? (node.items[segment] as Node | null) : undefined;
    } else {
      const mappings = narrow(schema, definition, node);
      if (mappings.length === 0) return undefined;
      const holder = mappings.find((m) => m.def.mapping?.properties?.[segment] !== undefined);
      if (holder) {
        const property = schema.property(holder.def, segment)!;
        definition = property.type;
        description = property.description;
      } else {
        const loose = mappings[0].def.mapping?.['loose-value-type'];
        if (!loose) return undefined;
        definition = loose;
        description = schema.description(loose);
      }
      node = get(node, segment)?.value;
    }
    allowed = schema.allowedContext(definition, allowed);
  }
  return { definition, description, allowed, mappings: narrow(schema, definition, node) };
}
