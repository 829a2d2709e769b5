/** The fields a value of an SLO schema (schemas/slo/) does not have, with the closest one when it is near. */
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import type { JsonSchema, SchemaBundle } from '../schema/engine';
import type { SourceNode } from '../yaml/sourceNode';
import { pairOf } from '../yaml/tree';
import { sloUnknownFieldRule } from './rules';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key without case, `_` or `-`: `error_ratio_query` and `errorRatioQuery` alike. */
const folded = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** A `#/definitions/<name>` reference of a bundle followed (a few hops at most). */
function resolved(bundle: SchemaBundle, schema: JsonSchema | undefined): JsonSchema | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref?.startsWith('#/definitions/') && hops < 8; hops++) current = bundle.definitions[current.$ref.slice('#/definitions/'.length)];
  return current;
}

/**
 * The keys of `value` its schema does not have (`additionalProperties: false`), each on its key, walked with a stack
 * (no recursion: a document nests as deep as it likes).
 */
export function unknownFields(bundle: SchemaBundle, root: JsonSchema | undefined, value: unknown, tree: SourceNode | null): Finding[] {
  const findings: Finding[] = [];
  const stack: { schema: JsonSchema | undefined; value: unknown; node: SourceNode | null }[] = [{ schema: root, value, node: tree }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const schema = resolved(bundle, item.schema);
    if (!schema || !item.node) continue;
    if (isRecord(item.value) && item.node.kind === 'map') {
      const properties = schema.properties ?? {};
      const names = Object.keys(properties);
      for (const [key, child] of Object.entries(item.value)) {
        const pair = pairOf(item.node, key);
        if (key in properties) {
          stack.push({ schema: properties[key], value: child, node: pair?.value ?? null });
          continue;
        }
        if (schema.additionalProperties !== false || !pair?.keyNode) continue;
        // The other spec's spelling first (`error_ratio_query` in a PrometheusServiceLevel), then the nearest name.
        const hint = names.find((name) => folded(name) === folded(key)) ?? closestName(key, names, false);
        findings.push({
          start: pair.keyNode.start,
          end: pair.keyNode.end,
          code: sloUnknownFieldRule.id,
          message: hint ? t('Unknown field "{0}". Did you mean "{1}"?', key, hint) : t('Unknown field "{0}"; expected one of: {1}.', key, names.join(', ')),
          ...(hint ? { data: { replacement: hint } } : {}),
        });
      }
    } else if (Array.isArray(item.value) && item.node.kind === 'seq' && schema.items && !Array.isArray(schema.items)) {
      const items = item.node.items ?? [];
      item.value.forEach((child, index) => stack.push({ schema: schema.items as JsonSchema, value: child, node: items[index] ?? null }));
    }
  }
  return findings;
}
