// Debian's docker-compose (1.29.2, installed by scripts/lib/system-deps.mjs) and Archipel agree on
// which Compose files of the corpus are valid: `docker-compose config -q` in a copy of each
// repository's tree (its listed paths as empty files, the corpus's files with their content).
// The older schema's known differences are listed and skipped by name.
import { composeFace } from '../../../src/compose/api';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { load } from 'js-yaml';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeFeature } from '../../../src/compose/feature';
import { isComposeFile } from '../../../src/compose/files';
import { diagnoseFile } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { composeEngine, corpusRepositories, corpusRepository } from '../../containers';
import { textOf } from '../../../src/common/sideFile';
import { knownPinWith } from '../../../src/dockerfile/pins';

/**
 * What docker-compose 1.29.2's older schema lacks and Docker Compose v2 (whose compose-spec
 * Archipel follows) accepts: files using these are skipped, by the name of the difference.
 */
const olderSchemaDifferences: Record<string, (value: Record<string, unknown> | undefined) => boolean> = {
  'top-level name': (value) => value !== undefined && 'name' in value,
  'top-level include': (value) => value !== undefined && 'include' in value,
};

/**
 * The files docker-compose is given for one file: Archipel resolves names across the Compose files
 * of a folder (the main file, its override, the `compose.<env>.yaml` overlays given with -f), so an
 * overlay is given with the folder's main file and the other overlays before it.
 */
function filesFor(relative: string, all: readonly string[]): string[] {
  const folder = path.posix.dirname(relative);
  const siblings = all.filter((f) => path.posix.dirname(f) === folder);
  const main = siblings.find((f) => /^(docker-)?compose\.ya?ml$/.test(path.posix.basename(f)));
  if (!main || main === relative) return [relative];
  return [main, ...siblings.filter((f) => f !== main && f !== relative).sort(), relative];
}

function dockerCompose(): string | undefined {
  const found = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

describe('Containers: docker-compose 1.29.2 and Archipel agree on the corpus', function () {
  this.timeout(600_000);
  const version = dockerCompose();
  before(function () {
    if (!version) this.skip();
  });
  for (const repo of corpusRepositories) {
    it(`${repo}`, async () => {
      const { index, reader, files } = corpusRepository(repo);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-compose-'));
      try {
        // The repository's tree: every listed path (empty), then the corpus's copies.
        const root = `/corpus/${repo}`;
        const paths = reader.list();
        for (const p of paths) {
          const target = path.join(dir, path.relative(root, p));
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, textOf(reader.read(p)) ?? '');
        }
        const features = [composeFeature(composeEngine, reader, knownPinWith(composeFace))];
        const valueOf = (relative: string): Record<string, unknown> | undefined => {
          try {
            return (load(textOf(reader.read(`${root}/${relative}`)) ?? '') ?? undefined) as Record<string, unknown> | undefined;
          } catch {
            return undefined;
          }
        };
        const composeFiles = files.filter((u) => isComposeFile(u)).map((u) => u.slice(`file://${root}/`.length));
        const checks = composeFiles.flatMap((relative) => {
          const value = valueOf(relative);
          if (Object.values(olderSchemaDifferences).some((differs) => differs(value))) return [];
          const folder = path.join(dir, path.posix.dirname(relative));
          const args = [...filesFor(relative, composeFiles.filter((f) => !Object.values(olderSchemaDifferences).some((differs) => differs(valueOf(f))))).flatMap((f) => ['-f', path.posix.basename(f)]), 'config', '-q'];
          return [{ relative, run: () => new Promise<{ ok: boolean; message: string }>((resolve) => execFile('docker-compose', args, { cwd: folder, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, timeout: 60_000 }, (error, stdout, stderr) => resolve({ ok: !error, message: `${stderr}${stdout}`.trim().split('\n')[0] ?? '' }))) }];
        });
        // Four at a time: each run starts a Python interpreter.
        const results = new Map<string, { ok: boolean; message: string }>();
        for (let i = 0; i < checks.length; i += 4) {
          const batch = checks.slice(i, i + 4);
          (await Promise.all(batch.map((c) => c.run()))).forEach((r, j) => results.set(batch[j].relative, r));
        }
        const disagreements: string[] = [];
        for (const { relative } of checks) {
          const theirs = results.get(relative)!;
          const uri = `file://${root}/${relative}`;
          const errors = diagnoseFile(index.get(uri)!, features, { index, settings: defaultSettings, isCancelled: () => false }).filter((d) => d.severity === 1);
          const ours = errors.length === 0;
          if (theirs.ok !== ours) disagreements.push(`${relative}: docker-compose ${theirs.ok ? 'valid' : `invalid (${theirs.message})`}, Archipel ${ours ? 'valid' : `invalid (${errors.map((e) => `${String(e.code)} ${e.message}`).join('; ')})`}`);
        }
        assert.ok(checks.length > 0 || composeFiles.length > 0);
        assert.deepEqual(disagreements, []);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
