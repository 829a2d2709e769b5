/**
 * What the threats family reads from the package root (its descriptor, families/threats.ts, hands it
 * to the threagile.yaml feature): Threagile's JSON schema (schemas/threagile/schema.json, its draft-04
 * `id` read as `$id`) in a schema engine, and its technology table (technologies.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';
import type { ThreagileData } from './threagileFile';

export function loadThreagileData(root: string): ThreagileData {
  const { id, $schema: _draft, ...schema } = JSON.parse(readFileSync(path.join(root, 'schemas', 'threagile', 'schema.json'), 'utf8')) as Record<string, unknown>;
  const bundle: SchemaBundle = { $id: String(id), definitions: { threagile: schema }, 'x-archipel-kinds': { threagile: 'threagile' } };
  const table = (JSON.parse(readFileSync(path.join(root, 'schemas', 'threagile', 'technologies.json'), 'utf8')) as { technologies: Record<string, { attributes?: string[] }> }).technologies;
  return { engine: new SchemaEngine([bundle]), attributes: (name) => table[name]?.attributes ?? [] };
}
