import { usageLines, type Family } from './descriptor';
import { KERNEL_COMMANDS } from '../cli/answers';

/** Every command `archipel` knows: the kernel's, then each family's in the list's order. */
export const commandNames = (list: readonly Family[]): string[] => [...KERNEL_COMMANDS, ...list.flatMap((family) => (family.commands ?? []).flatMap((command) => command.names))];

/** `archipel --help`: the kernel's commands, then every family's, in the list's order. */
export const usageOf = (list: readonly Family[]) => `Usage: archipel <command> [options]

Commands:
  check [PATH...]      Check files and folders (default: the current folder).
      --format text|json|sarif   Output format (default: text).
      --rule ID=SEVERITY         Override a rule's severity (off|hint|information|warning|error); repeatable.
      --today YYYY-MM-DD         The date overdue AMDEC actions are judged against (default: today).
      --max-file-size-kb N       Files larger than N KB are not checked, with a warning (default: 4096).
      --file-budget MS           The most time one file's work may take; past it the work is stopped and the
                                 file gets an archipel-limit warning (default: 10000; 0: no bound).
      --strict-limits            Exit 1 when a file, or a document in it, was not checked because it passes
                                 a limit (file-too-large, any *-limit: archipel-limit, yaml-limit, side-file-limit, prom-limit, …).
      --changed                  Check only the files changed against a git ref (committed, working tree,
                                 untracked) and the files whose cross-file findings they can change.
      --base REF                 The ref --changed compares with (default: git merge-base HEAD origin/HEAD,
                                 else HEAD~1).
  rules                List the rules with their default severity.
  completion bash|zsh|fish   Print a completion script for the shell: commands, subcommands, options and their values.
                       Load it: source <(archipel completion bash) (zsh: the same; fish: archipel completion fish | source).
  help [COMMAND [SUB]]  This page, or one command's usage (the same as COMMAND [SUB] --help).
${list.flatMap((family) => (family.commands ?? []).map((command) => usageLines(command, list))).join('\n')}

Options:
  --lang en|fr         The language of messages (default: from LANG; English unless it is French).
  -h, --help           Show this help; after a command (and its subcommand), only its usage.
  -v, --version        Show the version.

Environment:
  ARCHIPEL_BLUR_LANES=N     run blur's models in N inference lanes (default: one per idle core beyond the first).
  ARCHIPEL_CACHE_DIR=DIR|off  where speed-only caches go (V8 code caches, optimised ONNX models, check's index; default ~/.cache/archipel).
  ARCHIPEL_V8_FLAGS="..."   V8 flags for this run (none by default; see docs/cli.md).
  ARCHIPEL_STARTUP_TUNING=off  no speed-only cache and no V8 flag at all, whatever the two above say.

Exit status: 0 no error reported, 2 usage error, 1 errors reported. For check: an error (--strict-limits: also a file
not checked for a limit); threats: a risk of elevated severity or more raised (not treated nor accepted in the
register), or the register has errors; diff: a --fail-on gate failed; policy test: an expected result not met; policy
eval: the policy not evaluated (a .rego not built to WebAssembly); continuity: a gap not accepted; slo: the spec has
errors; helm: the chart's problems; validate: an expectation failed; privacy: an error finding or a file not read;
blur: a file failed; predict: the run failed; run: a stage failed, or the run was cancelled; status/run/dag/export:
the pipeline file has errors; diagram: the view cannot be drawn or written (an empty diagram is 0, and says why). cost
exits 0 whatever it could not price (those are listed).`;
