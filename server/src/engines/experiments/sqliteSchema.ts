/**
 * What the SQLite file reader needs of a `CREATE TABLE` / `CREATE INDEX` statement from
 * sqlite_schema: the columns in order (what `pragma_table_info` lists), which one is the rowid's
 * alias (INTEGER PRIMARY KEY), which have a DEFAULT or a COLLATE or are generated (the reader
 * declines those), the PRIMARY KEY and UNIQUE column lists (their automatic indexes), and an
 * index's columns: whether SQLite could answer a scan from a covering index in another order.
 */

export interface ColumnDef {
  name: string;
  /** The declared type, upper case. */
  type: string;
  primaryKey: boolean;
  descending: boolean;
  hasDefault: boolean;
  collate: boolean;
  generated: boolean;
}

export interface TableDef {
  columns: ColumnDef[];
  withoutRowid: boolean;
  /** PRIMARY KEY and UNIQUE column lists, lower case: each has an automatic index. */
  keys: string[][];
  /** The column index of the rowid's alias, or -1. */
  rowidAlias: number;
}

type Token = { text: string; word: boolean; quoted?: boolean };

/** SQL's tokens, comments dropped; quoted names unquoted (word: false for punctuation and strings). */
function tokens(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') i = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
    else if (c === '/' && sql[i + 1] === '*') i = sql.indexOf('*/', i + 2) < 0 ? sql.length : sql.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === '`' || c === '[' || c === "'") {
      const close = c === '[' ? ']' : c;
      let text = '';
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            text += close;
            j++;
          } else break;
        } else text += sql[j];
      }
      out.push({ text, word: c !== "'", quoted: true });
      i = j + 1;
    } else if (/[\w$\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[\w$\u0080-\uffff]/.test(sql[j])) j++;
      out.push({ text: sql.slice(i, j), word: true });
      i = j;
    } else {
      out.push({ text: c, word: false });
      i++;
    }
  }
  return out;
}

/** The items of the first parenthesised list (split on its top-level commas), and the tokens after it. */
function list(all: Token[]): { items: Token[][]; after: Token[] } | undefined {
  const open = all.findIndex((t) => !t.word && t.text === '(');
  if (open < 0) return undefined;
  const items: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < all.length; i++) {
    const t = all[i];
    if (!t.word && t.text === '(') depth++;
    if (!t.word && t.text === ')') {
      if (depth === 0) return { items, after: all.slice(i + 1) };
      depth--;
    }
    if (depth === 0 && !t.word && t.text === ',') items.push([]);
    else items[items.length - 1].push(t);
  }
  return undefined;
}

/** A keyword's upper case ('' for punctuation, strings and quoted names: never keywords). */
const upper = (t: Token | undefined) => (t?.word && !t.quoted ? t.text.toUpperCase() : '');
const CONSTRAINT_WORDS = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINTS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** The names of an indexed-column list (`a COLLATE x DESC, b`), lower case; an expression is '(expr)'. */
function names(items: Token[][]): string[] {
  return items.map((item) => (item.length > 0 && (item.length === 1 || CONSTRAINT_WORDS.has(upper(item[1])) || ['ASC', 'DESC'].includes(upper(item[1]))) ? item[0].text.toLowerCase() : '(expr)'));
}

export function parseCreateTable(sql: string): TableDef | undefined {
  const parsed = list(tokens(sql));
  if (!parsed) return undefined;
  const columns: ColumnDef[] = [];
  const keys: string[][] = [];
  let tablePrimaryKey: string[] | undefined;
  for (const item of parsed.items) {
    if (item.length === 0) return undefined;
    const head = upper(item[0]);
    if (TABLE_CONSTRAINTS.has(head)) {
      const at = item.findIndex((t) => upper(t) === 'PRIMARY' || upper(t) === 'UNIQUE');
      const inner = at >= 0 ? list(item.slice(at)) : undefined;
      if (inner) {
        keys.push(names(inner.items));
        if (upper(item[at]) === 'PRIMARY') tablePrimaryKey = names(inner.items);
      }
      continue;
    }
    let i = 1;
    const type: string[] = [];
    while (i < item.length && !CONSTRAINT_WORDS.has(upper(item[i]))) type.push(item[i++].text);
    const rest = item.slice(i).map(upper);
    const pk = rest.indexOf('PRIMARY');
    const column: ColumnDef = {
      name: item[0].text,
      type: type.join(' ').replace(/ ?([(),]) ?/g, '$1').toUpperCase(),
      primaryKey: pk >= 0,
      descending: pk >= 0 && rest[pk + 2] === 'DESC',
      hasDefault: rest.includes('DEFAULT'),
      collate: rest.includes('COLLATE'),
      generated: rest.includes('GENERATED') || rest.includes('AS'),
    };
    if (column.primaryKey) keys.push([column.name.toLowerCase()]);
    if (rest.includes('UNIQUE')) keys.push([column.name.toLowerCase()]);
    columns.push(column);
  }
  const after = parsed.after.map(upper);
  const withoutRowid = after.includes('WITHOUT');
  // INTEGER PRIMARY KEY is the rowid (not with DESC on the column: SQLite's documented quirk).
  const rowidAlias = withoutRowid ? -1 : columns.findIndex((c) =>
    c.type === 'INTEGER' && ((c.primaryKey && !c.descending) || (tablePrimaryKey?.length === 1 && tablePrimaryKey[0] === c.name.toLowerCase())));
  return { columns, withoutRowid, keys, rowidAlias };
}

/** `CREATE [UNIQUE] INDEX name ON table (columns) [WHERE …]`: its columns, lower case. */
export function parseCreateIndex(sql: string): string[] | undefined {
  const all = tokens(sql);
  const on = all.findIndex((t) => upper(t) === 'ON');
  const parsed = on >= 0 ? list(all.slice(on)) : undefined;
  return parsed && names(parsed.items);
}
