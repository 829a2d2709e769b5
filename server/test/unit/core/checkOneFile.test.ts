import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { neededSummaries } from '../../../src/platform/changed';
import { namedScopes, oneFileContext, oneFileSelection, type OneFileContext } from '../../../src/platform/oneFile';
import { scanFolder } from '../../../src/platform/scan';
import { readTextSync } from '../../../src/disk/readText';
import { IndexCache, ListingCache } from '../../../src/platform/indexCache';
import { OneFileTable } from '../../../src/platform/oneFileTable';
import { checkFiles, collectFiles, type FileResult } from '../../../src/platform/project';
import { CheckThreads } from '../../../src/platform/checkThreads';
import { familyEntries } from '../../../src/families/lazy.generated';
import type { FamilyEntry } from '../../../src/families/descriptor';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { indexOptions } from '../../../src/service';
import { wholeFiles } from '../../../src/workspace/summaries';
import { allFeatures, repoRoot } from '../../helpers';
import { runCli } from '../../cliRun';

/**
 * `archipel check FILE` inside a repository whose index is kept between runs (cliMain.ts check): only the summaries
 * sharing a cross-file scope with the named file are indexed (platform/changed.ts neededSummaries), with the findings
 * of a check that indexes the whole repository (issue #84).
 */
const load = createRequire(__filename);
const monorepo = load(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as {
  generateMonorepo(dir: string, options: { files: number; adrs?: number; mutate?: boolean }): unknown;
  appFolder(i: number): string;
  COMPONENTS: string[];
};

/**
 * Every file and folder under `root` made a minute old: a file whose mtime is within 2 s of a run's start is not kept by
 * it (disk/kept.ts racy), and these tests check what the next run takes from the cache.
 */
function ageTree(root: string): void {
  const then = new Date(Date.now() - 60_000);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const at = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(at);
      else utimesSync(at, then, then);
    }
    utimesSync(dir, then, then);
  }
}

const settings = normalizeSettings({ ...defaultSettings });
const maxBytes = indexOptions(settings).maxBytes;

function lines(results: FileResult[], root: string): string[] {
  return results.flatMap((r) => r.diagnostics.map((d) => `${path.relative(root, r.path)}:${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`));
}

const service = (selects: string) => `apiVersion: v1
kind: Service
metadata:
  name: cross
  namespace: ns-00001
spec:
  selector:
    app.kubernetes.io/name: ${selects}
  ports:
    - port: 80
      targetPort: http
`;

