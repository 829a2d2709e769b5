/**
 * Where a template reads `.Values.a.b` (or `$.Values.a.b`) and whether that read is guarded (by
 * default, required, if, with, hasKey, or an if/with/range around it naming the path or a prefix
 * of it), and where it calls include/template with a name: what the undefined-value warning,
 * completion, hover, definition, references and rename work from. One walk of the template's
 * tree, with an explicit stack.
 */
import type { Arg, Pipe, ParsedTemplate, TemplateNode } from '../gotemplate/ast';

export interface ValueUse {
  /** The path under .Values (`['image', 'tag']`). */
  path: string[];
  /** Each path segment's name in the text. */
  spans: [number, number][];
  guarded: boolean;
}

/** A read of `.Release.<field>`: the field's name and its span. */
export interface ReleaseRead {
  field: string;
  start: number;
  end: number;
}

export interface TemplateCall {
  name: string;
  /** The name's string literal, quotes included. */
  start: number;
  end: number;
  kind: 'include' | 'template';
}

/** Functions that make a value optional: reading it through them is a guard. */
const guards = new Set(['default', 'required', 'empty', 'coalesce', 'hasKey', 'ternary', 'kindIs', 'typeIs', 'typeOf', 'kindOf', 'dig', 'not', 'and', 'or']);

interface Frame {
  list: readonly TemplateNode[];
  dotIsRoot: boolean;
  guardedPaths: string[][];
}

const isPrefix = (prefix: readonly string[], path: readonly string[]) => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** The path under a top-level object (`Values`, `Release`) an argument reads from the root context, with its segments' spans. */
function rootPath(arg: Arg, dotIsRoot: boolean, inDefine: boolean, top: string): { path: string[]; spans: [number, number][] } | undefined {
  let names: string[];
  let pos: number;
  if (arg.kind === 'field' && dotIsRoot) {
    names = arg.names;
    pos = arg.start;
  } else if (arg.kind === 'variable' && arg.name === '$' && !inDefine) {
    names = arg.names;
    pos = arg.start + 1;
  } else return undefined;
  if (names[0] !== top || names.length < 2) return undefined;
  const spans: [number, number][] = [];
  pos += 1 + names[0].length;
  for (const name of names.slice(1)) {
    spans.push([pos + 1, pos + 1 + name.length]);
    pos += 1 + name.length;
  }
  return { path: names.slice(1), spans };
}

const valuePath = (arg: Arg, dotIsRoot: boolean, inDefine: boolean) => rootPath(arg, dotIsRoot, inDefine, 'Values');

/** Whether an argument is `.Values` (or `$.Values`) itself. */
function isValuesRoot(arg: Arg, dotIsRoot: boolean, inDefine: boolean): boolean {
  const names = arg.kind === 'field' && dotIsRoot ? arg.names : arg.kind === 'variable' && arg.name === '$' && !inDefine ? arg.names : undefined;
  return names?.length === 1 && names[0] === 'Values';
}

/** Every argument of a pipeline, parenthesised pipelines included, with whether a guard function takes it. */
function* argsOf(pipe: Pipe, guardedAlready: boolean): Generator<{ arg: Arg; guarded: boolean; head?: string }> {
  const work: { pipe: Pipe; guarded: boolean }[] = [{ pipe, guarded: guardedAlready }];
  while (work.length > 0) {
    const { pipe: current, guarded } = work.pop()!;
    for (const [k, cmd] of current.cmds.entries()) {
      const head = cmd.args[0]?.kind === 'identifier' ? cmd.args[0].name : undefined;
      // A value piped into a guard (`.Values.x | default "y"`) is guarded too.
      const pipedIntoGuard = current.cmds.slice(k + 1).some((next) => next.args[0]?.kind === 'identifier' && guards.has(next.args[0].name));
      const isGuarded = guarded || (head !== undefined && guards.has(head)) || pipedIntoGuard;
      for (const arg of cmd.args) {
        if (arg.kind === 'pipe') work.push({ pipe: arg.pipe, guarded: isGuarded });
        // `(.Values.a).b`: text/template gives no value for a missing key, and a field of no value is no value (Helm's nil-safe idiom).
        else if (arg.kind === 'chain' && arg.node.kind === 'pipe') work.push({ pipe: arg.node.pipe, guarded: true });
        else yield { arg, guarded: isGuarded, head };
      }
    }
  }
}

