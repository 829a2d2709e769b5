import assert from 'node:assert/strict';
import { composeFace } from '../../../src/compose/api';
import type { ComposeReader } from '../../../src/compose/api';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { kubernetesFace } from '../../../src/kubernetes/api';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { sideText } from '../../containers';

/**
 * Whether a Dockerfile's side files exist (`.hadolint.yaml`/`.hadolint.yml` up the folders, its `.dockerignore`s) is
 * kept per side-file generation of the index (dockerfile/sideProbes.ts, #68): a side file created, written or deleted
 * between two checks is seen by the next check once the index is told (`sideFileChanged`, the watcher's events), and
 * a check between two such events asks the disk no `exists` again. The disk here changes between checks as a user's does.
 */
describe('Dockerfile: side files created, changed and deleted between two checks', () => {
  /** A disk whose files change, counting the `exists` asked of each path. */
  function disk() {
    const files = new Map<string, string>();
    const asked = new Map<string, number>();
    const reader: ComposeReader = {
      exists: (p) => {
        asked.set(p, (asked.get(p) ?? 0) + 1);
        return files.has(p);
      },
      read: (p) => sideText(files.get(p)),
    };
    return { files, asked, reader };
  }

  function checker(reader: ComposeReader) {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const feature = dockerfileFeature(reader, { compose: composeFace, kubernetes: kubernetesFace });
    let version = 0;
    /** The codes of a check of `text` as the file's next version (an edit, as in the editor: every check a new version). */
    const check = (text: string) => {
      // Each version differs (a trailing comment), as an editor's edits do: nothing is kept by a same text.
      const file = index.update('file:///w/app/Dockerfile', `${text}# v${version++}\n`);
      return diagnoseFile(file, [feature], { index, settings: defaultSettings, isCancelled: () => false, roots: ['/w'] })
        .map((d) => String(d.code))
        .filter((code) => code !== 'dockerfile-no-user')
        .sort();
    };
    return { index, check };
  }

  it('.hadolint.yaml created, changed and deleted: seen on the next check after each event', () => {
    const { files, asked, reader } = disk();
    const { index, check } = checker(reader);
    const text = 'FROM debian\nRUN apt-get install -y curl\n';
    const all = check(text);
    assert.ok(all.includes('dl3006') && all.includes('dl3008'), all.join());
    // Created: told by the watcher, seen at once.
    files.set('/w/.hadolint.yaml', 'ignored:\n  - DL3006\n');
    index.sideFileChanged();
    assert.deepEqual(check(text), all.filter((c) => c !== 'dl3006'));
    // Written: its text is read on every check while it exists.
    files.set('/w/.hadolint.yaml', 'ignored:\n  - DL3008\n');
    index.sideFileChanged();
    assert.deepEqual(check(text), all.filter((c) => c !== 'dl3008'));
    // A nearer one, .yml, in the Dockerfile's folder: it wins.
    files.set('/w/app/.hadolint.yml', 'ignored: [DL3006, DL3008]\n');
    index.sideFileChanged();
    assert.deepEqual(check(text), all.filter((c) => c !== 'dl3006' && c !== 'dl3008'));
    // Deleted, both: every finding again.
    files.delete('/w/app/.hadolint.yml');
    files.delete('/w/.hadolint.yaml');
    index.sideFileChanged();
    assert.deepEqual(check(text), all);
    // Between two events, the probes are answered without asking the disk again.
    const before = new Map(asked);
    assert.deepEqual(check(text), all);
    assert.deepEqual([...asked].filter(([p, n]) => /hadolint|dockerignore/.test(p) && n !== before.get(p)), []);
    assert.ok(before.has('/w/app/.hadolint.yaml') && before.has('/w/.hadolint.yml'));
  });

  it('.dockerignore and <Dockerfile>.dockerignore created and deleted: seen on the next check after each event', () => {
    const { files, reader } = disk();
    const { index, check } = checker(reader);
    files.set('/w/app/secrets.env', 'A=1\n');
    const text = 'FROM debian:12\nCOPY secrets.env /app/\n';
    assert.deepEqual(check(text), []);
    files.set('/w/app/.dockerignore', '*.env\n');
    index.sideFileChanged();
    assert.deepEqual(check(text), ['buildkit-copy-ignored-file']);
    files.delete('/w/app/.dockerignore');
    index.sideFileChanged();
    assert.deepEqual(check(text), []);
    // The Dockerfile's own ignore file, beside it.
    files.set('/w/app/Dockerfile.dockerignore', 'secrets.env\n');
    index.sideFileChanged();
    assert.deepEqual(check(text), ['buildkit-copy-ignored-file']);
    // Written (still there): read again, so a change of its text needs no answer of `exists` to change.
    files.set('/w/app/Dockerfile.dockerignore', 'other.env\n');
    assert.deepEqual(check(text), []);
    files.delete('/w/app/Dockerfile.dockerignore');
    index.sideFileChanged();
    assert.deepEqual(check(text), []);
  });

  it('a server whose client reports no side-file change asks the disk on every check: a created .hadolint.yaml is seen untold', () => {
    const { files, asked, reader } = disk();
    const { index, check } = checker(reader);
    index.sideFilesReported = false;
    const text = 'FROM debian\n';
    assert.ok(check(text).includes('dl3006'));
    const before = asked.get('/w/.hadolint.yaml') ?? 0;
    files.set('/w/.hadolint.yaml', 'ignored:\n  - DL3006\n');
    assert.ok(!check(text).includes('dl3006'));
    assert.ok((asked.get('/w/.hadolint.yaml') ?? 0) > before);
    files.delete('/w/.hadolint.yaml');
    assert.ok(check(text).includes('dl3006'));
  });

  it('answers are kept per index and per reader: another workspace or reader asks its own disk', () => {
    const first = disk();
    const second = disk();
    second.files.set('/w/.hadolint.yaml', 'ignored:\n  - DL3006\n');
    const text = 'FROM debian\n';
    const a = checker(first.reader);
    const b = checker(second.reader);
    assert.ok(a.check(text).includes('dl3006'));
    assert.ok(!b.check(text).includes('dl3006'));
    // The same reader, another index (a new workspace): asked again.
    first.files.set('/w/.hadolint.yaml', 'ignored:\n  - DL3006\n');
    assert.ok(!checker(first.reader).check(text).includes('dl3006'));
  });
});
