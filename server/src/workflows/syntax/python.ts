import type { SyntaxNode, SyntaxNodeRef } from '@lezer/common';
import type * as LezerPython from '../python.lazy';
import { t } from '../../l10n/t';

/** A problem of a python script, on offsets of its text. */
export interface ScriptProblem {
  from: number;
  to: number;
  message: string;
}

let lezer: typeof LezerPython | undefined;
function pythonParser(): typeof LezerPython.parser {
  return (lezer ??= require('../python.lazy') as typeof LezerPython).parser;
}

/** Scripts longer than this get the bracket and string check only (their names are not resolved). */
const maxResolvedLength = 100_000;

/**
 * The script as Python sees it: the runner replaces each ${{ }} before the script runs, with a value
 * Archipel does not know; `0` padded to the same length keeps every offset and stays an expression.
 */
function withoutExpressions(script: string): string {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '0' + expression.slice(1).replace(/[^\n]/g, ' '));
}

const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * Brackets and strings, read as Python's tokenizer does (comments, prefixed and triple-quoted
 * strings, backslash escapes), with the messages CPython gives for the same mistakes.
 */
function tokenProblems(script: string): ScriptProblem[] {
  const open: { char: string; at: number }[] = [];
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '#') {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (c === "'" || c === '"') {
      const triple = script.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      for (; j < script.length && !script.startsWith(quote, j); j++) {
        if (script[j] === '\\') j++;
        else if (!triple && script[j] === '\n') break;
      }
      if (j >= script.length || (!triple && script[j] === '\n')) {
        const message = triple ? t('Python cannot parse this script: unterminated triple-quoted string literal.') : t('Python cannot parse this script: unterminated string literal.');
        return [{ from: i, to: triple ? i + 3 : Math.max(i + 1, j), message }];
      }
      i = j + quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      open.push({ char: c, at: i });
    } else if (c === ')' || c === ']' || c === '}') {
      const last = open.pop();
      if (!last) return [{ from: i, to: i + 1, message: t('Python cannot parse this script: unmatched \'{0}\'.', c) }];
      if (last.char !== pairs[c]) return [{ from: i, to: i + 1, message: t('Python cannot parse this script: closing \'{0}\' does not match opening \'{1}\' (line {2}).', c, last.char, script.slice(0, last.at).split('\n').length) }];
    }
  }
  const unclosed = open.pop();
  return unclosed ? [{ from: unclosed.at, to: unclosed.at + 1, message: t('Python cannot parse this script: \'{0}\' was never closed.', unclosed.char) }] : [];
}

/** Python's builtins (3.11–3.13) and the names every module has. */
const builtins = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError ' +
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip ' +
    '__name__ __file__ __doc__ __builtins__ __spec__ __loader__ __package__ __debug__ __annotations__ __import__ __build_class__ __cached__ __path__ __dict__ __class__'
  ).split(' '),
);

/** Nodes that only group a binding target: `(a, b) = …`, `for [x, *y] in …`. */
const wrappers = new Set(['TupleExpression', 'ParenthesizedExpression', 'ArrayExpression']);
/** Parents whose every name binds one (or names a module or an attribute, which is no use either). */
const binders = new Set(['ImportStatement', 'ParamList', 'FunctionDefinition', 'ClassDefinition', 'ScopeStatement', 'DeleteStatement', 'CapturePattern', 'UpdateStatement']);

/** The node's siblings before it, nearest first. */
function* before(node: SyntaxNode): Generator<SyntaxNode> {
  for (let sibling = node.prevSibling; sibling; sibling = sibling.prevSibling) yield sibling;
}

/**
 * Whether a VariableName binds the name rather than reading it. Generous on purpose: a name that
 * binds anywhere counts as defined everywhere in the script, so nothing pyflakes accepts is reported.
 */
function binds(name: SyntaxNode): boolean {
  let node = name;
  while (node.parent && wrappers.has(node.parent.name)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (binders.has(name.parent!.name)) return true;
  if (parent.name === 'KeywordPattern' || parent.name === 'NamedExpression') return node.prevSibling === null;
  // A keyword argument's name (f(key=value)).
  if (parent.name === 'ArgList' && node.nextSibling?.name === 'AssignOp') return true;
  if (parent.name === 'AssignStatement' && [...before(node)].every((s) => s.name !== 'AssignOp') && (node.nextSibling?.name === 'AssignOp' || node.nextSibling?.name === 'TypeDef' || node.nextSibling?.name === ',')) return true;
  if (node.prevSibling?.name === 'as') return true;
  // for … in (statements and comprehensions): after a `for` with no `in` since.
  for (const sibling of before(node)) {
    if (sibling.name === 'in') return false;
    if (sibling.name === 'for') return true;
  }
  return false;
}

/** Names a script reads that nothing defines: pyflakes' "undefined name", without its scopes. */
function undefinedNames(script: string): ScriptProblem[] {
  if (script.length > maxResolvedLength) return [];
  const tree = pythonParser().parse(script);
  const reads: SyntaxNode[] = [];
  const defined = new Set<string>();
  let trusted = true;
  tree.iterate({
    enter: (ref: SyntaxNodeRef) => {
      // Lezer's grammar misses some valid Python: a tree with an error is no ground for a verdict.
      if (ref.type.isError) trusted = false;
      if (ref.name === 'ImportStatement' && /\bimport\s*\*/.test(script.slice(ref.from, ref.to))) trusted = false;
      if (ref.name !== 'VariableName') return;
      const node = ref.node;
      if (binds(node)) defined.add(script.slice(ref.from, ref.to));
      else reads.push(node);
    },
  });
  if (!trusted) return [];
  const names = reads.map((node) => script.slice(node.from, node.to));
  // exec() and the namespace dictionaries can define any name.
  if (names.some((n) => n === 'exec' || n === 'globals' || n === 'locals' || n === 'vars')) return [];
  return reads
    .filter((_, i) => !defined.has(names[i]) && !builtins.has(names[i]))
    .map((node) => ({ from: node.from, to: node.to, message: t('Python: undefined name "{0}": nothing in this script defines or imports it.', script.slice(node.from, node.to)) }));
}

/** What Python (its tokenizer) and pyflakes (undefined names) would report on a run: script. */
export function pythonProblems(script: string): ScriptProblem[] {
  const text = withoutExpressions(script);
  const syntax = tokenProblems(text);
  return syntax.length > 0 ? syntax : undefinedNames(text);
}
