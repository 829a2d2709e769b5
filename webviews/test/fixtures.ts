// Fixture data for the panel tests, made by the server's own services from real files (the
// example workspace), exactly as the language server would send it to a panel.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AmdecModelData, RaciModelData } from '../../server/src/protocol';
import { amdecModelData } from '../../server/src/amdec/dashboard';
import { raciModelData } from '../../server/src/raci/dashboard';
import { diagnoseFile, indexOptions } from '../../server/src/service';
import { defaultSettings } from '../../server/src/settings';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { allFeatures } from '../../server/test/helpers';
import { REPO_ROOT } from './harness';

export const PORTFOLIO = path.join(REPO_ROOT, 'examples', 'portfolio');

/** An index of files (relative path → text) under a fake workspace root. */
export function indexOf(files: Record<string, string>, root = '/ws'): { index: WorkspaceIndex; uri: (relative: string) => string } {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const uri = (relative: string) => pathToFileURL(path.join(root, relative)).href;
  for (const [relative, text] of Object.entries(files)) index.update(uri(relative), text);
  return { index, uri };
}

export function portfolioFile(relative: string): string {
  return readFileSync(path.join(PORTFOLIO, relative), 'utf8');
}

const context = (index: WorkspaceIndex) => ({ index, settings: defaultSettings, isCancelled: () => false });

/** The RACI dashboard model of `target` among `files`, with its diagnostics, as the server sends it. */
export function raciModel(files: Record<string, string>, target: string): RaciModelData {
  const { index, uri } = indexOf(files);
  const file = index.get(uri(target))!;
  const model = raciModelData(file, defaultSettings, diagnoseFile(file, allFeatures(), context(index)));
  if (!model) throw new Error(`${target} is not a RACI file`);
  return model;
}

/** The risk dashboard model of `target` among `files`, judged on `today`. */
export function amdecModel(files: Record<string, string>, target: string, today = '2026-06-15'): AmdecModelData {
  const { index, uri } = indexOf(files);
  const file = index.get(uri(target))!;
  const model = amdecModelData(file, index, today, diagnoseFile(file, allFeatures(), context(index)));
  if (!model) throw new Error(`${target} is not an AMDEC file`);
  return model;
}
