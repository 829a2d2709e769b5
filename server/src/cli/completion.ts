/**
 * `archipel completion bash|zsh|fish`: a completion script for the shell, generated from the
 * commands' usage lines (the families' descriptors and the kernel's: cli/usageEntries.ts) — the
 * commands, each one's subcommands, the options of the command or subcommand typed, the values of
 * an option that lists them (`--format text|json|sarif`), and files otherwise. A command a family
 * adds tomorrow completes with no edit here.
 */
import { usageEntries } from './usageEntries';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What is offered for one command. */
export interface CompletedCommand {
  name: string;
  subcommands: string[];
  /** Options by subcommand (`''`: the command's own, or every option when it has no subcommand). */
  options: Record<string, string[]>;
  /** Values of the options that list them. */
  values: Record<string, string[]>;
}

/** Options every command takes (cli/process.ts's --lang; the kernel's --help). */
const GLOBAL_OPTIONS = ['--lang', '--help'];
const LANGUAGES = ['en', 'fr'];

/** The commands to complete, from each one's name and its usage lines. */
export function completedCommands(commands: readonly { name: string; usage: string }[]): CompletedCommand[] {
  return commands.map(({ name, usage }) => {
    const entries = usageEntries(usage, name);
    const subcommands = [...new Set(entries.flatMap((e) => e.subcommands))];
    const options: Record<string, string[]> = { '': [...new Set(entries.flatMap((e) => e.options))] };
    // A subcommand's own options: those of the forms naming it (`privacy init` takes --year, not the scan's --format).
    for (const sub of subcommands) options[sub] = [...new Set(entries.filter((e) => e.subcommands.includes(sub)).flatMap((e) => e.options))];
    const values: Record<string, string[]> = {};
    for (const entry of entries) for (const [option, list] of Object.entries(entry.values)) values[option] = [...new Set([...(values[option] ?? []), ...list])];
    return { name, subcommands, options, values };
  });
}

/** A word of a completion list: the names, options and values read from usage are plain (`[a-z0-9-]`); anything else is left out. */
const plain = (words: readonly string[]) => words.filter((w) => /^-{0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(w));
const list = (words: readonly string[]) => plain(words).join(' ');

function bash(commands: readonly CompletedCommand[], program: string): string {
  const fn = `_${program.replace(/\W/g, '_')}`;
  const blocks = commands.map((c) => {
    const subs = c.subcommands.length ? `      subs="${list(c.subcommands)}"\n` : '';
    const bySub = c.subcommands.length
      ? `      case "$sub" in\n${c.subcommands.map((s) => `        ${s}) opts="${list(c.options[s])}" ;;\n`).join('')}        *) opts="${list(c.options[''])}" ;;\n      esac\n`
      : `      opts="${list(c.options[''])}"\n`;
    const values = Object.entries(c.values).map(([o, v]) => `        ${o}) vals="${list(v)}" ;;\n`).join('');
    return `    ${c.name})\n${subs}${bySub}${values ? `      case "$prev" in\n${values}      esac\n` : ''}      ;;\n`;
  });
  return `# ${program} completion for bash. Load it now: source <(${program} completion bash)
# or for every shell: ${program} completion bash > ~/.local/share/bash-completion/completions/${program}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local command="" sub="" subs="" opts="" vals="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      --lang) ((i++)) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command="\${COMP_WORDS[i]}"; elif [[ -z $sub ]]; then sub="\${COMP_WORDS[i]}"; fi ;;
    esac
  done
  [[ $prev == --lang ]] && vals="${list(LANGUAGES)}"
  case "$command" in
${blocks.join('')}  esac
  if [[ -n $vals ]]; then COMPREPLY=($(compgen -W "$vals" -- "$cur")); return; fi
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts ${list(GLOBAL_OPTIONS)}" -- "$cur")); return; fi
  if [[ -z $command ]]; then COMPREPLY=($(compgen -W "${list(commands.map((c) => c.name))}" -- "$cur")); return; fi
  if [[ -n $subs && -z $sub ]]; then COMPREPLY=($(compgen -W "$subs" -- "$cur")); return; fi
  # Anything else: files (complete -o default).
}
complete -o default -F ${fn} ${program}
`;
}

