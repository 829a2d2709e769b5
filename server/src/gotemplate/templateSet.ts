/**
 * A set of template files executed together, as Helm's engine builds it: every file parsed (each
 * a template named by its path), then the `define`s of all of them, a later definition replacing
 * an earlier one in Helm's order (deepest paths first, then names in reverse: a chart's own
 * helpers win over a subchart's), an empty definition never replacing a body.
 */
import type { Definition, ParsedTemplate, TemplateNode } from './ast';
import type { GoFunction, TemplateSet } from './exec';
import { parseTemplate } from './parse';

export interface SetFile {
  /** Its name in the set (Helm: `<chart>/templates/<path>`). */
  name: string;
  parsed: ParsedTemplate;
}

export interface Defined {
  file: string;
  definition: Definition;
}

/** Helm's order of parsing: paths with more segments first, then by name, descending. */
export function helmParseOrder(names: readonly string[]): string[] {
  const depth = (s: string) => s.split('/').length;
  return [...names].sort((a, b) => depth(b) - depth(a) || (a < b ? 1 : a > b ? -1 : 0));
}

const isBlank = (list: readonly TemplateNode[]) => list.every((node) => node.kind === 'text' && node.text.trim() === '');

/** The definitions in force: name → the winning definition and its file. */
export function definitionsOf(files: readonly SetFile[]): Map<string, Defined> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const defined = new Map<string, Defined>();
  for (const name of helmParseOrder(files.map((f) => f.name))) {
    const file = byName.get(name)!;
    for (const definition of file.parsed.defines) {
      if (isBlank(definition.list) && defined.has(definition.name)) continue;
      defined.set(definition.name, { file: name, definition });
    }
  }
  return defined;
}

/** A TemplateSet over parsed files and their definitions; `tpl` texts are parsed once each. */
export function templateSet(files: readonly SetFile[], defined: ReadonlyMap<string, Defined>, functions: ReadonlyMap<string, GoFunction>): TemplateSet {
  const byName = new Map(files.map((f) => [f.name, f]));
  const tplCache = new Map<string, { list: TemplateNode[] } | { error: string }>();
  const isFunction = (name: string) => functions.has(name);
  return {
    functions,
    template(name) {
      const definition = defined.get(name);
      if (definition) return { file: definition.file, list: definition.definition.list };
      const file = byName.get(name);
      return file ? { file: file.name, list: file.parsed.list } : undefined;
    },
    parseText(text) {
      let parsed = tplCache.get(text);
      if (!parsed) {
        const result = parseTemplate(text, { isFunction });
        parsed = result.error ? { error: result.error.message } : { list: result.list };
        if (tplCache.size > 500) tplCache.clear();
        tplCache.set(text, parsed);
      }
      return parsed;
    },
  };
}
