// Shared ADR test material: a few decisions in both formats and an in-memory workspace to check them in.
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnoseFile, indexOptions } from '../src/service';
import { defaultSettings, type ArchipelSettings } from '../src/settings';
import type { FeatureContext } from '../src/features/feature';
import { WorkspaceIndex } from '../src/workspace/index';
import { allFeatures } from './helpers';

export const root = 'file:///work/project';
export const adrFolder = `${root}/docs/adr`;

export function nygard(number: number, title: string, status = 'Accepted', extra = ''): string {
  return `# ${number}. ${title}\n\nDate: 2024-01-15\n\n## Status\n\n${status}\n${extra}\n## Context\n\nThe context of ${title}.\n\n## Decision\n\nWe decide ${title}.\n\n## Consequences\n\nSome consequences.\n`;
}

export function madr(title: string, options: { status?: string; date?: string; chosen?: string; considered?: string[] } = {}): string {
  const considered = options.considered ?? ['PostgreSQL', 'Redis'];
  return [
    '---',
    `status: ${options.status ?? 'accepted'}`,
    `date: ${options.date ?? '2024-02-01'}`,
    'decision-makers: [Alice, Bob]',
    '---',
    '',
    `# ${title}`,
    '',
    '## Context and Problem Statement',
    '',
    'We need a store for features.',
    '',
    '## Considered Options',
    '',
    ...considered.map((o) => `* ${o}`),
    '',
    '## Decision Outcome',
    '',
    `Chosen option: "${options.chosen ?? considered[0]}", because it is already operated.`,
    '',
  ].join('\n');
}

/** Diagnostics of `target` with every file of `files` (relative to the project root) indexed. */
export function diagnoseIn(files: Record<string, string>, target: string, settings: Partial<ArchipelSettings> = {}): (Diagnostic & { message: string })[] {
  const { index, context } = workspace(files, settings);
  const file = index.get(`${root}/${target}`);
  if (!file) throw new Error(`${target} is not in the test workspace`);
  return diagnoseFile(file, allFeatures(), context) as (Diagnostic & { message: string })[];
}

export function workspace(files: Record<string, string>, settings: Partial<ArchipelSettings> = {}): { index: WorkspaceIndex; context: FeatureContext } {
  const merged = { ...defaultSettings, ...settings };
  const index = new WorkspaceIndex(indexOptions(merged));
  for (const [path, text] of Object.entries(files)) index.update(`${root}/${path}`, text);
  return { index, context: { index, settings: merged, isCancelled: () => false } };
}

/** `code@line` pairs, compact for assertions. */
export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`);
}
