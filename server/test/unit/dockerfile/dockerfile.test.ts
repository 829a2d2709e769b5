// The Dockerfile family's pure services: hadolint's rules (positive and negative cases from
// hadolint's documentation and tests), BuildKit's checks, heredocs, cache mounts, ignore pragmas,
// repository-aware checks, quick fixes and navigation.
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { dockerfileCompletion, dockerfileDefinition, dockerfileFeature, dockerfileQuickFixes, dockerfileSymbols } from '../../../src/dockerfile/feature';
import { isDockerfile } from '../../../src/dockerfile/model';
import { readShell } from '../../../src/dockerfile/shell';
import { dockerBuildsInScript } from '../../../src/dockerfile/workflows';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cursor, fixturesDir } from '../../helpers';
import { fakeDisk } from '../../containers';

type Found = Diagnostic & { message: string };

function lint(text: string, disk: Record<string, string> = {}, others: Record<string, string> = {}, uri = 'file:///p/Dockerfile'): Found[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, body] of Object.entries(others)) index.update(`file:///p/${name}`, body);
  const file = index.update(uri, text);
  // dockerfile-no-user fires on most short texts here: it has its own test (userless() below).
  return (diagnoseFile(file, [dockerfileFeature(fakeDisk(disk), { compose: composeFace, kubernetes: kubernetesFace })], { index, settings: defaultSettings, isCancelled: () => false }) as Found[]).filter((d) => d.code !== 'dockerfile-no-user');
}

/** A Dockerfile and all its diagnostics. */
function diagnosed(text: string) {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const file = index.update('file:///p/Dockerfile', text);
  return { file, diagnostics: diagnoseFile(file, [dockerfileFeature(fakeDisk({}), { compose: composeFace, kubernetes: kubernetesFace })], { index, settings: defaultSettings, isCancelled: () => false }) };
}

/** Whether a Dockerfile gets dockerfile-no-user. */
const userless = (text: string) => diagnosed(text).diagnostics.some((d) => d.code === 'dockerfile-no-user');

const codes = (text: string, disk: Record<string, string> = {}) => lint(text, disk).map((d) => String(d.code));
const has = (text: string, code: string, disk: Record<string, string> = {}) => codes(text, disk).includes(code);