function zsh(commands: readonly CompletedCommand[], program: string): string {
  const fn = `_${program.replace(/\W/g, '_')}`;
  const blocks = commands.map((c) => {
    const subs = c.subcommands.length ? `      subs=(${list(c.subcommands)})\n` : '';
    const bySub = c.subcommands.length
      ? `      case $sub in\n${c.subcommands.map((s) => `        ${s}) opts=(${list(c.options[s])}) ;;\n`).join('')}        *) opts=(${list(c.options[''])}) ;;\n      esac\n`
      : `      opts=(${list(c.options[''])})\n`;
    const values = Object.entries(c.values).map(([o, v]) => `        ${o}) vals=(${list(v)}) ;;\n`).join('');
    return `    ${c.name})\n${subs}${bySub}${values ? `      case $prev in\n${values}      esac\n` : ''}      ;;\n`;
  });
  return `#compdef ${program}
# ${program} completion for zsh. Load it now: source <(${program} completion zsh)
# or for every shell: ${program} completion zsh > "\${fpath[1]}/_${program}"
${fn}() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} command= sub= i
  local -a subs opts vals
  for (( i = 2; i < CURRENT; i++ )); do
    case \${words[i]} in
      --lang) (( i++ )) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=\${words[i]}; elif [[ -z $sub ]]; then sub=\${words[i]}; fi ;;
    esac
  done
  [[ $prev == --lang ]] && vals=(${list(LANGUAGES)})
  case $command in
${blocks.join('')}  esac
  if (( \${#vals} )); then compadd -- $vals; return; fi
  if [[ $cur == -* ]]; then compadd -- $opts ${list(GLOBAL_OPTIONS)}; return; fi
  if [[ -z $command ]]; then compadd -- ${list(commands.map((c) => c.name))}; return; fi
  if (( \${#subs} )) && [[ -z $sub ]]; then compadd -- $subs; return; fi
  _files
}
if [[ "\${funcstack[1]}" == ${fn} ]]; then ${fn} "$@"; else compdef ${fn} ${program}; fi
`;
}

function fish(commands: readonly CompletedCommand[], program: string): string {
  const lines = [
    `# ${program} completion for fish. Load it now: ${program} completion fish | source`,
    `# or for every shell: ${program} completion fish > ~/.config/fish/completions/${program}.fish`,
    `complete -c ${program} -n __fish_use_subcommand -f -a '${list(commands.map((c) => c.name))}'`,
    `complete -c ${program} -l lang -x -a '${list(LANGUAGES)}'`,
    `complete -c ${program} -s h -l help`,
  ];
  const option = (condition: string, name: string, values?: readonly string[]) => {
    const flag = name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`;
    return `complete -c ${program} -n '${condition}' ${flag}${values?.length ? ` -x -a '${list(values)}'` : ''}`;
  };
  for (const c of commands) {
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    if (c.subcommands.length) {
      lines.push(`complete -c ${program} -n '${seen}; and not __fish_seen_subcommand_from ${list(c.subcommands)}' -f -a '${list(c.subcommands)}'`);
      for (const sub of c.subcommands) for (const o of plain(c.options[sub])) lines.push(option(`${seen}; and __fish_seen_subcommand_from ${sub}`, o, c.values[o]));
    } else {
      for (const o of plain(c.options[''])) lines.push(option(seen, o, c.values[o]));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script of `shell` for `commands` (their names and usage lines), for the command `program`. */
export function completionScript(shell: Shell, commands: readonly { name: string; usage: string }[], program = 'archipel'): string {
  const completed = completedCommands(commands);
  return shell === 'bash' ? bash(completed, program) : shell === 'zsh' ? zsh(completed, program) : fish(completed, program);
}