describe('archipel check FILE with the index kept between runs', function () {
  this.timeout(120000);
  let root: string;
  let cacheDir: string;

  before(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-'));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-cache-'));
    monorepo.generateMonorepo(root, { files: 40, adrs: 2 });
    rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  for (const [title, selects, expected] of [
    ['a Service selecting a Deployment of another file of its namespace: no finding', `app-00001-${'{C}'}`, []],
    ['a Service selecting nothing: the same finding', 'nobody', ['k8s-service-no-match']],
  ] as const) {
    it(title, async function () {
      const named = path.join(root, monorepo.appFolder(1), 'cross-service.yaml');
      writeFileSync(named, service(selects.replace('{C}', monorepo.COMPONENTS[0])));
      ageTree(root);
      const features = allFeatures();
      const { files: all } = await collectFiles([root], settings, familyFiles());
      const context = all.filter((file) => file !== named);
      // The whole repository indexed, no cache.
      const whole = lines(await checkFiles([named], features, settings, context, wholeFiles), root);
      // A first run fills the cache; the second indexes only the summaries the named file's findings can read.
      await checkFiles([named], features, settings, context, kubernetesSummarizer, { cache: IndexCache.open(root, 'summaries', maxBytes, cacheDir) });
      const cache = IndexCache.open(root, 'summaries', maxBytes, cacheDir);
      const need = neededSummaries({ changed: [named], old: new Map() }, cache);
      assert.ok(need);
      let indexed = 0;
      let leftOut = 0;
      const warm = lines(
        await checkFiles([named], features, settings, context, kubernetesSummarizer, { cache, needed: (scopes) => (need(scopes) ? (indexed++, true) : (leftOut++, false)) }),
        root,
      );
      assert.deepEqual(warm, whole);
      assert.deepEqual(
        warm.map((line) => line.split(' ')[1]),
        expected,
      );
      // Of the 40 generated manifests (8 apps of 5, one namespace per app) and the named file, only the named file and
      // the 5 manifests of its namespace ns-00001 are indexed from the cache; the 35 of the 7 other apps are not.
      assert.equal(indexed, 6);
      assert.equal(leftOut, 35);
    });
  }

  // The context chosen before indexing (platform/oneFile.ts), as `archipel check FILE` does: cold (no cache: every file
  // read, only the related ones parsed) and warm (the cache's scopes, no file read), with the findings of the whole.
  // Counts: [files read, scopes from the cache, from the lines, from a parse, files left out, files indexed], cold then warm.
  for (const [title, selects, expected, counts] of [
    // Of the 43 context files (40 manifests, 2 ADRs, the escaped Service), cold: every one read (and the named file), the
    // 40 manifests from their lines, 3 parsed; left out: the 35 manifests of the 7 other apps. Warm: only the named file
    // read, every scope from the cache, the escaped Service now known to be a summary of another namespace (left out).
    ['cold and warm: a Service selecting a Deployment of another file of its namespace: no finding', `app-00001-${'{C}'}`, [], [[44, 0, 40, 3, 35, 8], [1, 43, 0, 0, 36, 7]]],
    ['cold and warm: a Service selecting nothing: the same finding', 'nobody', ['k8s-service-no-match'], [[44, 0, 40, 3, 35, 8], [1, 43, 0, 0, 36, 7]]],
    // A Deployment without a namespace (scope ns:*: any namespace) beside: related to the Service, and its own findings
    // read every namespace, so every file is indexed (as `--changed` would), cold and warm.
    ['cold and warm: a Service selecting a Deployment of no namespace (it may be any): no finding', 'floating', [], [[45, 0, 41, 3, 0, 44], [1, 44, 0, 0, 0, 44]]],
  ] as const) {
    it(title, async function () {
      const cold = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-cold-'));
      const floating = path.join(root, 'apps', 'floating.yaml');
      const escaped = path.join(root, 'apps', 'escaped.yaml');
      try {
        const named = path.join(root, monorepo.appFolder(1), 'cross-service.yaml');
        writeFileSync(named, service(selects.replace('{C}', monorepo.COMPONENTS[0])));
        // A Service of another namespace whose escape only a parse reads: indexed cold (not known to be a summary).
        if (selects === 'floating') writeFileSync(floating, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: floating\nspec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: floating\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: floating\n    spec:\n      containers:\n        - name: f\n          image: example/f:1\n          ports:\n            - name: http\n              containerPort: 80\n');
        writeFileSync(escaped, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: escaped\n  namespace: "ns-0000\\x33"\nspec:\n  selector:\n    a: b\n  ports:\n    - port: 80\n');
        ageTree(root);
        const features = allFeatures();
        const { files: all } = await collectFiles([root], settings, familyFiles());
        const context = all.filter((file) => file !== named);
        const whole = lines(await checkFiles([named], features, settings, context, wholeFiles), root);
        const run = async (): Promise<[string[], OneFileContext, number]> => {
          const cache = IndexCache.open(root, 'summaries', maxBytes, cold);
          let reads = 0;
          const direct = namedScopes([named], (file) => (reads++, readTextSync(file)));
          assert.ok(direct);
          const chosen = oneFileContext(direct, [named], context, { cache, read: (file, opened) => (reads++, readTextSync(file, opened)), index: indexOptions(settings) });
          const found = lines(await checkFiles([named], features, settings, chosen.context, kubernetesSummarizer, { cache, threads: null }), root);
          return [found, chosen, reads];
        };
        const [coldFound, coldChosen, coldReads] = await run();
        const [warmFound, warmChosen, warmReads] = await run();
        assert.deepEqual(coldFound, whole);
        assert.deepEqual(warmFound, whole);
        assert.deepEqual(
          whole.map((line) => line.split(' ')[1]),
          expected,
        );
        assert.deepEqual(
          [
            [coldReads, coldChosen.cached, coldChosen.scanned, coldChosen.parsed, coldChosen.left, coldChosen.context.length],
            [warmReads, warmChosen.cached, warmChosen.scanned, warmChosen.parsed, warmChosen.left, warmChosen.context.length],
          ],
          counts,
        );
      } finally {
        rmSync(floating, { force: true });
        rmSync(escaped, { force: true });
        rmSync(cold, { recursive: true, force: true });
      }
    });
  }

  it('a named file sharing no scope with any summary: one summary indexed all the same (the index holds summaries as in the whole run)', async function () {
    const cacheFolder = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-witness-'));
    // A custom resource (kept whole, not a summary) in a namespace of its own.
    const named = path.join(root, 'apps', 'certificate.yaml');
    writeFileSync(named, 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: alone\nspec:\n  secretName: web-tls\n');
    try {
      const { files: all } = await collectFiles([root], settings, familyFiles());
      const context = all.filter((file) => file !== named);
      const direct = namedScopes([named], readTextSync);
      assert.deepEqual([...(direct ?? [])], ['ns:alone', `in:${pathToFileURL(path.join(root, 'apps')).href}/`]);
      const chosen = oneFileContext(direct ?? new Set(), [named], context, { cache: IndexCache.open(root, 'summaries', maxBytes, cacheFolder), read: readTextSync, index: indexOptions(settings) });
      // The 2 ADRs (kept whole), and the first manifest left out, as the witness.
      assert.deepEqual(
        chosen.context.map((file) => path.relative(root, file)),
        [path.join('docs', 'adr', '0001-decision-1.md'), path.join('docs', 'adr', '0002-decision-2.md'), path.join(monorepo.appFolder(0), 'api.yaml')],
      );
    } finally {
      rmSync(named, { force: true });
      rmSync(cacheFolder, { recursive: true, force: true });
    }
  });

  it('the stamp table gives the context oneFileContext chose, reading no file (oneFileSelection)', async function () {
    const cacheFolder = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-selection-'));
    try {
      const named = path.join(root, monorepo.appFolder(1), 'cross-service.yaml');
      writeFileSync(named, service('nobody'));
      ageTree(root);
      // Listed as `archipel check FILE` lists, keeping the folders' mtimes and the stamps the listing read.
      const listings = ListingCache.open(root, cacheFolder)!;
      const stamps = listings.keepStamps();
      const context = await scanFolder(root, { listings, files: familyFiles() });
      const direct = namedScopes([named], readTextSync);
      assert.ok(direct);
      const index = indexOptions(settings);
      // As if the check had started a minute later: no stamp is within the last 2 s (the table is written).
      const listed = oneFileSelection(direct, [named], context, { read: readTextSync, index, table: { root, key: 'key', ...stamps, started: Date.now() + 60_000, cacheDir: cacheFolder, families: () => ['kubernetes'] } });
      const kept = OneFileTable.open(root, 'key', cacheFolder);
      assert.ok(kept);
      assert.deepEqual(kept.context, context);
      let reads = 0;
      const taken = oneFileSelection(direct, [named], context, { read: (file, opened) => (reads++, readTextSync(file, opened)), index, kept });
      // The 5 manifests of ns-00001 and the 2 ADRs (kept whole), in the listing's order.
      assert.deepEqual([taken, reads], [listed, 0]);
      assert.deepEqual(
        taken.map((file) => path.relative(root, file)).sort(),
        [path.join('docs', 'adr', '0001-decision-1.md'), path.join('docs', 'adr', '0002-decision-2.md'), ...monorepo.COMPONENTS.map((component) => path.join(monorepo.appFolder(1), `${component}.yaml`))].sort(),
      );
      // Another file named: the table's choice was for the first one; chosen again from its scope lists
      // (chooseGrouped), as oneFileContext chooses after reading every file.
      const other = path.join(root, monorepo.appFolder(2), `${monorepo.COMPONENTS[0]}.yaml`);
      const otherScopes = namedScopes([other], readTextSync);
      assert.ok(otherScopes);
      assert.equal(kept.chosenFor([other]), undefined);
      const otherTaken = oneFileSelection(otherScopes, [other], context, { read: (file, opened) => (reads++, readTextSync(file, opened)), index, kept });
      assert.deepEqual([otherTaken, reads], [oneFileContext(otherScopes, [other], context, { read: readTextSync, index }).context, 0]);
      assert.deepEqual(
        otherTaken.map((file) => path.relative(root, file)).sort(),
        [path.join('docs', 'adr', '0001-decision-1.md'), path.join('docs', 'adr', '0002-decision-2.md'), ...monorepo.COMPONENTS.slice(1).map((component) => path.join(monorepo.appFolder(2), `${component}.yaml`))].sort(),
      );
    } finally {
      rmSync(cacheFolder, { recursive: true, force: true });
    }
  });

  it('a named file of no Kubernetes object: its context is the whole tree (its findings may read any summary)', () => {
    assert.equal(namedScopes([path.join(root, 'docs', 'adr', '0001-decision-1.md')], readTextSync), undefined);
  });
});

describe('archipel check FILE in a summarised tree (past 5,000 files), cold then warm', function () {
  this.timeout(300000);

  it('says it builds the index when cold, and gives the same findings cold and warm', async function () {
    const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-cli-'));
    const cacheFolder = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-cli-cache-'));
    const previous = process.env.ARCHIPEL_CACHE_DIR;
    process.env.ARCHIPEL_CACHE_DIR = cacheFolder;
    try {
      // 5,000 manifests + 20 ADRs, the seeded faults in the last app (bench/lib/monorepo.cjs): its api.yaml's Service selects nothing.
      monorepo.generateMonorepo(root, { files: 5000, adrs: 20, mutate: true });
      ageTree(root);
      const named = path.join(monorepo.appFolder(999), `${monorepo.COMPONENTS[0]}.yaml`);
      const codes = (out: string) => (JSON.parse(out) as { file: string; code: string }[]).map((p) => `${p.file} ${p.code}`);
      // No check thread started for it (its one slice waited for the thread's start: issue #84), cold or warm; only the
      // families of the files indexed loaded (those of the summaries left out are not: the ADRs' and the named file's).
      const start = CheckThreads.start.bind(CheckThreads);
      let threads = 0;
      CheckThreads.start = (count, how) => ((threads += count), start(count, how));
      const loaded: string[] = [];
      const loads = familyEntries.map((entry) => entry.load);
      // A test's spy on the light entries' loaders (readonly to the code), put back below.
      const loaders = familyEntries as readonly { id: string; load: FamilyEntry['load'] }[];
      for (const entry of loaders) {
        const load = entry.load;
        entry.load = () => (loaded.push(entry.id), load());
      }
      let cold: Awaited<ReturnType<typeof runCli>>;
      let warm: Awaited<ReturnType<typeof runCli>>;
      try {
        cold = await runCli(['check', named, '--format', 'json'], root);
        warm = await runCli(['check', named, '--format', 'json'], root);
      } finally {
        CheckThreads.start = start;
        loaders.forEach((entry, at) => (entry.load = loads[at]));
      }
      assert.equal(threads, 0);
      // The policy family reads every object a policy may apply to (#96): it is loaded with the manifests it checks.
      const ofRun = ['yaml', 'kubernetes', 'adr', 'serve', 'mermaid', 'system', 'cost', 'policy'];
      assert.deepEqual(loaded, [...ofRun, ...ofRun]);
      assert.deepEqual(codes(cold.out), [`${named} k8s-duplicate-object`, `${named} k8s-service-no-match`]);
      assert.equal(warm.out, cold.out);
      assert.equal(cold.err, 'Building the index: 5020 file(s) not in the index cache are read, only those related to the named files parsed.\n');
      assert.equal(warm.err, '');
      // An ADR's context is the whole tree, read and parsed: after one-file checks (the cache holding most files' scopes
      // alone: 20 ADRs whole and 5 summaries related to the named file are restorable) as when cold, it says so; then not.
      const adr = path.join('docs', 'adr', '0001-decision-1.md');
      const afterOneFile = await runCli(['check', adr, '--format', 'json'], root);
      const again = await runCli(['check', adr, '--format', 'json'], root);
      assert.equal(afterOneFile.err, 'Building the index: 4995 file(s) not in the index cache are read and parsed.\n');
      assert.equal(again.err, '');
      assert.equal(again.out, afterOneFile.out);
    } finally {
      if (previous === undefined) delete process.env.ARCHIPEL_CACHE_DIR;
      else process.env.ARCHIPEL_CACHE_DIR = previous;
      rmSync(root, { recursive: true, force: true });
      rmSync(cacheFolder, { recursive: true, force: true });
    }
  });
});

describe('archipel check FILE through the stamp table (past 5,000 files): the findings of `check .` after edits elsewhere', function () {
  this.timeout(900000);

  it('a file of another folder edited in place into the named file\'s namespace, moved, removed, then the named file edited: seen by the next one-file check', async function () {
    const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-table-cli-'));
    const cacheFolder = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-table-cli-cache-'));
    const previous = process.env.ARCHIPEL_CACHE_DIR;
    const run = async (args: string[], cache: string) => {
      process.env.ARCHIPEL_CACHE_DIR = cache;
      return runCli(args, root);
    };
    const listing = () => readdirSync(path.join(cacheFolder, 'index')).filter((name) => name.endsWith('-listing.json'));
    const past = (file: string, seconds: number) => utimesSync(path.join(root, file), new Date(Date.now() - seconds * 1000), new Date(Date.now() - seconds * 1000));
    try {
      monorepo.generateMonorepo(root, { files: 5000, adrs: 20 });
      // A Service of ns-00001 selecting `joined`: nothing of its namespace has that label.
      const named = path.join(monorepo.appFolder(1), 'cross-service.yaml');
      writeFileSync(path.join(root, named), service('joined'));
      const joining = path.join(monorepo.appFolder(2), 'api.yaml');
      const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: joined\n  namespace: ns-00001\nspec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: joined\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: joined\n    spec:\n      containers:\n        - name: j\n          image: example/j:1\n          ports:\n            - name: http\n              containerPort: 80\n';
      // Every path a minute old: the stamp table is written (no stamp within the last 2 s).
      const stack = [root];
      while (stack.length > 0) {
        const dir = stack.pop()!;
        past(path.relative(root, dir), 60);
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          if (entry.isDirectory()) stack.push(path.join(dir, entry.name));
          else past(path.relative(root, path.join(dir, entry.name)), 60);
        }
      }
      // The named file's findings in the whole run, without caches.
      const whole = async () => JSON.stringify((JSON.parse((await run(['check', '.', '--format', 'json'], 'off')).out) as { file: string }[]).filter((problem) => problem.file === named));
      const one = async () => {
        const { out, err } = await run(['check', named, '--format', 'json'], cacheFolder);
        return { out: JSON.stringify(JSON.parse(out)), err };
      };
      const codes = (out: string) => (JSON.parse(out) as { code: string }[]).map((problem) => problem.code);
      const unjoined = await whole();
      assert.deepEqual(codes(unjoined), ['k8s-service-no-match']);
      const cold = await one();
      assert.equal(cold.out, unjoined);
      // Warm, nothing changed: the stamp table is taken, the tree not listed (its folders' listings, removed, not written again).
      for (const name of listing()) rmSync(path.join(cacheFolder, 'index', name));
      const warm = await one();
      assert.deepEqual([warm.out, warm.err, listing()], [unjoined, '', []]);
      // Edited in place (its folder's mtime unchanged) into ns-00001 with the label: the Service selects it.
      const folder = statSync(path.join(root, monorepo.appFolder(2))).mtimeMs;
      writeFileSync(path.join(root, joining), deployment);
      past(joining, 30);
      assert.equal(statSync(path.join(root, monorepo.appFolder(2))).mtimeMs, folder);
      const joined = await whole();
      assert.deepEqual(codes(joined), []);
      assert.equal((await one()).out, joined);
      // And the table written again by that check is taken by the next.
      for (const name of listing()) rmSync(path.join(cacheFolder, 'index', name));
      assert.deepEqual([(await one()).out, listing()], [joined, []]);
      // Moved to a third app's folder, still of ns-00001: the same; removed: the finding again.
      renameSync(path.join(root, joining), path.join(root, monorepo.appFolder(3), 'joined.yaml'));
      assert.equal((await one()).out, joined);
      rmSync(path.join(root, monorepo.appFolder(3), 'joined.yaml'));
      // Their folders made older than 2 s: this check writes the table again.
      past(monorepo.appFolder(2), 60);
      past(monorepo.appFolder(3), 60);
      assert.equal((await one()).out, unjoined);
      // The named file itself edited (a check before a commit): the table taken all the same, its families chosen again,
      // the table written anew (a minute old: not within the last 2 s) and taken by the next check.
      writeFileSync(path.join(root, named), service(`app-00001-${monorepo.COMPONENTS[0]}`));
      past(named, 20);
      const selecting = await whole();
      assert.deepEqual(codes(selecting), []);
      for (const name of listing()) rmSync(path.join(cacheFolder, 'index', name));
      assert.deepEqual([(await one()).out, listing()], [selecting, []]);
      assert.deepEqual([(await one()).out, listing()], [selecting, []]);
    } finally {
      if (previous === undefined) delete process.env.ARCHIPEL_CACHE_DIR;
      else process.env.ARCHIPEL_CACHE_DIR = previous;
      rmSync(root, { recursive: true, force: true });
      rmSync(cacheFolder, { recursive: true, force: true });
    }
  });
});