/** Each rule: texts that trigger it and texts that do not (after a clean FROM). */
const cases: Record<string, { bad: string[]; good: string[] }> = {
  dl3000: { bad: ['WORKDIR usr/src/app'], good: ['WORKDIR /usr/src/app', 'WORKDIR $HOME/app', 'WORKDIR "/a b"'] },
  dl3002: { bad: ['USER foo\nUSER root', 'USER 0:0'], good: ['USER root\nRUN x\nUSER app', 'USER app'] },
  dl3003: { bad: ['RUN cd /usr/src/app && git pull'], good: ['WORKDIR /usr/src/app\nRUN git pull', 'RUN echo cd'] },
  dl3004: { bad: ['RUN sudo apt-get install -y --no-install-recommends x=1 && rm -rf /var/lib/apt/lists/*'], good: ['RUN echo sudo'] },
  dl3008: { bad: ['RUN apt-get install -y --no-install-recommends python && rm -rf /var/lib/apt/lists/*'], good: ['RUN apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get install -y --no-install-recommends ./x.deb && rm -rf /var/lib/apt/lists/*'] },
  dl3009: { bad: ['RUN apt-get update && apt-get install -y --no-install-recommends python=2.7'], good: ['RUN apt-get update && apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends python=2.7', 'RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends python=2.7'] },
  dl3011: { bad: ['EXPOSE 80000', 'EXPOSE 80 65536/udp'], good: ['EXPOSE 65535', 'EXPOSE 80/tcp 443'] },
  dl3013: { bad: ['RUN pip install --no-cache-dir django', 'RUN python -m pip install --no-cache-dir flask'], good: ['RUN pip install --no-cache-dir django==1.9', 'RUN pip install --no-cache-dir -r requirements.txt', 'RUN pip install --no-cache-dir .', 'RUN pip install --no-cache-dir "requests>=2"'] },
  dl3014: { bad: ['RUN apt-get install --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*'], good: ['RUN apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get -qq install --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get install --yes --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*'] },
  dl3015: { bad: ['RUN apt-get install -y python=2.7 && rm -rf /var/lib/apt/lists/*'], good: ['RUN apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get -o APT::Install-Recommends=false install -y python=2.7 && rm -rf /var/lib/apt/lists/*'] },
  dl3016: { bad: ['RUN npm install express', 'RUN npm i -g @angular/cli', 'RUN npm install git+https://github.com/a/b.git'], good: ['RUN npm install', 'RUN npm install express@4.1.1', 'RUN npm install -g @angular/cli@17', 'RUN npm install git+https://github.com/a/b.git#v1.2.0', 'RUN npm ci'] },
  dl3018: { bad: ['RUN apk add --no-cache python3'], good: ['RUN apk add --no-cache python3=3.12.1-r0', 'RUN apk add --no-cache --virtual .deps gcc=13.2.1-r0'] },
  dl3019: { bad: ['RUN apk add python3=3.12.1-r0'], good: ['RUN apk add --no-cache python3=3.12.1-r0', 'RUN --mount=type=cache,target=/var/cache/apk apk add python3=3.12.1-r0', 'RUN apk update'] },
  dl3020: { bad: ['ADD requirements.txt /usr/src/app/'], good: ['COPY requirements.txt /usr/src/app/', 'ADD https://example.com/a.tar.gz /tmp/', 'ADD rootfs.tar.xz /'] },
  dl3021: { bad: ['COPY a b c'], good: ['COPY a b c/', 'COPY a b'] },
  dl3022: { bad: ['COPY --from=builder /a /b', 'COPY --from=0 /a /b'], good: ['COPY --from=nginx:1.27 /etc/nginx /etc/nginx', 'RUN echo\nFROM debian:12\nCOPY --from=0 /a /b'] },
  dl3025: { bad: ['CMD node server.js', 'ENTRYPOINT /bin/app'], good: ['CMD ["node", "server.js"]', 'ENTRYPOINT ["/bin/app"]'] },
  dl3027: { bad: ['RUN apt install -y python'], good: ['RUN apt-cache policy python'] },
  dl3042: { bad: ['RUN pip install django==1.9'], good: ['RUN pip install --no-cache-dir django==1.9', 'RUN --mount=type=cache,target=/root/.cache/pip pip install django==1.9', 'ENV PIP_NO_CACHE_DIR=1\nRUN pip install django==1.9'] },
  dl3044: { bad: ['ENV A=1 B=$A'], good: ['ENV A=1\nENV B=$A', 'ENV PATH=$PATH:/x'] },
  dl3045: { bad: ['COPY app.py app/'], good: ['WORKDIR /src\nCOPY app.py app/', 'COPY app.py /src/app/', 'COPY app.py .'] },
  dl3059: { bad: ['RUN echo a\nRUN echo b'], good: ['RUN echo a && echo b', 'RUN echo a\nENV X=1\nRUN echo b', 'RUN echo a\nRUN --mount=type=secret,id=t cat /run/secrets/t'] },
  dl4000: { bad: ['MAINTAINER me@example.com'], good: ['LABEL org.opencontainers.image.authors="me@example.com"'] },
  dl4001: { bad: ['RUN curl -fsSL https://a.example -o a\nENV X=1\nRUN wget https://b.example'], good: ['RUN curl -fsSL https://a.example -o a'] },
  dl4003: { bad: ['CMD ["a"]\nCMD ["b"]'], good: ['CMD ["b"]'] },
  dl4004: { bad: ['ENTRYPOINT ["a"]\nENTRYPOINT ["b"]'], good: ['ENTRYPOINT ["b"]'] },
  dl4006: { bad: ['RUN wget -O - https://some.site | wc -l > /number'], good: ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN wget -O - https://some.site | wc -l > /number', 'RUN set -o pipefail && wget -O - https://some.site | wc -l', 'RUN a || b'] },
  'buildkit-secrets-used-in-arg-or-env': { bad: ['ARG GITHUB_TOKEN', 'ENV AWS_SECRET_ACCESS_KEY=x', 'ARG DB_PASSWORD'], good: ['ARG PUBLIC_KEY', 'ENV KEYBOARD=us', 'ARG TOKENIZERS_PARALLELISM=false'] },
  'buildkit-legacy-key-value-format': { bad: ['ENV A 1', 'LABEL maintainer me'], good: ['ENV A=1', 'LABEL a=b'] },
  'buildkit-expose-invalid-format': { bad: ['EXPOSE 127.0.0.1:80:80', 'EXPOSE 8080:80'], good: ['EXPOSE 80'] },
  'buildkit-expose-proto-casing': { bad: ['EXPOSE 80/TCP', 'EXPOSE 53/Udp'], good: ['EXPOSE 80/tcp 53/udp', 'EXPOSE 80/$PROTO'] },
  'buildkit-stage-name-casing': { bad: ['FROM debian:12 AS Build'], good: ['FROM debian:12 AS build'] },
  'buildkit-consistent-instruction-casing': { bad: ['copy a /b\nRUN x', 'Run x'], good: ['COPY a /b\nRUN x'] },
  'buildkit-no-empty-continuation': { bad: ['RUN a \\\n\n  && b', 'RUN a \\\n   \n# c\n  && b'], good: ['RUN a \\\n# c\n  && b', 'RUN <<EOF\na \\\n\nb\nEOF', 'RUN a\n\nRUN b'] },
  'buildkit-redundant-target-platform': { bad: ['FROM --platform=$TARGETPLATFORM alpine:3', 'FROM --platform=${TARGETPLATFORM} alpine:3'], good: ['FROM --platform=$BUILDPLATFORM alpine:3', 'FROM alpine:3'] },
  'buildkit-from-platform-flag-const-disallowed': { bad: ['FROM --platform=linux/amd64 alpine:3', 'FROM --platform=linux/arm64 alpine:3 AS build'], good: ['FROM --platform=linux/amd64 alpine:3 AS build-amd64', 'FROM --platform=linux/x86_64 alpine:3 AS amd64', 'FROM --platform=windows/amd64 alpine:3 AS windows', 'FROM --platform=$BUILDPLATFORM alpine:3'] },
  'buildkit-invalid-definition-description': { bad: [], good: ['# not the name\nARG VERSION=1'] },
};

describe('Dockerfile: hadolint and BuildKit rules, positive and negative', () => {
  for (const [code, { bad, good }] of Object.entries(cases)) {
    it(code, () => {
      for (const body of bad) assert.ok(has(`FROM debian:12\n${body}\n`, code), `${code} expected on:\n${body}\ngot ${codes(`FROM debian:12\n${body}\n`).join(', ')}`);
      for (const body of good) assert.ok(!has(`FROM debian:12\n${body}\n`, code), `${code} not expected on:\n${body}`);
    });
  }
  it('dl3006, dl3007: untagged and latest base images; stages, scratch, digests and variables are fine', () => {
    assert.deepEqual(codes('FROM debian\n'), ['dl3006']);
    assert.deepEqual(codes('FROM debian:latest\n'), ['dl3007']);
    assert.deepEqual(codes('FROM debian:12 AS base\nFROM base\nFROM scratch\nFROM debian@sha256:abc\nARG IMG=x:1\nFROM ${IMG}\n').filter((c) => c.startsWith('dl300')), []);
  });
  it('dl3023 and dl3024: a stage copying from itself, a stage name used twice', () => {
    assert.ok(has('FROM debian:12 AS a\nCOPY --from=a /x /y\n', 'dl3023'));
    assert.ok(has('FROM debian:12 AS a\nFROM debian:12 AS a\n', 'dl3024'));
    assert.ok(!has('FROM debian:12 AS a\nFROM debian:12 AS b\n', 'dl3024'));
  });
  it('dl3009 only in the stages whose image is the final one', () => {
    assert.ok(!has('FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=12\nFROM debian:12\nCOPY --from=build /a /a\n', 'dl3009'));
    assert.ok(has('FROM debian:12 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=12\nFROM base\n', 'dl3009'));
  });
  it('UndefinedArgInFrom (did you mean), InvalidDefaultArgInFrom, UndefinedVar (a typo), FromAsCasing, ReservedStageName', () => {
    const [undefinedArg] = lint('ARG VERSION=3.20\nFROM alpine:${VERSON}\n');
    assert.equal(undefinedArg.code, 'buildkit-undefined-arg-in-from');
    assert.match(undefinedArg.message, /Did you mean "VERSION"\?/);
    assert.ok(!has('FROM --platform=$BUILDPLATFORM alpine:3.20\n', 'buildkit-undefined-arg-in-from'));
    assert.ok(has('ARG TAG\nFROM alpine:${TAG}\n', 'buildkit-invalid-default-arg-in-from'));
    assert.ok(!has('ARG TAG=3.20\nFROM alpine:${TAG}\n', 'buildkit-invalid-default-arg-in-from'));
    assert.ok(has('FROM debian:12\nARG APP_HOME=/app\nWORKDIR $APP_HOM\n', 'buildkit-undefined-var'));
    assert.ok(!has('FROM debian:12\nARG APP_HOME=/app\nWORKDIR $APP_HOME\nENV PATH=$PATH:/x\n', 'buildkit-undefined-var'));
    assert.ok(has('FROM scratch\nCOPY $NOPE /x\n', 'buildkit-undefined-var'));
    // The base image's environment (#94): ingress-nginx's test-runner (`ENV PATH=$GOPATH/bin:...:$PATH` after its own
    // GOPATH, on a base given by an ARG) and GOPATH under FROM golang, through a stage; a name no image sets still counts.
    assert.ok(!has('ARG BASE_IMAGE=alpine\nFROM ${BASE_IMAGE}\nENV GOPATH=/go\nENV PATH=$GOPATH/bin:/usr/local/go/bin:$PATH\n', 'buildkit-undefined-var'));
    assert.ok(!has('FROM golang:1.22-alpine AS build\nFROM build\nWORKDIR $GOPATH/src\nENV GO=$GOLANG_VERSION\n', 'buildkit-undefined-var'));
    assert.ok(has('FROM debian:12\nENV GOPATHS=/go\nWORKDIR $GOPATH\n', 'buildkit-undefined-var'));
    assert.ok(has('FROM debian:12 as build\n', 'buildkit-from-as-casing'));
    assert.ok(!has('FROM debian:12 AS build\nfrom debian:12 as other\n', 'buildkit-from-as-casing'));
    assert.ok(has('FROM debian:12 AS scratch\n', 'buildkit-reserved-stage-name'));
    // BuildKit's wording and places: the stage name, the --platform value, the last line of a continued instruction.
    const found = lint('FROM --platform=linux/amd64 debian:12 AS Build\nexpose 80/TCP\nRUN a \\\n\n  && b\n').map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]);
    assert.deepEqual(found.filter((f) => String(f[0]).startsWith('buildkit-')).sort(), [
      ['buildkit-consistent-instruction-casing', 1, 0, 'Command \'expose\' should match the case of the command majority (uppercase)'],
      ['buildkit-expose-proto-casing', 1, 0, 'Defined protocol \'80/TCP\' in EXPOSE instruction should be lowercase'],
      ['buildkit-from-platform-flag-const-disallowed', 0, 16, 'FROM --platform flag should not use constant value "linux/amd64"'],
      ['buildkit-no-empty-continuation', 4, 0, 'Empty continuation line'],
      ['buildkit-stage-name-casing', 0, 41, 'Stage name \'Build\' should be lowercase'],
    ]);
    // Experimental in BuildKit: only when the file asks for it.
    const described = '# check=experimental=InvalidDefinitionDescription\n# the version\nARG VERSION=1\n# base the base\nFROM debian:12 AS base\n# a b\nARG A B\n';
    assert.deepEqual(lint(described).filter((d) => d.code === 'buildkit-invalid-definition-description').map((d) => [d.range.start.line, d.message]), [
      [2, 'Comment for ARG should follow the format: `# VERSION <description>`'],
      [6, 'Comment for ARG should follow the format: `# <arg_key> <description>`'],
    ]);
    assert.deepEqual(codes('# check=skip=StageNameCasing,ExposeProtoCasing\nFROM debian:12 AS Build\nEXPOSE 80/TCP\n'), []);
  });
  it('heredocs are read as scripts; a heredoc COPY is not a path', () => {
    const text = 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\nCOPY <<EOF /etc/motd\nhello | world\nEOF\n';
    assert.deepEqual(codes(text).sort(), ['dl3008', 'dl3015']);
    assert.deepEqual(readShell('a | b && c || d; e\nf $(g)').commands.map((c) => c.name), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });
  it('honours # hadolint ignore=, # hadolint global ignore=, .hadolint.yaml and # check=skip=', () => {
    assert.deepEqual(codes('FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'), []);
    assert.deepEqual(codes('# hadolint global ignore=DL3006\nFROM debian\n'), []);
    assert.deepEqual(codes('FROM debian\n', { '.hadolint.yaml': 'ignored:\n  - DL3006\n' }), []);
    assert.deepEqual(codes('# check=skip=JSONArgsRecommended,SecretsUsedInArgOrEnv\nFROM debian:12\nARG TOKEN\nCMD run\n'), []);
    assert.deepEqual(codes('# check=skip=all\nFROM debian:12\nARG TOKEN\n'), []);
  });
  it('honours # archipel-ignore <id> above or on the instruction, in any case, and only for the ids it names', () => {
    const install = 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*';
    assert.deepEqual(codes(`FROM debian:12\n${install}\n`).sort(), ['dl3008', 'dl3015']);
    assert.deepEqual(codes(`FROM debian:12\n# archipel-ignore dl3008\n${install}\n`), ['dl3015']);
    assert.deepEqual(codes(`FROM debian:12\n# archipel-ignore DL3008, DL3015\n${install}\n`), []);
    assert.deepEqual(codes(`FROM debian:12\n# why: pinned by the base image\n# archipel-ignore dl3008 dl3015\n${install}\n`), []);
    assert.deepEqual(codes(`FROM debian:12\n${install} # archipel-ignore dl3015\n`), ['dl3008']);
    // A pragma naming another rule, or above a blank line, silences nothing here.
    assert.deepEqual(codes(`FROM debian:12\n# archipel-ignore dl3009\n${install}\n`).sort(), ['dl3008', 'dl3015']);
    assert.deepEqual(codes(`FROM debian:12\n# archipel-ignore dl3008\n\n${install}\n`).sort(), ['dl3008', 'dl3015']);
    // hadolint's pragma covers the next instruction only; BuildKit's ids by their Archipel names too.
    assert.deepEqual(codes(`FROM debian:12\n# hadolint ignore=DL3008\n${install}\n${install}\n`).sort(), ['dl3008', 'dl3015', 'dl3015']);
    assert.deepEqual(codes('FROM debian:12 as build\n'), ['buildkit-from-as-casing']);
    assert.deepEqual(codes('# archipel-ignore buildkit-from-as-casing\nFROM debian:12 as build\n'), []);
  });
  it('dockerfile-utils\' syntax checks', () => {
    assert.deepEqual(lint('FROM debian:12\nEXPOSE 80/tcpp\nFOO bar\n').map((d) => [d.code, d.range.start.line]), [['dockerfile-syntax', 1], ['dockerfile-syntax', 2]]);
  });
  it('an indented first instruction using a variable is checked (dockerfile-ast resolved its variable forever: "Maximum call stack size exceeded")', () => {
    assert.deepEqual(lint('  RUN echo ${A}\nFROM alpine:3.19\n').map((d) => [d.code, d.message, d.range.start.line, d.range.start.character, d.range.end.character]), [['dockerfile-syntax', 'No source image provided with `FROM`', 0, 2, 5]]);
  });
  it('recognises Dockerfiles by name', () => {
    assert.deepEqual(['Dockerfile', 'api.Dockerfile', 'Dockerfile.prod', 'Containerfile', 'dockerfile', 'Dockerfiles.md', 'x.dockerfile.yaml'].map((n) => isDockerfile(`file:///p/${n}`)), [true, true, true, true, true, false, false]);
    // Templates that render into a Dockerfile (Molecule's Dockerfile.j2) are not checked as one.
    assert.deepEqual(['Dockerfile.j2', 'Dockerfile.jinja2', 'Dockerfile.tmpl', 'Containerfile.tpl', 'Dockerfile.prod.j2'].map((n) => isDockerfile(`file:///p/${n}`)), [false, false, false, false, false]);
  });
});

