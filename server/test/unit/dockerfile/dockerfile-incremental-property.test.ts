import assert from 'node:assert/strict';
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { textId, textIdOf } from '../../../src/dockerfile/kept';
import type * as DockerfileAst from 'dockerfile-ast';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { buildkitStyleFindings } from '../../../src/dockerfile/buildkitStyle';
import { dockerfileModel, forgetInstructionResults } from '../../../src/dockerfile/model';
import { dockerfileLibraries } from '../../../src/dockerfile/patches';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { addCatalogue, setLanguage, type Language } from '../../../src/l10n/t';
import { frDockerfile } from '../../../src/dockerfile/fr';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex, type IndexedFile } from '../../../src/workspace/index';
import type { Diagnostic } from 'vscode-languageserver-types';

/**
 * Lines Dockerfiles are made of, chosen for what decides where an instruction starts and ends and what
 * is kept of it across versions: line continuations (with either escape character, trailing blanks,
 * comment and empty lines inside), the `# escape=` and other parser directives, heredocs (plain,
 * `<<-`, quoted, split over a continuation, inside ONBUILD), `<` that opens none, comments and ignore
 * pragmas, variables defined and read, stages, and the instructions whose repeats are checked across
 * the file (CMD, ENTRYPOINT, HEALTHCHECK, USER, stage names).
 */
const fragments = [
  'FROM alpine:3.20 AS build', 'FROM build', 'from scratch AS Final', 'FROM --platform=linux/amd64 debian:12 AS x', 'FROM ${BASE}',
  'ARG BASE=debian:12-slim', 'ARG PORT=8080', 'ARG PORT=8080', 'ARG SIG=9', 'EXPOSE $PORT', 'EXPOSE ${PORT}/udp', 'STOPSIGNAL $SIG', 'ENV PORT=90 SIG=KILL', 'ARG SECRET_TOKEN', 'ENV A=1 B=$A', 'ENV LEGACY value', 'ENV PORT=$PORT',
  'RUN apt-get update && apt-get install -y curl \\', '    && rm -rf /var/lib/apt/lists/*', '  # a comment inside', '', '   ',
  'RUN <<EOF', 'echo hi | grep h', 'EOF', 'COPY <<-"EOT" /x', '\tdata', 'EOT', 'RUN <\\', '<EOF', 'ONBUILD RUN <<EOF',
  'RUN cat < /etc/hosts', 'RUN echo a`', 'RUN echo b \\ ', 'RUN echo c `', 'RUN echo $UNDEFINED ${PORT}',
  '# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1', '# check=skip=JSONArgsRecommended', '# hadolint ignore=DL3008,DL3015',
  'CMD echo hi', 'CMD ["run"]', 'ENTRYPOINT x', 'ENTRYPOINT ["a", "b"]', 'HEALTHCHECK CMD curl -f localhost', 'HEALTHCHECK NONE',
  'EXPOSE $PORT 80/TCP', 'EXPOSE 70000', 'USER root', 'USER 10001', 'WORKDIR app', 'WORKDIR /srv', 'LABEL a b', 'LABEL a="b"',
  'MAINTAINER someone', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'COPY --from=build /a /b', 'COPY a b c', 'ADD a b', 'STOPSIGNAL $SIG',
  'VOLUME /data', 'run echo lower', 'Run echo mixed', 'RUN \\', 'BOGUS instruction', '\\', '`',
];

/**
 * For the checks (not the parse test: dockerfile-ast as published recurses without end on some of their texts, model.ts
 * guardVariableResolution): keywords cased every way (one with no letter), secrets and names that clear them, pragmas of both tools.
 */
const checkedFragments = [
  ...fragments,
  '123 numbers', 'from alpine:3 as lower', 'cmd ["x"]', 'ENV API_KEY=1', 'ARG PUBLIC_KEY', 'ENV auth_token=$PORT', 'RUN curl -s x | sh', 'RUN wget y',
  '# hadolint global ignore=DL3003', '# hadolint ignore=DL3059', ' # check=skip=UndefinedVar', '#CHECK=skip=all', 'RUN cd /x && sudo y',
  '# dockerfile-utils: ignore', '#dockerfile-utils: ignore ', '# dockerfile-utils: ignored',
];

/**
 * Variables defined and read (what an instruction's checks read from the lines above it: dockerfile-utils' problems are kept by
 * that chain, kept.ts and syntaxResults.ts), with edits that change their values, insert or delete lines: an instruction the edit
 * did not change is taken into the new version while what it reads changed.
 */
