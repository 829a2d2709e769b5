/**
 * nginx's `set $name value;` (issue #95): a `proxy_pass http://$docker_search_host;` after `set $docker_search_host "search";`
 * calls `search` (the way Compose setups stop nginx from resolving a container's name at start-up). A variable stands for
 * the value of the last `set` before the directive in its block or a block around it (a `location` inside a `server`);
 * a variable never set (`$host`, `$http_upgrade`, `$request_uri`) stays as written and names nothing.
 * Pure and linear: one pass over the text, braces and `;` outside quotes and comments.
 */

/** The value written with every variable set in scope replaced (`$name` and `${name}`); `at`: the directive's offset in the text. */
export type NginxSets = (value: string, at: number) => string;

interface Assignment {
  name: string;
  value: string;
  at: number;
  /** The block holding the `set`: it applies at an offset inside that block only. */
  block: { start: number; end: number };
}

/**
 * `set $name value`, the value quoted or not. One holding an nginx variable of its own (`$host`) is not followed; a
 * template's `${BACKEND_HOST}` is kept (the environment's, read as any other).
 */
const setStatement = /^set\s+\$([A-Za-z_]\w{0,63})\s+(?:"([^"]{0,500})"|'([^']{0,500})'|([^\s"';]{1,500}))$/;

/** The `set`s of an nginx file, or undefined when it has none (the common case: values then read as written). */
export function nginxSets(text: string): NginxSets | undefined {
  if (!/\bset\s+\$/.test(text)) return undefined;
  const assignments = new Map<string, Assignment[]>();
  const top = { start: 0, end: text.length };
  const blocks: { start: number; end: number }[] = [top];
  let statement = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      // A comment ends no statement; a statement starting after it starts on the next line.
      if (text.slice(statement, i).trim().startsWith('#')) statement = i + 1;
    } else if (c === ';') {
      const written = text.slice(statement, i).trim();
      const set = setStatement.exec(written);
      const assigned = set ? (set[2] ?? set[3] ?? set[4]) : undefined;
      if (set && assigned !== undefined && !/\$(?!\{)/.test(assigned)) {
        const list = assignments.get(set[1]) ?? [];
        list.push({ name: set[1], value: assigned, at: i, block: blocks[blocks.length - 1] });
        assignments.set(set[1], list);
      }
      statement = i + 1;
    } else if (c === '{') {
      // `${NAME}` of a template is no block.
      if (text[i - 1] === '$') {
        const close = text.indexOf('}', i);
        if (close !== -1 && close - i <= 64) i = close;
        continue;
      }
      blocks.push({ start: i, end: text.length });
      statement = i + 1;
    } else if (c === '}') {
      if (blocks.length > 1) blocks.pop()!.end = i;
      statement = i + 1;
    }
  }
  const valueAt = (name: string, at: number): string | undefined => {
    let found: Assignment | undefined;
    for (const assignment of assignments.get(name) ?? []) {
      if (assignment.at < at && assignment.block.start <= at && at < assignment.block.end && (!found || assignment.at > found.at)) found = assignment;
    }
    return found?.value;
  };
  return (value, at) => value.replace(/\$\{([A-Za-z_]\w{0,63})\}|\$([A-Za-z_]\w{0,63})/g, (whole, braced: string | undefined, bare: string | undefined) => valueAt(braced ?? bare!, at) ?? whole);
}