describe('Dockerfile: across the repository', () => {
  it('COPY sources missing from the build context a Compose service gives, or ignored by .dockerignore', () => {
    const text = 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY src/ ./src/\nCOPY secrets.env ./\nCOPY missing.txt ./\nCOPY *.py ./\nCOPY --from=python:3.12 /x /y\n';
    const compose = 'services:\n  api:\n    build:\n      context: ./app\n      dockerfile: ../docker/Dockerfile\n    ports: ["8000:8000"]\n';
    const disk = { 'app/requirements.txt': '', 'app/src/main.py': '', 'app/secrets.env': '', 'app/.dockerignore': '*.env\n', 'docker/Dockerfile': text, 'compose.yaml': compose };
    const found = lint(text, disk, { 'compose.yaml': compose }, 'file:///p/docker/Dockerfile').filter((d) => ['dockerfile-missing-source', 'buildkit-copy-ignored-file', 'dockerfile-expose-mismatch'].includes(String(d.code)));
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line]), [['buildkit-copy-ignored-file', 4], ['dockerfile-missing-source', 5]]);
    assert.match(found[1].message, /build context app \(service "api"\)/);
    // Without a Compose service: the Dockerfile's folder.
    assert.deepEqual(lint('FROM python:3.12\nWORKDIR /a\nCOPY x.txt ./\n', {}).map((d) => d.code), ['dockerfile-missing-source']);
  });
  it('COPY sources against the context a GitHub Actions step gives, when no Compose service builds the Dockerfile', () => {
    const text = 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY services/api/main.py ./\nCOPY nowhere.txt ./\n';
    // The Dockerfile lives in docker/, the workflow builds it from the repository's root.
    const disk = { 'requirements.txt': '', 'services/api/main.py': '' };
    const action = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Build\n        uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: docker/Dockerfile\n          push: false\n';
    const viaAction = lint(text, disk, { '.github/workflows/image.yml': action }, 'file:///p/docker/Dockerfile').filter((d) => d.code === 'dockerfile-missing-source');
    assert.deepEqual(viaAction.map((d) => [d.range.start.line, d.severity]), [[4, 1]]);
    assert.match(viaAction[0].message, /nowhere\.txt.*build context p \(workflow step "image \/ Build"\)/);
    // A run: line, continued, with flags taking values and a working-directory.
    const run = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        working-directory: services\n    steps:\n      - run: |\n          docker buildx build --platform linux/amd64 \\\n            -t api:ci -f ../docker/Dockerfile --build-arg V=1 ..\n';
    const viaRun = lint(text, disk, { '.github/workflows/ci.yaml': run }, 'file:///p/docker/Dockerfile').filter((d) => d.code === 'dockerfile-missing-source');
    assert.deepEqual(viaRun.map((d) => [d.range.start.line, d.severity]), [[4, 1]]);
    assert.match(viaRun[0].message, /workflow step "image \/ step 1"/);
    // The step builds another Dockerfile: the Dockerfile's folder again (a warning; requirements.txt found above it is not reported).
    const other = lint(text, disk, { '.github/workflows/ci.yaml': run.replace('../docker/Dockerfile', '../other/Dockerfile') }, 'file:///p/docker/Dockerfile').filter((d) => d.code === 'dockerfile-missing-source');
    assert.deepEqual(other.map((d) => [d.range.start.line, d.severity]), [[4, 2]]);
    // A Compose service building it wins over the workflow.
    const compose = 'services:\n  api:\n    build:\n      context: ./services\n      dockerfile: ../docker/Dockerfile\n';
    const viaCompose = lint(text, { ...disk, 'services/requirements.txt': '' }, { '.github/workflows/image.yml': action, 'compose.yaml': compose }, 'file:///p/docker/Dockerfile').filter((d) => d.code === 'dockerfile-missing-source');
    assert.deepEqual(viaCompose.map((d) => d.range.start.line), [3, 4]);
  });
  it('COPY sources an earlier step of the job downloads as an artifact are made by the job, not missing (#94)', () => {
    // The reduction of a release job: the binaries another job uploaded are downloaded into dist/ before the image is built.
    const text = 'FROM alpine:3.20\nCOPY dist/linux-amd64/app /usr/local/bin/app\nCOPY build /srv\nCOPY nowhere.txt /\n';
    const disk = { Dockerfile: text };
    const job = (download: string) => `on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${download}      - uses: docker/build-push-action@v6\n        with:\n          context: .\n`;
    const missing = (workflow: string) => lint(text, disk, { '.github/workflows/release.yml': workflow }, 'file:///p/Dockerfile').filter((d) => d.code === 'dockerfile-missing-source').map((d) => d.range.start.line);
    assert.deepEqual(missing(job('')), [1, 2, 3]);
    assert.deepEqual(missing(job('      - uses: actions/download-artifact@v4\n        with:\n          name: binaries\n          path: dist\n')), [2, 3]);
    // Without a path, the artifact lands in the workspace: any source may come from it.
    assert.deepEqual(missing(job('      - uses: actions/download-artifact@v4\n        with:\n          pattern: "*"\n')), []);
    // A download after the build does not count.
    assert.deepEqual(missing(`${job('')}      - uses: actions/download-artifact@v4\n        with:\n          path: dist\n`), [1, 2, 3]);
  });
  it("a COPY source a makefile of the context names is made by make: not read, not missing (thanos-io/thanos' Dockerfile and docker target, Apache-2.0; #94)", () => {
    const thanos = (name: string) => readFileSync(path.join(fixturesDir, 'oss', 'thanos', name), 'utf8');
    const text = thanos('Dockerfile');
    const sources = (disk: Record<string, string>) => lint(text, disk).filter((d) => d.code === 'dockerfile-missing-source' || d.code === 'dockerfile-source-not-read').map((d) => [d.range.start.line, d.code, d.severity, d.message]);
    assert.deepEqual(sources({ Dockerfile: text, Makefile: thanos('Makefile') }), [[11, 'dockerfile-source-not-read', 3, 'COPY source "/thanos_tmp_for_docker" is not in the repository: Makefile names it (make produces it before the build); not read.']]);
    // Without the makefile, the source is missing from the Dockerfile's folder; a makefile naming a longer name does not name it.
    assert.deepEqual(sources({ Dockerfile: text }).map((f) => [f[1], f[2]]), [['dockerfile-missing-source', 2]]);
    assert.deepEqual(sources({ Dockerfile: text, Makefile: 'docker:\n\tcp x thanos_tmp_for_docker.old\n' }).map((f) => f[1]), ['dockerfile-missing-source']);
    // A makefile of a folder above the context names it by its path from there.
    const nested = lint('FROM alpine:3.20\nCOPY bin/manager /manager\n', { Makefile: 'build:\n\tgo build -o docker/bin/manager ./cmd\n' }, {}, 'file:///p/docker/Dockerfile').filter((d) => d.code === 'dockerfile-missing-source' || d.code === 'dockerfile-source-not-read');
    assert.deepEqual(nested.map((d) => d.message), ['COPY source "bin/manager" is not in the repository: ../Makefile names it (make produces it before the build); not read.']);
  });
  it("a COPY source a file the makefile includes names is made by make (cert-manager's Containerfiles and make/containers.mk, Apache-2.0; #94)", () => {
    const cm = (name: string) => readFileSync(path.join(fixturesDir, 'oss', 'cert-manager', name), 'utf8');
    // The root Makefile includes make/02_mod.mk, which includes make/containers.mk: its recipes stage each binary and licence into a build context.
    const disk = { Makefile: cm('Makefile'), 'make/02_mod.mk': cm('make/02_mod.mk'), 'make/containers.mk': cm('make/containers.mk') };
    for (const binary of ['acmesolver', 'cainjector', 'controller', 'startupapicheck', 'webhook']) {
      const name = `hack/containers/Containerfile.${binary}`;
      const sources = (files: Record<string, string>) => lint(cm(name), { ...files, [name]: cm(name) }, {}, `file:///p/${name}`).filter((d) => d.code === 'dockerfile-missing-source' || d.code === 'dockerfile-source-not-read');
      assert.deepEqual(sources(disk).map((d) => [d.range.start.line, d.code, d.severity, d.message]), [
        [20, 'dockerfile-source-not-read', 3, `COPY source "${binary}" is not in the repository: ../../make/containers.mk names it (make produces it before the build); not read.`],
        [21, 'dockerfile-source-not-read', 3, 'COPY source "cert-manager.license" is not in the repository: ../../make/containers.mk names it (make produces it before the build); not read.'],
        [22, 'dockerfile-source-not-read', 3, 'COPY source "cert-manager.licenses_notice" is not in the repository: ../../make/containers.mk names it (make produces it before the build); not read.'],
      ], name);
      // The Makefile alone (its includes not in the repository): 3 sources missing, as before.
      assert.deepEqual(sources({ Makefile: cm('Makefile') }).map((d) => d.code), ['dockerfile-missing-source', 'dockerfile-missing-source', 'dockerfile-missing-source'], name);
    }
  });
  it('reads docker build commands from run: scripts', () => {
    assert.deepEqual(dockerBuildsInScript('set -e\ndocker build -t x:1 --file=Dockerfile.prod ctx && docker push x:1\npodman build .\ndocker build -t y $CTX\ndocker image build -fD2 -t "z:$V" sub | tee log\n'), [{ file: 'Dockerfile.prod', context: 'ctx', tags: ['x:1'] }, { context: '.', tags: [] }, { file: 'D2', context: 'sub', tags: [] }]);
  });
  it('EXPOSE against the Compose service\'s container ports', () => {
    const compose = 'services:\n  api:\n    build: .\n    ports: ["5000:8080"]\n';
    const found = lint('FROM python:3.12\nEXPOSE 5000\n', { Dockerfile: '' }, { 'compose.yaml': compose });
    assert.deepEqual(found.map((d) => d.code), ['dockerfile-expose-mismatch']);
    assert.match(found[0].message, /container port 8080/);
  });
  it('the final stage runs as root when USER is set only in an earlier stage, with a quick fix', () => {
    const text = 'FROM python:3.12 AS build\nUSER app\nFROM python:3.12-slim\nCMD ["python"]\n';
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const file = index.update('file:///p/Dockerfile', text);
    const diagnostics = diagnoseFile(file, [dockerfileFeature(fakeDisk({}), { compose: composeFace, kubernetes: kubernetesFace })], { index, settings: defaultSettings, isCancelled: () => false });
    const root = diagnostics.find((d) => d.code === 'dockerfile-final-root');
    assert.ok(root);
    assert.equal(root.range.start.line, 2);
    const [fix] = dockerfileQuickFixes(file, [root]);
    assert.deepEqual(fix.edit?.changes?.['file:///p/Dockerfile'], [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'USER 10001\n' }]);
    assert.ok(!has('FROM python:3.12 AS build\nUSER app\nFROM build\n', 'dockerfile-final-root'));
  });
  it('a final image with no USER in any of its stages runs as root (trivy DS002, checkov CKV_DOCKER_3), with the add-USER quick fix', () => {
    // trivy's DS002 test: no USER at all is reported; checkov's CKV_DOCKER_3 likewise.
    const { file, diagnostics } = diagnosed('FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n');
    const noUser = diagnostics.filter((d) => d.code === 'dockerfile-no-user');
    assert.deepEqual(noUser.map((d) => [d.range.start.line, d.message]), [[2, 'No USER in the final image: the container runs as root. Add USER with a non-root user before CMD or ENTRYPOINT.']]);
    const [fix] = dockerfileQuickFixes(file, noUser);
    assert.deepEqual(fix.edit?.changes?.['file:///p/Dockerfile'], [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: 'USER 10001\n' }]);
    // A USER in the final stage or a stage it builds on, or a base tagged non-root: no report.
    assert.ok(userless('FROM alpine:3.20\nCMD ["sh"]\n'));
    assert.ok(!userless('FROM alpine:3.20 AS base\nUSER app\nFROM base\nCMD ["sh"]\n'));
    assert.ok(!userless('FROM gcr.io/distroless/static:nonroot\nCOPY app /app\n'));
    assert.ok(!userless('FROM alpine:3.20\nUSER 10001\n'));
  });
});

