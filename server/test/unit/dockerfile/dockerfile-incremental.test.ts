import assert from 'node:assert/strict';
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { forgetInstructionResults, isDockerfile } from '../../../src/dockerfile/model';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { random } from '../../random';

const root = path.join(fixturesDir, 'oss', 'dockerfile');
const feature = dockerfileFeature(undefined, { compose: composeFace, kubernetes: kubernetesFace });

function dockerfiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? dockerfiles(full) : isDockerfile(`file://${full}`) ? [full] : [];
  });
}

/** Lines an edit inserts: what defines or reads a variable (ARG, ENV, FROM, EXPOSE $X), continues a line, or is not an instruction. */
const snippets = ['ARG PORT=8080', 'ARG VERSION', 'ENV PORT=9090 SIG=9', 'ENV A $PORT', 'EXPOSE $PORT', 'STOPSIGNAL $SIG', 'FROM alpine:3.20 AS extra', 'RUN echo ${VERSION:?} | tee /x', 'COPY --from=extra /a /b', '# a comment', '', '  RUN echo $A \\', 'USER ${PORT}', 'ONBUILD RUN echo $PORT', 'HEALTHCHECK CMD curl localhost:$PORT'];

/** Edits as typing makes them, on line `at`: a line inserted (moving every instruction below), deleted, doubled, indented, changed, or the escape character set. */
const edits: ((lines: string[], at: number, pick: () => number) => void)[] = [
  (lines, at, pick) => lines.splice(at, 0, snippets[Math.floor(pick() * snippets.length)]),
  (lines, at) => lines.splice(at, 1),
  (lines, at) => lines.splice(at, 0, lines[at]),
  (lines, at) => {
    lines[at] = `  ${lines[at]}`;
  },
  (lines, at, pick) => {
    const line = lines[at];
    const i = Math.floor(pick() * (line.length + 1));
    lines[at] = `${line.slice(0, i)}${'x=$\\ {`'[Math.floor(pick() * 7)]}${line.slice(i)}`;
  },
  (lines, at) => {
    lines[at] = lines[at].replace(/=\S*|\$\w+|:[\w.-]+|\bAS\b/, (m) => (m.startsWith('=') ? '=changed' : m.startsWith('$') ? '$OTHER' : m === 'AS' ? 'as' : ':9'));
  },
  (lines) => {
    if (lines[0] === '# escape=`') lines.shift();
    else lines.unshift('# escape=`');
  },
];

