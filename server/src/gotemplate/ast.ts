/**
 * The tree of a Go text/template (Go's text/template/parse, whose node kinds it mirrors), every
 * node with its offsets in the template's text: `start` inclusive, `end` exclusive. An action's
 * range covers its delimiters (`{{- … -}}`), so that a finding about it underlines the whole action.
 */

/** An operand of a command. */
export type Arg =
  | { kind: 'field'; start: number; end: number; names: string[] }
  | { kind: 'dot'; start: number; end: number }
  | { kind: 'variable'; start: number; end: number; name: string; names: string[] }
  | { kind: 'identifier'; start: number; end: number; name: string }
  | { kind: 'chain'; start: number; end: number; node: Arg; names: string[] }
  | { kind: 'pipe'; start: number; end: number; pipe: Pipe }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; text: string; int?: bigint; uint?: bigint; float?: number; complex?: true }
  | { kind: 'bool'; start: number; end: number; value: boolean }
  | { kind: 'nil'; start: number; end: number };

/** One stage of a pipeline: a function or method call, or a value. */
export interface Command {
  start: number;
  end: number;
  args: Arg[];
}

/** `$x := a | b`, `$i, $e := range`: the variables declared (or assigned) and the commands. */
export interface Pipe {
  start: number;
  end: number;
  decl: { name: string; start: number; end: number }[];
  /** `=` rather than `:=`. */
  assign: boolean;
  cmds: Command[];
}

export type TemplateNode =
  | { kind: 'text'; start: number; end: number; text: string }
  | { kind: 'action'; start: number; end: number; pipe: Pipe }
  | { kind: 'if' | 'with' | 'range'; start: number; end: number; pipe: Pipe; list: TemplateNode[]; elseList?: TemplateNode[] }
  | { kind: 'template'; start: number; end: number; name: string; nameStart: number; nameEnd: number; pipe?: Pipe }
  | { kind: 'break' | 'continue'; start: number; end: number };

/** A `{{define "name"}}` (or the definition a `{{block}}` makes). */
export interface Definition {
  name: string;
  /** The name's string literal, quotes included. */
  nameStart: number;
  nameEnd: number;
  /** The whole definition, `{{define` to its `{{end}}`. */
  start: number;
  end: number;
  list: TemplateNode[];
}

export interface ParseError {
  start: number;
  end: number;
  message: string;
  /** Not an error of the template: it passes what the parser accepts (nesting depth). */
  limit?: boolean;
}

/** A parsed template file: its body, its definitions and the first error (Go stops at the first). */
export interface ParsedTemplate {
  text: string;
  list: TemplateNode[];
  defines: Definition[];
  error?: ParseError;
}