describe('Dockerfile: against the Kubernetes containers running its image', () => {
  const compose = 'services:\n  api:\n    build: .\n    image: ghcr.io/acme/api:1.4.0\n';
  const deployment = (securityContext: string, image = 'ghcr.io/acme/api:1.5.2') => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n${securityContext}      containers:\n        - name: api\n          image: ${image}\n          ports:\n            - containerPort: 8080\n`;
  const k8s = (text: string, others: Record<string, string>) => lint(text, { Dockerfile: '' }, { 'compose.yaml': compose, ...others }).filter((d) => String(d.code).startsWith('dockerfile-k8s')).map((d) => [d.code, d.message]);
  it('EXPOSE against containerPort, USER against runAsNonRoot (by the image\'s repository, any tag)', () => {
    const nonRoot = '      securityContext:\n        runAsNonRoot: true\n';
    assert.deepEqual(k8s('FROM debian:12\nEXPOSE 5000\n', { 'k8s/deploy.yaml': deployment(nonRoot) }), [
      ['dockerfile-k8s-port', 'Deployment api (container "api") listens on containerPort 8080, which this Dockerfile does not EXPOSE (5000).'],
      ['dockerfile-k8s-user', 'Deployment api (container "api") requires runAsNonRoot, but this image runs as root: the kubelet refuses to start it. Set a non-root USER.'],
    ]);
    assert.deepEqual(k8s('FROM debian:12\nUSER app\nEXPOSE 8080\n', { 'k8s/deploy.yaml': deployment(nonRoot) }).map(([code]) => code), ['dockerfile-k8s-user']);
    assert.deepEqual(k8s('FROM debian:12\nUSER 10001\nEXPOSE 8080\n', { 'k8s/deploy.yaml': deployment(nonRoot) }), []);
    assert.deepEqual(k8s('FROM debian:12\n', { 'k8s/deploy.yaml': deployment('      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n') }), []);
    assert.deepEqual(k8s('FROM debian:12\nEXPOSE 5000\n', { 'k8s/deploy.yaml': deployment(nonRoot, 'ghcr.io/acme/other:1.0') }), []);
  });
  it('the image a GitHub Actions step tags the build as links it too (build-push-action tags:, docker build -t)', () => {
    const nonRoot = '      securityContext:\n        runAsNonRoot: true\n';
    const viaWorkflow = (workflow: string) => lint('FROM debian:12\nEXPOSE 5000\n', {}, { '.github/workflows/ci.yml': workflow, 'k8s/deploy.yaml': deployment(nonRoot) }).filter((d) => String(d.code).startsWith('dockerfile-k8s')).map((d) => d.code);
    const step = (inputs: string) => `on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n${inputs}`;
    assert.deepEqual(viaWorkflow(step('          tags: |\n            ghcr.io/acme/api:${{ github.sha }}\n            ghcr.io/acme/api:1.5.2\n')), ['dockerfile-k8s-port', 'dockerfile-k8s-user']);
    assert.deepEqual(viaWorkflow(step('          tags: ghcr.io/acme/api:ci,ghcr.io/acme/api:latest\n')), ['dockerfile-k8s-port', 'dockerfile-k8s-user']);
    assert.deepEqual(viaWorkflow('on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --tag=ghcr.io/acme/api:dev .\n'), ['dockerfile-k8s-port', 'dockerfile-k8s-user']);
    // Another image, or a tag made of expressions only: no link.
    assert.deepEqual(viaWorkflow(step('          tags: ghcr.io/acme/other:1\n')), []);
    assert.deepEqual(viaWorkflow(step('          tags: ${{ steps.meta.outputs.tags }}\n')), []);
  });
});

describe('Dockerfile: editing', () => {
  function fileOf(text: string) {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const file = index.update('file:///p/Dockerfile', text);
    return { file, diagnostics: diagnoseFile(file, [dockerfileFeature(fakeDisk({}), { compose: composeFace, kubernetes: kubernetesFace })], { index, settings: defaultSettings, isCancelled: () => false }) };
  }
  it('quick fixes: --no-install-recommends, apt lists cleanup, JSON form', () => {
    const { file, diagnostics } = fileOf('FROM debian:12\nRUN apt-get update && apt-get install -y curl=8\nCMD node server.js\n');
    const fixes = dockerfileQuickFixes(file, diagnostics).map((a) => [a.title, JSON.stringify(a.edit?.changes?.['file:///p/Dockerfile'])]);
    assert.deepEqual(fixes, [
      ['Add --no-install-recommends to apt-get install', '[{"range":{"start":{"line":1,"character":37},"end":{"line":1,"character":37}},"newText":" --no-install-recommends"}]'],
      ['Remove the apt lists at the end of this RUN', '[{"range":{"start":{"line":1,"character":47},"end":{"line":1,"character":47}},"newText":" \\\\\\n    && rm -rf /var/lib/apt/lists/*"}]'],
      ['Use the JSON form', '[{"range":{"start":{"line":2,"character":4},"end":{"line":2,"character":18}},"newText":"[\\"node\\", \\"server.js\\"]"}]'],
      ['Run the final stage as a non-root user (USER 10001)', '[{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}},"newText":"USER 10001\\n"}]'],
    ]);
  });
  it('completes stage names after --from= and goes to the stage', () => {
    const { text, offset } = cursor('FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=bu| /out /out\n');
    const { file } = fileOf(text);
    assert.deepEqual(dockerfileCompletion(file, offset).map((i) => i.label), ['build']);
    const full = fileOf(text.replace('--from=bu ', '--from=build ')).file;
    assert.deepEqual(dockerfileDefinition(full, offset).map((l) => l.range.start), [{ line: 0, character: 20 }]);
    assert.deepEqual(dockerfileSymbols(file).map((s) => s.name), ['build', 'stage 1']);
  });
});
