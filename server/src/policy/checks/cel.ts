/**
 * CEL expressions of admission policies on @bufbuild/cel (loaded on first use): a resource's JSON bound as CEL values
 * (objects as maps, whole numbers as `int`), Kubernetes' strings library, regular expressions on RE2 (linear time).
 * Each expression is parsed once (cached) and bounded in length; its result comes back as JSON.
 */
import type * as Cel from '../cel.lazy';
import { re2 } from '../../gotemplate/regex';
import { kubernetesFunctions } from '../cel/kubernetes';
import { lowerOptionals, optionalFunctions } from '../cel/optional';
import { INDEX_MARK, markOptionalSyntax, SELECT_MARK } from '../cel/optionalSyntax';

let library: typeof Cel | undefined;

/** The CEL library, its own bundle, read on the first CEL expression. */
function cel(): typeof Cel {
  return (library ??= require('../cel.lazy') as typeof Cel);
}

/** The longest expression evaluated (a longer one is refused, as the API server bounds an expression's cost). */
export const MAX_CEL_LENGTH = 5_000;

/** A CEL expression that does not parse, or does not evaluate (an unknown field or function, a wrong type). */
export class CelProblem extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'evaluation' | 'unsupported',
  ) {
    super(message);
  }
}

type Program = (bindings: Record<string, Cel.CelInput>) => Cel.CelResult;

let environment: Cel.CelEnv | undefined;
const programs = new Map<string, Program | CelProblem>();

function env(): Cel.CelEnv {
  const library = cel();
  return (environment ??= library.celEnv({
    funcs: [...library.strings, ...optionalFunctions(library), ...kubernetesFunctions(library)],
    re2: {
      compile: (pattern: string) => {
        const compiled = re2().compile(pattern);
        return { test: (text: string) => compiled.matcher(text).find() };
      },
    },
  }));
}

function compile(expression: string): Program {
  let entry = programs.get(expression);
  if (entry === undefined) {
    if (expression.length > MAX_CEL_LENGTH) entry = new CelProblem(`a CEL expression longer than ${MAX_CEL_LENGTH} characters is not evaluated`, 'syntax');
    else {
      // CEL's optional syntax is marked so that the library parses it, then lowered onto the optional library (cel/).
      const marked = markOptionalSyntax(expression);
      if ('unsupported' in marked) entry = new CelProblem(`CEL optional syntax: ${marked.unsupported} is not evaluated`, 'unsupported');
      else {
        try {
          entry = cel().plan(env(), lowerOptionals(cel().parse(marked.text).expr));
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error)).replaceAll(SELECT_MARK, '?').replaceAll(`${INDEX_MARK}(`, '?');
          entry = new CelProblem(`CEL syntax error: ${message}`, 'syntax');
        }
      }
    }
    if (programs.size > 1000) programs.clear();
    programs.set(expression, entry);
  }
  if (entry instanceof CelProblem) throw entry;
  return entry;
}

/** The syntax error of an expression, or undefined when it parses (a form valid in CEL but not evaluated here is no error). */
export function celSyntaxError(expression: string): string | undefined {
  try {
    compile(expression);
    return undefined;
  } catch (error) {
    if (error instanceof CelProblem) return error.kind === 'unsupported' ? undefined : error.message;
    return String(error);
  }
}

/** JSON as CEL sees it: objects as maps, whole numbers as int, the rest as is (bounded depth: the input was parsed YAML). */
export function toCel(value: unknown, depth = 0): Cel.CelInput {
  if (depth > 100) throw new CelProblem('a value nested deeper than 100 levels', 'evaluation');
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((item) => toCel(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const map = new Map<string, Cel.CelInput>();
    for (const [key, item] of Object.entries(value)) map.set(key, toCel(item, depth + 1));
    return map;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  return null;
}

/** A CEL value as JSON (maps as objects, ints as numbers). */
export function fromCel(value: unknown): unknown {
  const library = cel();
  if (typeof value === 'bigint') return Number(value);
  if (library.isCelUint(value)) return Number(value.value);
  if (library.isCelList(value)) return [...value].map(fromCel);
  if (library.isCelMap(value)) return Object.fromEntries([...value.entries()].map(([key, item]) => [String(key), fromCel(item)]));
  return value;
}

/** An expression's value with these bindings (already CEL values, see toCel). */
export function evaluateCel(expression: string, bindings: Record<string, Cel.CelInput>): unknown {
  const result = compile(expression)(bindings);
  if (cel().isCelError(result) && result.message.startsWith('unbound function')) throw new CelProblem(`the CEL function ${result.message.slice('unbound function: '.length) || 'called'} is not evaluated offline (Kyverno's cluster, image and user libraries)`, 'unsupported');
  if (cel().isCelError(result)) throw new CelProblem(`CEL evaluation error in "${expression.slice(0, 120)}": ${result.message}`, 'evaluation');
  return result;
}
