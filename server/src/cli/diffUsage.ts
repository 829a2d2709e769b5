// Kept apart from cli/diff.ts so that `archipel --help` loads none of the comparison.

export const diffUsage = [
  '  diff [PATH...] [--base REF] [--head REF]   The architecture of a change: the system map at REF (read from git objects) against',
  '                                             the working tree or --head REF: components, connections and entry points added,',
  '                                             removed or changed ("no architectural change" when none). See docs/diff.md.',
  '      --base REF                             Default: the merge base with the default branch (git merge-base HEAD origin/HEAD),',
  '                                             else HEAD~1, as check --changed chooses it.',
  '      --format text|json|markdown            A summary (default), the JSON contract, or a pull-request comment (Mermaid diagram,',
  '                                             tables, at most 65,536 characters).',
  '      --fail-on exposure                     Exit 1 when the change opens an entry point (a CI gate; threats and cost>N to come).',
].join('\n');
