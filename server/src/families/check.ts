/**
 * Which families `archipel check` creates for its files: each family's own decision of which files it says something
 * of (descriptor.ts Family.own, declared in its folder's `files.ts`: common/ownFiles.ts), taken before its code is loaded.
 */
import { filePath } from '../common/fileSelector';
import { OWN_TEST_BYTES, YAML_FILE, type OwnFiles } from '../common/ownFiles';
import { filesOf, type SelectingFamily } from './select';
import type { ArchipelSettings } from '../settings';

/** A file's first `bytes` bytes as UTF-8, and whether the file holds more (undefined: unreadable). */
export type HeadReader = (file: string, bytes: number) => { readonly text: string; readonly cut: boolean } | undefined;

/**
 * The files sniffed or tested at most per family, each counted once however many of its passes ask (issue #84: a rule file
 * counted twice, in the `beyond-yaml` pass and in the sniff, let 129 YAML files pass the cap): past them a candidate counts
 * as taken (a large tree's check creates the family, as without `head`).
 */
const SNIFFED_PER_FAMILY = 256;

/** What choosing a family needs of it: a full descriptor (a test's list) or a light entry (lazy.generated.ts: `features` and `system` say whether it has them). */
export interface ChosenFamily extends SelectingFamily {
  readonly id: string;
  /** Which files it says something of (descriptor.ts Family.own, its `files.ts`): the one decision taken here. */
  readonly own?: OwnFiles;
  readonly features?: unknown;
  readonly system?: unknown;
}

/**
 * The families whose features `archipel check` creates for `files` (the checked files and their
 * context), in the list's order: a family whose selector takes one of the files — by its name, or, for
 * a sniffed candidate, by its first bytes (`head`; without it a candidate is taken) — one that reads
 * beyond its selector (those reading only YAML there: when a file is YAML), one without a selector (the
 * same), and, with the system map, those without a selector whose contribution to it may read any file.
 * Never a family with no feature or none that says something in a check. Creating a family's features
 * costs its start-up (Terraform's HCL parser is WebAssembly, Kubernetes reads its schema validators),
 * and choosing among the light entries (lazy.generated.ts) before any is loaded costs its code: a check
 * of one rule file pays for the families that can say something about it, not for all of them.
 */
export function familiesFor<F extends ChosenFamily>(files: readonly string[], settings: ArchipelSettings, list: readonly F[], head?: HeadReader): F[] {
  // Each base name once (a monorepo's 20,000 paths hold a few hundred): a family's matcher first tells them apart by it
  // (FileMatcher.mayTake), and only the paths of the names it may take are matched (issue #84).
  const names = new Map<string, number>();
  // What every family asks of a file, made once per file (not per file and family, issue #68): its path '/'-separated,
  // the same lowercased for the selectors, and the reader of its text (each file's text read once, for every family's
  // content test; the same reader each time, so a test shared by two families keeps its answer: mayBeFides).
  const each = files.map((file, at) => {
    let text: string | undefined;
    let read = false;
    const path = filePath(file);
    let name = names.get(path.base);
    if (name === undefined) names.set(path.base, (name = names.size));
    return {
      file,
      at,
      yaml: YAML_FILE.test(file),
      name,
      slashed: file.replace(/\\/g, '/'),
      path,
      text: () => {
        if (!read) {
          const got = head?.(file, OWN_TEST_BYTES);
          text = got && !got.cut ? got.text : undefined;
          read = true;
        }
        return text;
      },
    };
  });
  type Each = (typeof each)[number];
  const someYaml = each.some((one) => one.yaml);
  const bases = [...names.keys()];
  const creates = (family: F): boolean => {
    const own = family.own;
    if (!family.features || own?.silent) return false;
    const only = head ? own?.test : undefined;
    const beyondYaml = own?.reads === 'beyond-yaml';
    // The distinct files this family has sniffed or tested: past the cap, a file counts as taken.
    const counted = new Uint8Array(each.length);
    let distinct = 0;
    const overCap = (one: Each) => {
      if (counted[one.at] === 0) {
        counted[one.at] = 1;
        distinct++;
      }
      return distinct > SNIFFED_PER_FAMILY;
    };
    const passes = (one: Each) => !only || overCap(one) || only(one.slashed, one.text);
    if (beyondYaml && someYaml && each.some((one) => one.yaml && passes(one))) return true;
    if (!family.files) return false;
    if (own?.reads === 'beyond') return true;
    const matcher = filesOf(settings, [family]);
    // Per base name: 1 may be taken, 2 never (the path's matching skipped: it would say 'no').
    const byName = new Uint8Array(bases.length);
    return each.some((one) => {
      if (byName[one.name] === 0) byName[one.name] = matcher.mayTake(bases[one.name]) ? 1 : 2;
      if (byName[one.name] === 2) return false;
      const selection = matcher.match(one.path);
      if (selection === 'no') return false;
      // Beyond its selector a family reads more (`beyond-yaml` above): what its selector names is its own.
      if (selection === 'yes') return beyondYaml || passes(one);
      if (!head || overCap(one)) return true;
      const read = head(one.file, matcher.sniffBytes(one.path) * 4);
      return read !== undefined && matcher.claims(one.path, read.text) && passes(one);
    });
  };
  const chosen = new Set(list.filter(creates));
  // The system map reads every family's contribution: one without a selector may find its elements in any file.
  if ([...chosen].some((family) => family.id === 'system')) for (const family of list) if (!family.files && family.system) chosen.add(family);
  return list.filter((family) => chosen.has(family));
}
