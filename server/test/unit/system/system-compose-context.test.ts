// The context of Compose files checked alone (system/context.ts, #84): beyond their project folders, other projects'
// source code, Markdown outside decision folders and .gitignore files are left out, and the findings on each Compose
// file are the same as in a check of the whole tree — the map's (in process) and every family's (the built CLI, cold
// and warm) — over docker/awesome-compose's 39 Compose files with a README, a source file and a .gitignore beside each.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isComposeFile } from '../../../src/compose/api';
import { systemContributors } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { prepareContributors } from '../../../src/features/system/contributor';
import { fileUri } from '../../../src/platform/scan';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { findingsOf, systemFindings } from '../../../src/system/checks';
import { composeMapContext } from '../../../src/system/context';
import { buildSystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir, repoRoot } from '../../helpers';

const corpus = path.join(fixturesDir, 'oss', 'compose', 'docker+awesome-compose');

/** What a real checkout holds beside the Compose files (made up, each kind the context leaves out or keeps). */
function besideEachProject(folder: string): Record<string, string> {
  return {
    [`${folder}/README.md`]: '# The sample\n\n```mermaid\nflowchart LR\n  backend --> db\n  proxy --> backend\n```\n',
    [`${folder}/backend/src/main.js`]: 'const api = "http://backend:8080/api";\nconst db = process.env.DB_HOST;\nfetch("http://proxy:80/");\n',
    [`${folder}/.gitignore`]: 'node_modules\n.env\n',
  };
}

/** A temporary tree: the corpus, a README, a source file and a .gitignore beside each project, an ADR and a root README. */
function tree(): { root: string; composeFiles: string[]; files: string[] } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-compose-context-'));
  cpSync(corpus, root, { recursive: true });
  const composeFiles = readdirSync(root, { recursive: true }).map(String).filter((file) => isComposeFile(file)).sort();
  const extra: Record<string, string> = {
    'README.md': '# Samples\n',
    '.gitignore': '*.log\n',
    'docs/adr/0001-use-postgresql.md': '# 1. Use PostgreSQL\n\n## Status\n\nAccepted\n\n## Decision\n\nThe `db` of every sample is PostgreSQL.\n',
    'tools/src/Main.java': 'class Main { String url = "http://db:5432"; }\n',
  };
  for (const file of composeFiles) Object.assign(extra, besideEachProject(path.dirname(file)));
  for (const [file, text] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
  return { root, composeFiles: composeFiles.map((file) => path.join(root, file)), files };
}

function indexOf(files: readonly string[]): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const file of files) index.update(fileUri(file), readFileSync(file, 'utf8'));
  return index;
}

describe('system: the context of Compose files checked alone (#84)', function () {
  this.timeout(600_000);
  let work: ReturnType<typeof tree>;
  before(() => {
    work = tree();
  });
  after(() => rmSync(work.root, { recursive: true, force: true }));

  const narrowed = (file: string) => composeMapContext([file], work.files, { uri: fileUri, isCompose: (one) => isComposeFile(one) });

  it('leaves out other projects\' source code, Markdown outside decision folders and .gitignore files, and nothing else', () => {
    assert.equal(work.composeFiles.length, 39);
    const flask = work.composeFiles.find((file) => file.endsWith(`${path.sep}flask${path.sep}compose.yaml`))!;
    const kept = new Set(narrowed(flask));
    const left = work.files.filter((file) => !kept.has(file)).map((file) => path.relative(work.root, file).split(path.sep).join('/'));
    // The 38 other projects' README, source file and .gitignore (some projects share a folder), the root README and the tool's source.
    const projects = new Set(work.composeFiles.map((file) => path.dirname(file))).size;
    assert.equal(left.length, (projects - 1) * 3 + 2);
    assert.ok(left.includes('README.md') && left.includes('tools/src/Main.java') && !left.includes('.gitignore') && !left.some((file) => file.startsWith('flask/')), left.join(', '));
    assert.ok(kept.has(path.join(work.root, 'docs', 'adr', '0001-use-postgresql.md')));
    // A file named beside no Compose file, or a Compose file beside another file: the context is every file.
    assert.equal(composeMapContext([path.join(work.root, 'README.md')], work.files, { uri: fileUri, isCompose: (one) => isComposeFile(one) }), work.files);
  });

  it('gives each Compose file the map\'s findings of the whole tree', async () => {
    const contributors = systemContributors(families);
    const whole = indexOf(work.files);
    await prepareContributors(contributors, whole);
    const all = systemFindings(buildSystemModel(whole, contributors), whole);
    let findings = 0;
    for (const file of work.composeFiles) {
      const index = indexOf([...new Set([file, ...narrowed(file)])]);
      await prepareContributors(contributors, index);
      const alone = findingsOf(buildSystemModel(index, contributors), index, fileUri(file));
      assert.deepEqual(alone, all.get(fileUri(file)) ?? [], file);
      findings += alone.length;
    }
    assert.ok(findings > 0);
  });

  it('gives each Compose file, checked alone by the built CLI, cold and warm, the findings of `check .`', () => {
    const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
    const cache = mkdtempSync(path.join(os.tmpdir(), 'archipel-compose-context-cache-'));
    try {
      const run = (target: string) => {
        const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', target], { cwd: work.root, env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: cache }, encoding: 'utf8' });
        assert.ok(result.status === 0 || result.status === 1, `${target}: exit ${result.status}: ${result.stderr}`);
        return JSON.parse(result.stdout) as { file: string }[];
      };
      const whole = run('.');
      for (const pass of ['cold', 'warm']) {
        for (const file of work.composeFiles) {
          const relative = path.relative(work.root, file);
          assert.deepEqual(run(relative), whole.filter((problem) => problem.file === relative), `${pass}: ${relative}`);
        }
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
