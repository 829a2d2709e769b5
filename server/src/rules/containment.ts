/**
 * The rule for a path in configuration that Archipel writes to (blur.outputFolder, a `.adr-dir`
 * folder) and resolves outside the workspace folder (common/containment.ts: the lexical check).
 */
import path from 'node:path';
import { fsPathOf, isWithin, outsideMessage, rootHolding } from '../common/containment';
import { defineRule } from './registry';

export const pathOutsideWorkspaceRule = defineRule({
  id: 'path-outside-workspace',
  defaultSeverity: 'error',
  description: 'A path in configuration that Archipel writes to (blur.outputFolder, a `.adr-dir` folder) resolves inside the workspace folder.',
});

/**
 * The finding for a configured path (`written`, relative to the folder of the file `fileUri`)
 * that resolves outside the workspace folder holding that file; undefined when it stays inside,
 * or when no workspace folder holds the file (nothing to compare with).
 */
export function configuredPathFinding(
  fileUri: string,
  written: string,
  span: { start: number; end: number },
  roots: readonly string[] | undefined,
  what: string,
): { start: number; end: number; message: string; code: string } | undefined {
  const file = fsPathOf(fileUri);
  if (!file || !roots) return undefined;
  const root = rootHolding(file, roots);
  if (!root) return undefined;
  const resolved = path.resolve(path.dirname(file), written);
  if (isWithin(resolved, root)) return undefined;
  return { ...span, message: outsideMessage(what, written, resolved, root), code: pathOutsideWorkspaceRule.id };
}
