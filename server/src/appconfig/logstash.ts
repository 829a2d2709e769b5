/**
 * The addresses a Logstash pipeline writes (issue #95): docker-elk's `output { elasticsearch { hosts => "elasticsearch:9200" } }`.
 * A pipeline is Logstash's own syntax (sections `input`, `filter`, `output` of plugin blocks, `setting => value`, conditionals);
 * only the `hosts` and `url` settings of an input's or an output's plugin are read: where the plugin connects (a `host` is
 * where an input listens, never a peer). A bare host takes the plugin's default port (Elasticsearch's 9200). One pass over
 * the text's tokens, no expression over more than a token: linear in the text (the side-file read's bound).
 */
import type { WrittenAddress } from '../features/system/addresses';
import { wordAddress } from './valueAddress';

/** A pipeline's sections: a `.conf` holding one at the start of a line is read as a pipeline. */
const SECTION = /^[ \t]*(?:input|filter|output)[ \t]*\{/m;

/** The settings naming where a plugin connects. */
const ADDRESS_SETTINGS = new Set(['hosts', 'url']);

/** The port a plugin connects to when its `hosts` gives none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { elasticsearch: 9200 };

/** Words that open a block without naming a plugin. */
const CONDITIONAL = new Set(['if', 'else']);

/** Whether a configuration file is a Logstash pipeline. */
export function isLogstashPipeline(name: string, text: string): boolean {
  return /\.conf$/i.test(name) && SECTION.test(text) && /=>/.test(text);
}

interface Token {
  kind: 'word' | 'string' | 'open' | 'close' | 'arrow' | 'other';
  text: string;
  /** Offset of the token's text (a string's: after its quote). */
  start: number;
}

function* tokens(text: string): Generator<Token> {
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (char === '#') {
      const end = text.indexOf('\n', at);
      at = end === -1 ? text.length : end + 1;
    } else if (char === '"' || char === "'") {
      // A backslash escapes the next character; a string runs to its closing quote (or the text's end).
      let end = at + 1;
      while (end < text.length && text[end] !== char) end += text[end] === '\\' ? 2 : 1;
      yield { kind: 'string', text: text.slice(at + 1, Math.min(end, text.length)), start: at + 1 };
      at = end + 1;
    } else if (char === '{' || char === '}') {
      yield { kind: char === '{' ? 'open' : 'close', text: char, start: at };
      at++;
    } else if (char === '=' && text[at + 1] === '>') {
      yield { kind: 'arrow', text: '=>', start: at };
      at += 2;
    } else if (/[A-Za-z0-9_@.:/-]/.test(char)) {
      let end = at + 1;
      while (end < text.length && /[A-Za-z0-9_@.:/-]/.test(text[end])) end++;
      yield { kind: 'word', text: text.slice(at, end), start: at };
      at = end;
    } else {
      if (!/\s/.test(char)) yield { kind: 'other', text: char, start: at };
      at++;
    }
  }
}

/** The addresses of a value (a string or a bare word: each of its words), a bare host taking the plugin's default port. */
function valueAddresses(token: Token, plugin: string): WrittenAddress[] {
  const found: WrittenAddress[] = [];
  let offset = 0;
  for (const word of token.text.split(/([,\s]+)/)) {
    const at = offset;
    offset += word.length;
    const address = word.length > 0 && word.length <= 800 ? wordAddress(word, token.start + at, DEFAULT_PORTS[plugin]) : undefined;
    if (address) found.push(address);
  }
  return found;
}

/** The addresses the plugins of a pipeline's `input` and `output` sections connect to. */
export function logstashAddresses(text: string): WrittenAddress[] {
  const found: WrittenAddress[] = [];
  // The blocks open around the current token: the section's name first, then plugins' (a conditional's block keeps the enclosing name).
  const blocks: string[] = [];
  let previous: Token | undefined;
  // Since the last brace: a condition (`if [type] == "x"`, `else`) is being read.
  let condition = false;
  // The setting whose value is being read (after its `=>`), and whether the value is a list.
  let setting: { name: string; list: boolean } | undefined;
  for (const token of tokens(text)) {
    if (setting) {
      const value = token.kind === 'string' || token.kind === 'word';
      if (value && ADDRESS_SETTINGS.has(setting.name)) found.push(...valueAddresses(token, blocks[blocks.length - 1]));
      if (token.kind === 'other' && token.text === '[' && !setting.list) setting.list = true;
      else if (token.kind === 'other' && token.text === ']') setting = undefined;
      else if (value && !setting.list) setting = undefined;
      else if (!value && !(token.kind === 'other' && token.text === ',')) setting = undefined;
      if (setting || token.kind !== 'open') {
        previous = token;
        continue;
      }
    }
    if (token.kind === 'word' && CONDITIONAL.has(token.text)) condition = true;
    else if (token.kind === 'open') {
      const inherited = blocks.length > 0 ? blocks[blocks.length - 1] : '';
      blocks.push(condition || previous?.kind !== 'word' ? inherited : previous.text);
      condition = false;
    } else if (token.kind === 'close') {
      blocks.pop();
      condition = false;
    } else if (token.kind === 'arrow' && previous?.kind === 'word' && !condition) {
      const section = blocks[0];
      if ((section === 'input' || section === 'output') && blocks.length >= 2) setting = { name: previous.text, list: false };
    }
    previous = token;
  }
  return found;
}