/** The paths a condition names (guarding the body), hasKey's `.Values.a "b"` as a.b. */
function conditionPaths(pipe: Pipe, dotIsRoot: boolean, inDefine: boolean): string[][] {
  const paths: string[][] = [];
  const work: Pipe[] = [pipe];
  while (work.length > 0) {
    const current = work.pop()!;
    for (const cmd of current.cmds) {
      const isHasKey = cmd.args[0]?.kind === 'identifier' && cmd.args[0].name === 'hasKey';
      cmd.args.forEach((arg, i) => {
        if (arg.kind === 'pipe') work.push(arg.pipe);
        const next = cmd.args[i + 1];
        // `hasKey .Values "x"`: the top-level key x (`.Values` alone is no path under it).
        if (isHasKey && next?.kind === 'string' && isValuesRoot(arg, dotIsRoot, inDefine)) paths.push([next.value]);
        // `if (.Values.a).b` (Helm's nil-safe idiom) names the path a.b as `if .Values.a.b` does: the body reads it guarded.
        const inner = arg.kind === 'chain' && arg.node.kind === 'pipe' && arg.node.pipe.cmds.length === 1 && arg.node.pipe.cmds[0].args.length === 1 ? valuePath(arg.node.pipe.cmds[0].args[0], dotIsRoot, inDefine) : undefined;
        if (inner && arg.kind === 'chain') paths.push([...inner.path, ...arg.names]);
        const found = valuePath(arg, dotIsRoot, inDefine);
        if (!found) return;
        paths.push(isHasKey && next?.kind === 'string' ? [...found.path, next.value] : found.path);
      });
    }
  }
  return paths;
}

export interface TemplateUses {
  values: ValueUse[];
  calls: TemplateCall[];
  release: ReleaseRead[];
}

const usesOf = new WeakMap<ParsedTemplate, TemplateUses>();

/** The .Values and .Release reads and the include/template calls of a parsed template (found once per parse). */
export function templateUses(parsed: ParsedTemplate): TemplateUses {
  let uses = usesOf.get(parsed);
  if (!uses) usesOf.set(parsed, (uses = findUses(parsed)));
  return uses;
}

function findUses(parsed: ParsedTemplate): TemplateUses {
  const values: ValueUse[] = [];
  const calls: TemplateCall[] = [];
  const release: ReleaseRead[] = [];
  const bodies: { list: readonly TemplateNode[]; inDefine: boolean }[] = [{ list: parsed.list, inDefine: false }, ...parsed.defines.map((d) => ({ list: d.list, inDefine: true }))];
  for (const body of bodies) {
    const inDefine = body.inDefine;
    const work: Frame[] = [{ list: body.list, dotIsRoot: !inDefine, guardedPaths: [] }];
    const visitPipe = (pipe: Pipe, frame: Frame, inCondition: boolean) => {
      for (const { arg, guarded, head } of argsOf(pipe, inCondition)) {
        const found = valuePath(arg, frame.dotIsRoot, inDefine);
        if (found) values.push({ ...found, guarded: guarded || frame.guardedPaths.some((g) => isPrefix(g, found.path)) });
        const releaseField = rootPath(arg, frame.dotIsRoot, inDefine, 'Release');
        if (releaseField) release.push({ field: releaseField.path[0], start: releaseField.spans[0][0], end: releaseField.spans[0][1] });
        if (arg.kind === 'string' && head === 'include') {
          const cmd = pipe.cmds.find((c) => c.args.includes(arg));
          if (cmd && cmd.args[1] === arg) calls.push({ name: arg.value, start: arg.start, end: arg.end, kind: 'include' });
        }
      }
    };
    while (work.length > 0) {
      const frame = work.pop()!;
      for (const node of frame.list) {
        switch (node.kind) {
          case 'action':
            visitPipe(node.pipe, frame, false);
            break;
          case 'template':
            calls.push({ name: node.name, start: node.nameStart, end: node.nameEnd, kind: 'template' });
            if (node.pipe) visitPipe(node.pipe, frame, false);
            break;
          case 'if':
          case 'with':
          case 'range': {
            visitPipe(node.pipe, frame, true);
            const guardedPaths = [...frame.guardedPaths, ...conditionPaths(node.pipe, frame.dotIsRoot, inDefine)];
            work.push({ list: node.list, dotIsRoot: node.kind === 'if' && frame.dotIsRoot, guardedPaths });
            if (node.elseList) work.push({ list: node.elseList, dotIsRoot: frame.dotIsRoot, guardedPaths: node.kind === 'if' ? guardedPaths : frame.guardedPaths });
            break;
          }
          default:
            break;
        }
      }
    }
  }
  return { values, calls, release };
}
