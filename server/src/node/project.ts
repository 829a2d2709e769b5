import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Feature } from '../features/feature';
import { indexedExtensions } from '../features/registry';
import { defineRule } from '../rules/registry';
import { diagnoseFile, indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/index';
import { scanFolder } from './scan';

export const fileUnreadableRule = defineRule({
  id: 'file-unreadable',
  defaultSeverity: 'error',
  description: 'A file given to the CLI could not be read (permissions, not UTF-8 text, vanished).',
});

export interface FileResult {
  /** Absolute path. */
  path: string;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read at all. */
  error?: string;
}

/** Expands the given paths (files and folders) into the YAML files a check covers. */
export async function collectFiles(
  paths: readonly string[],
  settings: ArchipelSettings,
  features: readonly Feature[],
): Promise<{ files: string[]; missing: string[] }> {
  const extensions = indexedExtensions(features);
  const files = new Set<string>();
  const missing: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of await scanFolder(absolute, { exclude: settings.files.exclude, extensions })) files.add(file);
    } else {
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), missing };
}

/**
 * Indexes every file first (cross-file rules see the whole set), then diagnoses each one with the
 * same services the language server runs.
 */
export async function checkFiles(files: readonly string[], features: readonly Feature[], settings: ArchipelSettings): Promise<FileResult[]> {
  const index = new WorkspaceIndex(indexOptions(settings));
  const results: FileResult[] = [];
  const uris = new Map<string, string>();
  for (const file of files) {
    try {
      const text = await fs.readFile(file, 'utf8');
      const uri = pathToFileURL(file).href;
      index.update(uri, text);
      uris.set(file, uri);
    } catch (error) {
      results.push({ path: file, diagnostics: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  for (const [file, uri] of uris) {
    const entry = index.get(uri);
    if (entry) results.push({ path: file, diagnostics: diagnoseFile(entry, features, { index, settings, isCancelled: () => false }) });
  }
  return results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
