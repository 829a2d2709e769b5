// `archipel check FILE` creates only the families that can say something of its files (families/check.ts familiesFor,
// each family's own decision: Family.own, its files.ts): it must find what the editor finds, which runs every family
// (issue #83: predict's model-card test changed in one place reported 3 errors in the editor and 0 in the check).
// On every file of the example, alone in a workspace and beside the others; and each family's own test accepts every
// file it reports on.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { familiesFor, type HeadReader } from '../../../src/families/check';
import { familiesOfRule } from '../../../src/families/derived';
import type { Family } from '../../../src/families/descriptor';
import { createFeatures, families, familyFiles, familyHost } from '../../../src/families/index';
import type { Feature } from '../../../src/features/feature';
import { checkFiles, folderScanner } from '../../../src/platform/project';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { repoRoot } from '../../helpers';

/** The day the checks run on (rules reading dates: ADR reviews, RACI deadlines). */
const TODAY = new Date('2026-11-26T12:00:00Z');
const settings = normalizeSettings(defaultSettings);

/** A file's first bytes as the CLI's head reader gives them (cliMain.ts headReader): its text, and whether it holds more. */
const head: HeadReader = (file, bytes) => {
  try {
    const data = readFileSync(file);
    return { text: data.subarray(0, bytes).toString('utf8'), cut: data.length > bytes };
  } catch {
    return undefined;
  }
};

/** The features of a list of families, created once per list (the families' ids joined). */
const featuresOfList = new Map<string, readonly Feature[]>();
function featuresFor(list: readonly Family[]): readonly Feature[] {
  const key = list.map((family) => family.id).join(',');
  let features = featuresOfList.get(key);
  if (!features) featuresOfList.set(key, (features = createFeatures(familyHost(() => TODAY, repoRoot, list), list)));
  return features;
}

/**
 * Defects planted in the copy, one per family the example's files belong to (the example itself is clean): a misspelt
 * field of a Deployment, of a workflow, of a RACI matrix, of archipel.yaml's predict section, and a model card.
 */
const PLANTED: Readonly<Record<string, readonly [string, string]>> = {
  'kubernetes/deployment.yaml': ['  replicas: 2', '  replica: 2'],
  '.github/workflows/ml-pipeline.yml': ['run-name:', 'runname:'],
  'governance/governance.raci.yaml': ['scheme: RACI', 'schema: RACI'],
  'prediction/archipel.yaml': ['  threshold: 0.5', '  treshold: 0.5'],
};

