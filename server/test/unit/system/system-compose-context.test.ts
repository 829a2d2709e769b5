// The context of Compose files checked alone (system/context.ts, #84): beyond their project folders, other projects'
// source code, Markdown outside decision folders and .gitignore files are left out, and the findings on each Compose
// file are the same as in a check of the whole tree — the map's (in process) and every family's (the built CLI, cold
// and warm) — over docker/awesome-compose's 39 Compose files with a README, a source file and a .gitignore beside each.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isComposeFile } from '../../../src/compose/api';
import { systemContributors } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { prepareContributors } from '../../../src/features/system/contributor';
import { useKeptFacts } from '../../../src/features/system/keptFacts';
import { dockerfileFacts } from '../../../src/dockerfile/facts';
import { KeptFactsFile } from '../../../src/platform/indexCache';
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

  it('keeps a Dockerfile\'s facts for its text only: read again, they are what its parse gives', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'archipel-kept-facts-'));
    const uri = 'file:///w/app/Dockerfile';
    const text = 'ARG BASE=python:3.12\nFROM golang:1.22 AS build\nRUN go build\nFROM ${BASE}\nCOPY --from=build /out /app\nCOPY model.onnx /app/\n';
    const factsOf = (body: string) => {
      const index = new WorkspaceIndex(indexOptions(defaultSettings));
      return dockerfileFacts(index.update(uri, body));
    };
    try {
      const made = factsOf(text);
      assert.deepEqual(made, {
        final: { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } },
        from: ['python:3.12', 'golang:1.22'],
        models: [{ uri: 'file:///w/app/model.onnx', range: { start: { line: 5, character: 0 }, end: { line: 5, character: 21 } } }],
        images: ['golang:1.22', '${BASE}'],
      });
      const first = KeptFactsFile.open('/w', cache)!;
      useKeptFacts(first);
      factsOf(text);
      useKeptFacts(undefined);
      first.save('/w');
      // Read again from the cache folder: the same facts, without a parse (the store answers); another text is parsed.
      const second = KeptFactsFile.open('/w', cache)!;
      assert.deepEqual(second.get('dockerfile', uri, text), made);
      assert.equal(second.get('dockerfile', uri, text.replace('golang:1.22', 'golang:1.23')), undefined);
      useKeptFacts(second);
      assert.deepEqual(factsOf(text), made);
      assert.deepEqual(factsOf(text.replace('golang:1.22', 'golang:1.23'))?.from, ['python:3.12', 'golang:1.23']);
      // Not a Dockerfile's facts (the folder is the user's): made again from the parse.
      second.set('dockerfile', uri, text, { final: 'nonsense' });
      assert.deepEqual(factsOf(text), made);
    } finally {
      useKeptFacts(undefined);
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('sees, warm, an edit of another project\'s Compose file, of its .env alone, and of a Dockerfile whose size and mtime stay', () => {
    const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
    const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-compose-facts-'));
    const cache = mkdtempSync(path.join(os.tmpdir(), 'archipel-compose-facts-cache-'));
    const files: Record<string, string> = {
      'app/compose.yaml': 'services:\n  api:\n    build: .\n    image: shop/api\n  worker:\n    image: shop/apo\n  db:\n    build: ./db\n    ports:\n      - "5432:5432"\n',
      'app/Dockerfile': 'FROM node:20\nCOPY . .\n',
      'app/db/Dockerfile': 'FROM postgres:16\n',
      'other/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'other/w/Dockerfile': 'FROM alpine:3.20\n',
    };
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    const codes = () => {
      const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', 'app/compose.yaml'], { cwd: root, env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: cache }, encoding: 'utf8' });
      assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
      return (JSON.parse(result.stdout) as { code: string; range: { start: { line: number } } }[]).map((problem) => `${problem.range.start.line}:${problem.code}`);
    };
    try {
      for (const [file, text] of Object.entries(files)) write(file, text);
      const before = ['5:compose-image-tag', '5:system-image-unbuilt', '9:system-exposed-store'];
      assert.deepEqual(codes(), before, 'cold');
      assert.ok(readdirSync(path.join(cache, 'index')).some((file) => file.endsWith('-facts.v8')));
      assert.deepEqual(codes(), before, 'warm');
      // Another project builds the worker's image: nothing says it is unbuilt.
      write('other/compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n  worker:\n    build: ./w\n    image: shop/apo\n');
      assert.deepEqual(codes(), ['5:compose-image-tag', '9:system-exposed-store']);
      // The image named through the other project's .env: kept with what its reader read, then that .env alone changed.
      write('other/compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n  worker:\n    build: ./w\n    image: ${WORKER_IMAGE}\n');
      write('other/.env', 'WORKER_IMAGE=shop/apo\n');
      assert.deepEqual(codes(), ['5:compose-image-tag', '9:system-exposed-store']);
      assert.deepEqual(codes(), ['5:compose-image-tag', '9:system-exposed-store'], 'warm, the other project kept');
      write('other/.env', 'WORKER_IMAGE=shop/zzz\n');
      assert.deepEqual(codes(), before, 'the other project\'s .env changed');
      write('other/.env', 'WORKER_IMAGE=shop/apo\n');
      assert.deepEqual(codes(), ['5:compose-image-tag', '9:system-exposed-store']);
      // The store's Dockerfile now starts from Node, its size and mtime kept: no store is published.
      const db = path.join(root, 'app', 'db', 'Dockerfile');
      const { atime, mtime, size } = statSync(db);
      writeFileSync(db, 'FROM node:20.1.0\n');
      utimesSync(db, atime, mtime);
      assert.equal(statSync(db).size, size);
      assert.deepEqual(codes(), ['5:compose-image-tag']);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