describe('Dockerfiles re-checked after an edit', () => {
  it('find what a full check finds, after every edit of a chain of edits to real Dockerfiles', () => {
    const files = dockerfiles(root);
    assert.ok(files.length >= 70, `${files.length} Dockerfiles`);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uriOf = (file: string) => `file:///oss/${path.relative(root, file).split(path.sep).join('/')}`;
    for (const file of files) index.update(uriOf(file), readFileSync(file, 'utf8'));
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const pick = random(54);
    let compared = 0;
    let differing = 0;
    for (const file of files) {
      const uri = uriOf(file);
      const original = readFileSync(file, 'utf8');
      const lines = original.split('\n');
      diagnoseFile(index.get(uri)!, [feature], context);
      for (let step = 0; step < 8 && lines.length > 1; step++) {
        edits[Math.floor(pick() * edits.length)](lines, Math.floor(pick() * (lines.length - 1)), pick);
        const text = lines.join('\n');
        const incremental = diagnoseFile(index.update(uri, text), [feature], context);
        forgetInstructionResults();
        // The same text as a new version of the file: nothing of the previous one reused.
        index.update(uri, '');
        const full = diagnoseFile(index.update(uri, text), [feature], context);
        assert.deepEqual(incremental, full, `${path.relative(root, file)} after edit ${step + 1}:\n${text}`);
        compared++;
        if (JSON.stringify(full) !== JSON.stringify(diagnoseFile(index.update(uri, original), [feature], context))) differing++;
        index.update(uri, text);
      }
      index.update(uri, original);
    }
    // The edits changed what is found (they are not all no-ops).
    assert.ok(compared >= 500 && differing >= compared / 2, `${compared} compared, ${differing} with other findings than the original`);
  });

  /** Each text checked as the next version of one file, then fully (nothing kept): the two must agree; the full check's findings as `line: code message`. */
  function versions(texts: readonly string[]): string[][] {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const uri = 'file:///w/Dockerfile';
    return texts.map((text) => {
      const incremental = diagnoseFile(index.update(uri, text), [feature], context);
      forgetInstructionResults();
      index.update(uri, '');
      const full = diagnoseFile(index.update(uri, text), [feature], context);
      assert.deepEqual(incremental, full, text);
      return full.map((d) => `${d.range.start.line}: ${String(d.code)} ${d.message}`);
    });
  }

  it("checks an unchanged instruction again when an ARG it reads changes (dockerfile-utils expands EXPOSE's variables)", () => {
    const [before, after] = versions(['FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT\nUSER 10001\n', 'FROM alpine:3.20\nARG PORT=80a\nEXPOSE $PORT\nUSER 10001\n']);
    assert.deepEqual(before, []);
    assert.deepEqual(after, ['2: dockerfile-syntax Invalid containerPort: 80a']);
  });

  it("checks a stage's unchanged instructions again when a global ARG's value changes (a stage's `ARG PORT` takes it)", () => {
    const [before, after] = versions(['ARG PORT=8080\nFROM alpine:3.20\nARG PORT\nEXPOSE $PORT\nUSER 10001\n', 'ARG PORT=80a\nFROM alpine:3.20\nARG PORT\nEXPOSE $PORT\nUSER 10001\n']);
    assert.deepEqual(before, []);
    assert.deepEqual(after, ['3: dockerfile-syntax Invalid containerPort: 80a']);
  });

  it('moves what is kept of an unchanged instruction to its new line (an ENV\'s variables, a flag\'s value)', () => {
    const text = 'ENV A=1 B=$A\nCOPY --from=nowhere /a /b\n';
    const [before, after, indented] = versions([`FROM alpine:3.20\nUSER 10001\n${text}`, `FROM alpine:3.20\nUSER 10001\nWORKDIR /w\n\n${text}`, `FROM alpine:3.20\nUSER 10001\n  ${text}`]);
    const moved = (findings: string[]) => findings.filter((f) => / (dl3044|dl3022) /.test(f)).map((f) => f.replace(/ (dl\d+) .*/, ' $1'));
    assert.deepEqual(moved(before), ['2: dl3044', '3: dl3022']);
    assert.deepEqual(moved(after), ['4: dl3044', '5: dl3022']);
    assert.deepEqual(moved(indented), ['2: dl3044', '3: dl3022']);
  });

  it('drops the syntax problems of an instruction under `# dockerfile-utils: ignore`, and only there (the comments read only where the text holds it)', () => {
    const file = (comment: string) => `FROM alpine:3.20\nUSER 10001\n${comment}\nEXPOSE 80a\n`;
    const [ignored, near, none] = versions([file('# dockerfile-utils: ignore'), file('# dockerfile-utils: ignored'), file('# a comment')]);
    assert.deepEqual(ignored, []);
    assert.deepEqual(near, ['3: dockerfile-syntax Invalid containerPort: 80a']);
    assert.deepEqual(none, ['3: dockerfile-syntax Invalid containerPort: 80a']);
  });

  it('reads an unchanged instruction again when the escape character changes', () => {
    const text = 'FROM debian:12.5\nUSER 10001\nLABEL a="x\\" y"\nRUN apt-get install -y --no-install-recommends foo \\';
    const [before, after] = versions([text, `# escape=\`\n${text}`]);
    const lists = 'dl3009 Delete the apt-get lists after installing (rm -rf /var/lib/apt/lists/*), or mount /var/lib/apt/lists as a cache.';
    assert.deepEqual(before, ['3: dl3008 Pin versions in apt-get install: foo (package=version).', `3: ${lists}`]);
    assert.deepEqual(after, ['3: dockerfile-syntax Syntax error - can\'t find = in "y"". Must be of the form: name=value', '4: dl3008 Pin versions in apt-get install: foo, \\ (package=version).', `4: ${lists}`]);
  });
});
