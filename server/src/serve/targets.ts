/**
 * `archipel/serveTargets` (issue #21): the models that `Archipel: Serve Model` offers, from every
 * archipel.yaml's `predict` section in the workspace index (paths resolved from the file's folder).
 * Pure: the index holds the files; nothing is loaded or run here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isArchipelConfig } from '../workspace/archipelConfig';
import { parsePredictSection } from '../predict/api';
import type { ServeTarget, ServeTargetsResult } from '../protocol/serve';
import type { SchemaEngine } from '../schema/engine';
import type { IndexedFile } from '../workspace/index';

export function serveTargets(files: Iterable<IndexedFile>, engine: SchemaEngine): ServeTargetsResult {
  const targets: ServeTarget[] = [];
  const problems: string[] = [];
  for (const entry of files) {
    if (!entry.uri.startsWith('file:') || !isArchipelConfig(entry.uri)) continue;
    const config = fileURLToPath(entry.uri);
    try {
      const section = parsePredictSection(entry.text, config, engine);
      if (!section?.model) continue;
      targets.push({
        model: path.resolve(path.dirname(config), section.model),
        ...(section.recipe ? { recipe: section.recipe } : {}),
        ...(section.threshold !== undefined ? { threshold: section.threshold } : {}),
        config,
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  targets.sort((a, b) => a.model.localeCompare(b.model));
  return { targets, problems };
}