const variableFragments = ['FROM alpine:3.20 AS a', 'FROM a', 'ARG PORT=8080', 'ARG SIG=9', 'ENV PORT=90 SIG=KILL', 'EXPOSE $PORT', 'EXPOSE ${PORT}/udp', 'STOPSIGNAL $SIG', 'ENV A=$PORT', 'USER $SIG', 'ARG PORT', 'ENV SIG=$PORT'];
const variableEdit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('value' as const), at: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'double' as const), at: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(20), line: fc.constantFrom(...variableFragments) }) },
);

/** An edit of the lines: a line inserted, deleted, doubled or replaced, a value changed, a character typed, or the escape directive toggled. */
type Edit = { kind: 'insert' | 'replace'; at: number; line: string } | { kind: 'delete' | 'double' | 'value'; at: number } | { kind: 'type'; at: number; column: number; text: string } | { kind: 'escape' };

const editOf = (lines: readonly string[]): fc.Arbitrary<Edit> => fc.oneof(
  fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(60), line: fc.constantFrom(...lines) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'double' as const, 'value' as const), at: fc.nat(60) }),
  fc.record({ kind: fc.constant('type' as const), at: fc.nat(60), column: fc.nat(40), text: fc.constantFrom('\\', '`', '<', '<<', '#', ' ', '\n', '\r', '\r\n', '$', '"', 'x', '=', '[') }),
  fc.constant({ kind: 'escape' as const }),
);
const edit = editOf(fragments);

function apply(lines: string[], change: Edit): void {
  if (change.kind === 'escape') {
    if (lines[0] === '# escape=`') lines.shift();
    else lines.unshift('# escape=`');
    return;
  }
  const at = lines.length === 0 ? 0 : change.at % lines.length;
  if (change.kind === 'insert') lines.splice(at, 0, change.line);
  else if (change.kind === 'replace') lines[at] = change.line;
  else if (change.kind === 'delete') lines.splice(at, 1);
  else if (change.kind === 'double') lines.splice(at, 0, lines[at] ?? '');
  // A value (ARG PORT=8080 → PORT=changed): what the checks of the instructions reading it see changes, not their text.
  else if (change.kind === 'value') {
    // On a line with a value (the at-th of them).
    const valued = lines.flatMap((line, i) => (/=[^\s=]*/.test(line) ? [i] : []));
    if (valued.length > 0) {
      const line = valued[change.at % valued.length];
      lines[line] = lines[line].replace(/=[^\s=]*/, (value) => (value === '=changed' ? '=80' : '=changed'));
    }
  }
  else if (change.kind === 'type') {
    const line = lines[at] ?? '';
    const column = change.column % (line.length + 1);
    lines.splice(at, 1, ...`${line.slice(0, column)}${change.text}${line.slice(column)}`.split('\n'));
  }
}

/** Half of them start with a stage, where the instructions' variables are read (before it, only FROM reads them). */
const dockerfileOf = (from: readonly string[]) => fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...from), { minLength: 1, maxLength: 40 })).map(([staged, lines]) => (staged ? ['FROM alpine:3.20', ...lines] : lines));
const dockerfile = dockerfileOf(fragments);

/** dockerfile-ast as published: a copy of its modules loaded afresh, without what Archipel patches on the one it uses (model.ts). */
function pristineDockerfileAst(): typeof DockerfileAst {
  const load = createRequire(__filename);
  const ours = (key: string) => /[\\/]node_modules[\\/]dockerfile-ast[\\/]/.test(key);
  const saved = Object.entries(load.cache).filter(([key]) => ours(key));
  for (const [key] of saved) delete load.cache[key];
  try {
    return load('dockerfile-ast') as typeof DockerfileAst;
  } finally {
    for (const key of Object.keys(load.cache)) if (ours(key)) delete load.cache[key];
    for (const [key, module] of saved) load.cache[key] = module;
  }
}