/** A diagnostic as compared: its place, code and message. */
const shown = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`;

/** Each file's findings (path relative to `root` → lines), checked with `list`'s families. */
async function findings(files: readonly string[], list: readonly Family[], root: string): Promise<Map<string, string[]>> {
  // The workspace's folder, as `archipel check` names its context root and the editor its workspace folder: side files read there.
  const results = await checkFiles(files, featuresFor(list), settings, [], undefined, { named: [path.join(root, 'portfolio')] });
  return new Map(results.map((result) => [path.relative(root, result.path), result.diagnostics.map(shown)]));
}

describe('archipel check FILE = the editor, on every file of the example (issue #83)', function () {
  // Each file of the example checked alone, twice: a bound against hangs on a loaded machine, not a timing.
  this.timeout(900_000);
  let work: string;
  let files: string[];

  before(async () => {
    // A copy: nothing written into the repository.
    work = mkdtempSync(path.join(os.tmpdir(), 'archipel-check-editor-'));
    cpSync(path.join(repoRoot, 'examples', 'portfolio'), path.join(work, 'portfolio'), { recursive: true });
    for (const [file, [from, to]] of Object.entries(PLANTED)) {
      const at = path.join(work, 'portfolio', file);
      const text = readFileSync(at, 'utf8');
      assert.ok(text.includes(from), `${file} holds ${from}`);
      writeFileSync(at, text.replace(from, to));
    }
    // A model card with an unknown field: predict's second kind of file (issue #83's case).
    writeFileSync(path.join(work, 'portfolio', 'prediction', 'direction.model.yaml'), 'name: direction\nframework: onnx\nowner: quant-team\nmetrix: {}\n');
    files = (await folderScanner(settings, familyFiles(settings))(path.join(work, 'portfolio'))).sort();
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('beside the others: the families a check of the example chooses find what every family finds', async () => {
    const chosen = familiesFor(files, settings, families, head);
    const editor = await findings(files, families, work);
    const check = await findings(files, chosen, work);
    // Every planted defect found, so that the comparison compares something.
    for (const file of [...Object.keys(PLANTED), 'prediction/direction.model.yaml']) assert.ok((editor.get(path.join('portfolio', file)) ?? []).length > 0, `${file}: ${JSON.stringify(editor.get(path.join('portfolio', file)))}`);
    assert.deepEqual(Object.fromEntries(check), Object.fromEntries(editor));
  });

  it('alone: each file checked by itself finds what the editor finds with that file alone in its workspace', async () => {
    let compared = 0;
    const differing: string[] = [];
    for (const file of files) {
      // The file alone in a workspace of its own, at the same place in it.
      const relative = path.relative(work, file);
      const apart = mkdtempSync(path.join(os.tmpdir(), 'archipel-check-alone-'));
      const copy = path.join(apart, relative);
      mkdirSync(path.dirname(copy), { recursive: true });
      cpSync(file, copy);
      const alone = familiesFor([copy], settings, families, head);
      const editor = await findings([copy], families, apart);
      const check = await findings([copy], alone, apart);
      rmSync(apart, { recursive: true, force: true });
      compared++;
      if (JSON.stringify(check.get(relative)) !== JSON.stringify(editor.get(relative))) differing.push(`${relative}: check ${JSON.stringify(check.get(relative))}, editor ${JSON.stringify(editor.get(relative))}`);
    }
    assert.equal(compared, files.length);
    assert.deepEqual(differing, []);
  });

  it("each family's own test accepts every file of the example it reports on", async () => {
    assert.deepEqual(refusedBy(await findings(files, families, work), work), []);
  });

  // The fixtures and corpora of the families whose test reads a file's name or text: every file a family reports on there passes its test.
  for (const fixture of ['threats', 'dvc', 'pipelines', 'workflows', 'ansible-lint', 'helm-lint', 'oss/fides', 'oss/threagile', 'oss/workflows', 'oss/actionlint', 'oss/adr', 'oss/k8s-examples-2025', 'oss/kustomize-examples-2026']) {
    it(`each family's own test accepts every file of fixtures/${fixture} it reports on`, async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-own-'));
      try {
        cpSync(path.join(repoRoot, 'server', 'test', 'fixtures', fixture), path.join(root, 'portfolio'), { recursive: true });
        const found = await findings(await folderScanner(settings, familyFiles(settings))(path.join(root, 'portfolio')), families, root);
        assert.ok([...found.values()].some((lines) => lines.length > 0), `fixtures/${fixture} has findings to compare`);
        assert.deepEqual(refusedBy(found, root), []);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

/** The findings (relative path → lines) of a family whose own test refuses the file they are on: `family: file finding`. */
function refusedBy(found: ReadonlyMap<string, readonly string[]>, work: string): string[] {
  const refused: string[] = [];
  for (const [relative, lines] of found) {
    const file = path.join(work, relative);
    const slashed = file.replace(/\\/g, '/');
    const text = () => head(file, 65_536)?.text;
    for (const line of lines) {
      const code = line.split(' ')[1];
      for (const family of familiesOfRule(code, families)) {
        const own = family.own;
        // The threats are said on the map's files (a Compose service's line) when the context classifies data or
        // tracks a threat: their test is of the context, not of the file a risk lands on (cliCheckFamilies.test.ts).
        if (!own?.test || family.id === 'threats') continue;
        const selected = family.files ? familyFiles(settings, [family]).match(file) : 'no';
        // A family reading YAML beyond its selector: what its selector takes is its own, its test is of the others.
        if (own.reads === 'beyond-yaml' && selected !== 'no') continue;
        if (!own.test(slashed, text)) refused.push(`${family.id}: ${relative} ${line}`);
      }
    }
  }
  return refused;
}
