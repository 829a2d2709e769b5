// The risks `archipel threats --format json` gives, as the threats tests read them: run on a folder or on planted files,
// and written one a line (`rule a>b @file:line,…`) so a test compares lists.
import { runCli } from './cliRun';
import { makeTree } from './tempdir';

export interface Risk { rule: string; title: string; elements: string[]; sources: { file: string; line: number }[] }

/** The risks of `threats <folder>` run in `root` (`--all`: accepted ones too, unless `all` is false). */
export async function risksIn(root: string, folder = '.', all = true): Promise<Risk[]> {
  const { out } = await runCli(['threats', folder, ...(all ? ['--all'] : []), '--format', 'json'], root);
  return (JSON.parse(out) as { risks: Risk[] }).risks;
}

/** The risks of planted files (a temporary tree, removed after). */
export async function risksOfFiles(files: Record<string, string>, all = true): Promise<Risk[]> {
  const tree = makeTree(files);
  try {
    return await risksIn(tree.root, '.', all);
  } finally {
    tree.remove();
  }
}

/** `rule a>b @file:line,…` of each risk (the elements' last name), sorted. */
export const described = (risks: readonly Risk[]): string[] =>
  risks.map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')} @${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();

/** The described risks of one rule (its id without `threat-`). */
export const ofRule = (risks: readonly Risk[], rule: string): string[] => described(risks).filter((r) => r.startsWith(`${rule} `));
