// Kept apart from cli/diff.ts so that `archipel --help` loads none of the comparison.

export const diffUsage = [
  '  diff [PATH...] [--base REF] [--head REF]   The architecture of a change: the system map at REF (read from git objects) against',
  '                                             the working tree or --head REF: components, connections and entry points added,',
  '                                             removed or changed (image, technology, exposure, instances), trust boundaries',
  '                                             crossed, risks raised and resolved, personal data flows added and removed, the',
  '                                             monthly cost and carbon of the whole system on each side',
  '                                             ("no architectural change" when none). See docs/diff.md.',
  '      --base REF                             Default: the merge base with the default branch (git merge-base HEAD origin/HEAD),',
  '                                             else HEAD~1, as check --changed chooses it.',
  '      --format text|json|markdown|sarif      A summary (default), the JSON contract, a pull-request comment (Mermaid diagram,',
  '                                             tables, at most 65,536 characters), or SARIF (risks raised, entry points opened).',
  '      --fail-on exposure|threats|continuity|cost>N',
  '                                             Exit 1 when the change opens an entry point, raises a risk, harms continuity',
  '                                             (a gap raised, a backup removed, replicas dropped), or raises the monthly',
  '                                             cost by more than N (CI gates).',
  '      --allow-unread                         With --fail-on: judge the change without the changed files not read (over',
  '                                             maxFileSizeKb, stopped past its budget, a side file refused); without it,',
  '                                             such a file fails the gates.',
  '      --usage FILE                           The usage file of archipel cost (requests, GB stored), for both sides.',
].join('\n');