/** What a parse gives that the checks read: each instruction's keyword, ranges, arguments and heredocs; the comments and directives. */
function parseShape(parsed: DockerfileAst.Dockerfile): unknown {
  return {
    escape: parsed.getEscapeCharacter(),
    directives: parsed.getDirectives().map((d) => [d.getName(), d.getValue(), d.getRange()]),
    comments: parsed.getComments().map((c) => [c.getRange(), c.getContent()]),
    instructions: parsed.getInstructions().map((i) => {
      const heredocs = (i as unknown as { getHeredocs?: () => DockerfileAst.Heredoc[] }).getHeredocs?.() ?? [];
      const properties = (i as unknown as { getProperties?: () => DockerfileAst.Property[] }).getProperties?.() ?? [];
      const property = (i as unknown as { getProperty?: () => DockerfileAst.Property | null }).getProperty?.();
      const flags = (i as unknown as { getFlags?: () => DockerfileAst.Flag[] }).getFlags?.() ?? [];
      const json = (i as unknown as { getJSONStrings?: () => DockerfileAst.JSONArgument[] }).getJSONStrings?.() ?? [];
      const trigger = (i as unknown as { getTriggerInstruction?: () => DockerfileAst.Instruction | null }).getTriggerInstruction?.();
      const named = (p: DockerfileAst.Property | null | undefined) => (p ? [p.getName(), p.getNameRange(), p.getValue(), p.getValueRange(), p.getRange()] : p);
      return {
        // What an instruction reads through its Dockerfile: its variables, defined or not where they are used.
        variables: i.getVariables().map((v) => [v.getName(), v.getRange(), v.isDefined(), v.isBuildVariable()]),
        expanded: i.getExpandedArguments().map((a) => [a.getValue(), a.getRange()]),
        properties: properties.map(named),
        property: named(property),
        flags: flags.map((f) => [f.getName(), f.getValue(), f.getRange(), f.getValueRange()]),
        json: json.map((a) => [a.getValue(), a.getRange(), a.getJSONValue()]),
        trigger: trigger ? [trigger.getKeyword(), trigger.getRange(), trigger.getArguments().map((a) => a.getValue())] : trigger,
        keyword: i.getKeyword(),
        range: i.getRange(),
        instructionRange: i.getInstructionRange(),
        arguments: i.getArguments().map((a) => [a.getValue(), a.getRange()]),
        content: i.getRawArgumentsContent(),
        heredocs: heredocs.map((h) => [h.getName(), h.getNameRange(), h.getContentRange(), h.getDelimiterRange()]),
      };
    }),
  };
}

