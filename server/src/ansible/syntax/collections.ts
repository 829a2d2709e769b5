/**
 * A module's documentation read from its Python source without running it: the `DOCUMENTATION`
 * string literal (YAML) of a collection's `plugins/modules/<name>.py` or a role's `library/<name>.py`.
 * Its options are known when the documentation lists them all; a doc fragment the workspace does
 * not hold leaves them open (unknown arguments are then not reported).
 */
import { jsYaml } from '../../yaml/jsYaml';
import type { ModuleDoc, ModuleOption } from '../model/modules';
import { isRecord } from '../model/model';

/** The text of DOCUMENTATION = r'''…''' / """…""" (or another attribute, indented in a doc fragment's class) in a Python file. */
export function documentationOf(source: string, attribute = 'DOCUMENTATION'): string | undefined {
  const match = new RegExp(`^[^\\S\\n\\r\\u2028\\u2029]*${attribute}\\s*=\\s*[rRuU]?('''|""")`, 'm').exec(source);
  if (!match) return undefined;
  const start = match.index + match[0].length;
  const end = source.indexOf(match[1], start);
  return end < 0 ? undefined : source.slice(start, end);
}

function option(raw: unknown): ModuleOption | undefined {
  if (!isRecord(raw)) return undefined;
  const type = typeof raw.type === 'string' ? raw.type : 'str';
  const out: { -readonly [K in keyof ModuleOption]: ModuleOption[K] } = { type };
  if (typeof raw.elements === 'string') out.elements = raw.elements;
  if (Array.isArray(raw.aliases)) out.aliases = raw.aliases.filter((alias): alias is string => typeof alias === 'string');
  if (Array.isArray(raw.choices)) out.choices = raw.choices;
  else if (isRecord(raw.choices)) out.choices = Object.keys(raw.choices);
  if (raw.required === true) out.required = true;
  if (raw.default !== undefined && raw.default !== null) out.default = raw.default;
  return out;
}

type Options = Record<string, ModuleOption>;

function parseDocumentation(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.length > 512_000) return undefined;
  try {
    const doc: unknown = jsYaml().load(text, { schema: jsYaml().CORE_SCHEMA });
    return isRecord(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function optionsOf(doc: Record<string, unknown>): Options {
  const options: Options = {};
  for (const [name, raw] of Object.entries(isRecord(doc.options) ? doc.options : {})) {
    const parsed = option(raw);
    if (parsed) options[name] = parsed;
  }
  return options;
}

/** A doc fragment's options from its Python source (`attribute`: DOCUMENTATION, or FILES for `name.files`); {} for a fragment of attributes only. */
export function fragmentFromPython(source: string, attribute: string): Options | undefined {
  const doc = parseDocumentation(documentationOf(source, attribute));
  return doc ? optionsOf(doc) : undefined;
}

/**
 * A module's documentation from its Python source (undefined: none, or not readable YAML). The doc
 * fragments it extends are merged when `fragment` resolves them all; otherwise its options stay
 * open (an unknown argument may be a fragment's).
 */
export function moduleDocFromPython(source: string, fragment: (name: string) => Options | undefined = () => undefined): ModuleDoc | undefined {
  const doc = parseDocumentation(documentationOf(source));
  if (!doc) return undefined;
  const own = optionsOf(doc);
  const names = [doc.extends_documentation_fragment].flat().filter((name): name is string => typeof name === 'string');
  const merged: Options = {};
  let open = false;
  for (const name of names) {
    const options = fragment(name);
    if (options) Object.assign(merged, options);
    else open = true;
  }
  return { options: { ...merged, ...own }, ...(open ? { openOptions: true } : {}) };
}

/** The FQCN of a collection's module file (`…/ansible_collections/ns/coll/plugins/modules/x.py`, or a collection's own tree: `<root>/plugins/modules/x.py` with its galaxy.yml namespace and name). */
export function collectionModuleName(uri: string, galaxy?: { namespace: string; name: string }): string | undefined {
  const path = uri.replace(/\\/g, '/');
  const inTree = /\/ansible_collections\/([a-z0-9_]+)\/([a-z0-9_]+)\/plugins\/modules\/(?:.*\/)?([a-z0-9_]+)\.py$/i.exec(path);
  if (inTree) return `${inTree[1]}.${inTree[2]}.${inTree[3]}`;
  const own = /\/plugins\/modules\/(?:.*\/)?([a-z0-9_]+)\.py$/i.exec(path);
  if (own && galaxy) return `${galaxy.namespace}.${galaxy.name}.${own[1]}`;
  return undefined;
}

/** The module name a `library/` (or `plugins/modules/` of a playbook folder) file provides to short names. */
export function libraryModuleName(uri: string): string | undefined {
  return /\/(library|action_plugins|plugins\/modules|plugins\/action)\/([a-z0-9_]+)\.(py|ps1|sh)$/i.exec(uri.replace(/\\/g, '/'))?.[2];
}