describe('Dockerfiles re-checked after random edits (fast-check)', () => {
  const feature = dockerfileFeature(undefined, { compose: composeFace, kubernetes: kubernetesFace });

  /** What the editor asks of a version besides its findings: the outline, quick fixes for the findings, and hover and definition at the start, middle and end of each line. */
  const views = (file: IndexedFile, diagnostics: Diagnostic[]) => {
    const context = { index: new WorkspaceIndex(indexOptions(defaultSettings)), settings: defaultSettings, isCancelled: () => false };
    const at: unknown[] = [];
    let offset = 0;
    for (const line of file.text.split('\n')) {
      for (const column of new Set([0, Math.floor(line.length / 2), Math.max(0, line.length - 1)])) {
        at.push([feature.hover?.(file, offset + column, context), feature.definition?.(file, offset + column, context)]);
      }
      offset += line.length + 1;
    }
    return { symbols: feature.documentSymbols?.(file, context), fixes: feature.codeActions?.(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, context), at };
  };

  // In both languages: the messages are made with each check (nothing kept holds a message of ours).
  for (const language of ['en', 'fr'] as const satisfies readonly Language[]) it(`finds, after each edit of a random chain, what a check of the same text from scratch finds (${language})`, () => {
    addCatalogue('fr', frDockerfile);
    setLanguage(language);
    try {
      randomChains(dockerfileOf(checkedFragments), editOf(checkedFragments), language === 'en' ? 150 : 60);
      randomChains(dockerfileOf(variableFragments), variableEdit, language === 'en' ? 150 : 60);
    } finally {
      setLanguage('en');
    }
  });

  function randomChains(texts: fc.Arbitrary<string[]>, edits: fc.Arbitrary<Edit>, numRuns: number): void {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const uri = 'file:///property/Dockerfile';
    let checked = 0;
    let found = 0;
    fc.assert(
      fc.property(texts, fc.array(edits, { minLength: 1, maxLength: 8 }), (start, changes) => {
        const lines = [...start];
        // The previous version's results are kept: the first edit is re-checked from them.
        diagnoseFile(index.update(uri, lines.join('\n')), [feature], context);
        for (const change of changes) {
          apply(lines, change);
          const text = lines.join('\n');
          const incremental = diagnoseFile(index.update(uri, text), [feature], context);
          const incrementalViews = views(index.get(uri)!, incremental);
          forgetInstructionResults();
          // The same text as a new version, with nothing kept of any earlier one.
          index.update(uri, '');
          const full = diagnoseFile(index.update(uri, text), [feature], context);
          assert.deepEqual(incremental, full, `after ${JSON.stringify(change)}:\n${text}`);
          assert.deepEqual(incrementalViews, views(index.get(uri)!, full), `hover, definitions, symbols or quick fixes after ${JSON.stringify(change)}:\n${text}`);
          checked++;
          found += full.length;
          // The next edit starts from this version, as typing does.
          index.update(uri, text);
        }
      }),
      { numRuns, seed: 68 },
    );
    // The texts are Dockerfiles the checks have things to say about.
    assert.ok(checked >= 2 * numRuns && found >= checked, `${checked} versions checked, ${found} findings`);
  }

  it('finds the empty continuation lines a reading of every line finds (the reading skipped where no blank line follows a continued one)', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uri = 'file:///continuations/Dockerfile';
    let found = 0;
    let skipped = 0;
    // Blank lines of every kind, other line ends, continuations that end the text, heredoc bodies ending with an escape.
    const more = ['', '', ' \t', '\u00a0', 'RUN a \\', 'RUN b \\\r', 'RUN c `', '# c \\', 'RUN <<EOF', 'x \\', 'EOF', '\u2028', 'RUN d \\ \t'];
    fc.assert(
      fc.property(dockerfileOf([...checkedFragments, ...more]), fc.array(editOf([...checkedFragments, ...more]), { maxLength: 4 }), fc.constantFrom('\n', '\r\n'), (start, changes, end) => {
        const lines = [...start];
        for (const change of [undefined, ...changes]) {
          if (change) apply(lines, change);
          const text = lines.join(end) + (changes.length % 2 === 0 ? end : '');
          const model = dockerfileModel(index.update(uri, text))!;
          const ours = buildkitStyleFindings(model).filter((f) => f.code === 'buildkit-no-empty-continuation').map((f) => model.lines.positionAt(f.start).line);
          const expected = emptyContinuationLines(text, model.parsed.getEscapeCharacter());
          assert.deepEqual(ours, expected, JSON.stringify(text));
          found += expected.length;
          if (expected.length === 0 && /^\s*$/m.test(text)) skipped++;
        }
      }),
      { numRuns: 300, seed: 68 },
    );
    assert.ok(found >= 40 && skipped >= 300, `${found} empty continuation lines, ${skipped} texts with blank lines and none`);
  });

  it('parses every text as dockerfile-ast as published does (the heredoc look skipped only where no `<` is)', () => {
    const pristine = pristineDockerfileAst();
    const { DockerfileParser } = dockerfileLibraries();
    assert.notEqual(pristine.DockerfileParser, DockerfileParser, 'a copy of its own');
    // Parsed as a file's versions are (dockerfileModel): an instruction the edit left on its line is the last parse's, moved into the new one.
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uri = 'file:///parse/Dockerfile';
    const parse = (text: string) => dockerfileModel(index.update(uri, text))!.parsed;
    let heredocs = 0;
    let reused = 0;
    let previous = new Set<unknown>();
    fc.assert(
      fc.property(dockerfile, fc.array(edit, { maxLength: 6 }), (start, changes) => {
        // Each version parsed after the one before: what the parse copies of the last one (its unchanged instructions) is what it would make.
        const lines = [...start];
        for (const change of [undefined, ...changes]) {
          if (change) apply(lines, change);
          const text = lines.join('\n');
          const parsed = parse(text);
          reused += parsed.getInstructions().filter((i) => previous.has(i)).length;
          // Each instruction's text key (what is kept of it across versions is kept by) is that of its own full lines in this text, taken or made.
          const document = TextDocument.create(uri, 'dockerfile', 0, text);
          for (const i of parsed.getInstructions()) {
            const { start, end } = i.getRange();
            const lines = text.slice(document.offsetAt({ line: start.line, character: 0 }), document.offsetAt({ line: end.line + 1, character: 0 }));
            assert.equal(textId(i), textIdOf(String(Reflect.get(i, 'escapeChar')), i.getInstruction(), i.getRange(), i.getInstructionRange(), lines), JSON.stringify(text));
          }
          previous = new Set(parsed.getInstructions());
          const ours = parseShape(parsed);
          const theirs = parseShape(pristine.DockerfileParser.parse(text));
          assert.deepEqual(ours, theirs, text);
          heredocs += (theirs as { instructions: { heredocs: unknown[] }[] }).instructions.filter((i) => i.heredocs.length > 0).length;
        }
      }),
      { numRuns: 400, seed: 68 },
    );
    assert.ok(heredocs >= 50, `${heredocs} instructions with heredocs`);
    assert.ok(reused >= 1000, `${reused} instructions taken from the version before`);
    // A heredoc whose `<<` a continuation splits: its instruction is looked into.
    const split = pristine.DockerfileParser.parse('FROM a\nRUN <\\\n<EOF\necho hi\nEOF\nRUN echo after\n');
    assert.deepEqual(parseShape(DockerfileParser.parse('FROM a\nRUN <\\\n<EOF\necho hi\nEOF\nRUN echo after\n')), parseShape(split));
    assert.equal(split.getInstructions().length, 3);
    // An instruction continued to the end of the text, then given a next line: read again, it takes that line.
    for (const text of ['FROM a\nRUN echo \\\n', 'FROM a\nRUN echo \\\nb\n', 'FROM a\nRUN <<EOF\nx\n', 'FROM a\nRUN <<EOF\nx\nEOF\n']) {
      assert.deepEqual(parseShape(parse(text)), parseShape(pristine.DockerfileParser.parse(text)), JSON.stringify(text));
    }
  });
  it('checks a file whose instructions a later parse took as from scratch: another file of the same lines, an earlier version kept', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const uris = ['file:///a/Dockerfile', 'file:///b/Dockerfile'];
    let checked = 0;
    fc.assert(
      fc.property(dockerfile, fc.array(fc.tuple(fc.nat(1), edit), { minLength: 1, maxLength: 8 }), (start, changes) => {
        const texts = [start.join('\n'), start.join('\n')];
        // The findings of each version when it was checked, and the version itself.
        const seen: { file: IndexedFile; findings: Diagnostic[]; views: unknown }[] = [];
        const check = (file: IndexedFile) => {
          const findings = diagnoseFile(file, [feature], context);
          seen.push({ file, findings, views: views(file, findings) });
        };
        for (const [which, uri] of uris.entries()) check(index.update(uri, texts[which]));
        for (const [which, change] of changes) {
          const lines = texts[which].split('\n');
          apply(lines, change);
          texts[which] = lines.join('\n');
          check(index.update(uris[which], texts[which]));
          // The other file, not changed (its model kept, or made again when this parse took its instructions), and every version before, checked again.
          for (const earlier of seen) {
            const why = `${earlier.file.uri} again after ${JSON.stringify(change)} in ${uris[which]}:\n${earlier.file.text}`;
            // Each instruction of its model is its own Dockerfile's (variables are looked up through it).
            const parsed = dockerfileModel(earlier.file)!.parsed;
            assert.ok(parsed.getInstructions().every((i) => Reflect.get(i, 'dockerfile') === parsed), why);
            const findings = diagnoseFile(earlier.file, [feature], context);
            assert.deepEqual(findings, earlier.findings, why);
            assert.deepEqual(views(earlier.file, findings), earlier.views, why);
            checked++;
          }
          const other = index.get(uris[1 - which])!;
          forgetInstructionResults();
          index.update(uris[1 - which], '');
          const full = diagnoseFile(index.update(uris[1 - which], other.text), [feature], context);
          assert.deepEqual(diagnoseFile(index.update(uris[1 - which], other.text), [feature], context), full);
        }
      }),
      { numRuns: 60, seed: 68 },
    );
    assert.ok(checked >= 300, `${checked} versions checked again`);
  });
});

/** BuildKit's empty continuation lines as buildkitStyle.ts read them before #68 (every line of the text): the reference. */
function emptyContinuationLines(text: string, escape: string): number[] {
  const found: number[] = [];
  const continued = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`);
  const lines = text.split(/\r?\n/);
  const isComment = (line: string) => line.trimStart().startsWith('#');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (first.trim() === '' || isComment(first)) continue;
    let joined = first;
    let empty = false;
    let open = continued.test(first);
    while (open && i + 1 < lines.length) {
      const line = lines[++i];
      if (isComment(line)) continue;
      if (line.trim() === '') {
        empty = true;
        continue;
      }
      joined += line;
      open = continued.test(line);
    }
    if (empty) found.push(i);
    if (/^\s*(run|copy|add)\b/i.test(first)) {
      for (const match of joined.matchAll(/<<(-?)(["']?)([A-Za-z_][\w]*)\2/g)) {
        while (i + 1 < lines.length && lines[i + 1].replace(match[1] ? /^\t+/ : /^/, '') !== match[3]) i++;
        i++;
      }
    }
  }
  return found;
}
