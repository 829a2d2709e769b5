// The Dockerfile family's pure services: hadolint's rules (positive and negative cases from
// hadolint's documentation and tests), BuildKit's checks, heredocs, cache mounts, ignore pragmas,
// repository-aware checks, quick fixes and navigation.
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { dockerfileCompletion, dockerfileDefinition, dockerfileFeature, dockerfileQuickFixes, dockerfileSymbols } from '../../src/dockerfile/feature';
import { isDockerfile } from '../../src/dockerfile/model';
import { readShell } from '../../src/dockerfile/shell';
import { diagnoseFile, indexOptions } from '../../src/service';
import { defaultSettings } from '../../src/settings';
import { WorkspaceIndex } from '../../src/workspace/index';
import { cursor } from '../helpers';
import { fakeDisk } from '../containers';

type Found = Diagnostic & { message: string };

function lint(text: string, disk: Record<string, string> = {}, others: Record<string, string> = {}, uri = 'file:///p/Dockerfile'): Found[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, body] of Object.entries(others)) index.update(`file:///p/${name}`, body);
  const file = index.update(uri, text);
  return diagnoseFile(file, [dockerfileFeature(fakeDisk(disk))], { index, settings: defaultSettings, isCancelled: () => false }) as Found[];
}

const codes = (text: string, disk: Record<string, string> = {}) => lint(text, disk).map((d) => String(d.code));
const has = (text: string, code: string, disk: Record<string, string> = {}) => codes(text, disk).includes(code);

/** Each rule: texts that trigger it and texts that do not (after a clean FROM). */
const cases: Record<string, { bad: string[]; good: string[] }> = {
  DL3000: { bad: ['WORKDIR usr/src/app'], good: ['WORKDIR /usr/src/app', 'WORKDIR $HOME/app', 'WORKDIR "/a b"'] },
  DL3002: { bad: ['USER foo\nUSER root', 'USER 0:0'], good: ['USER root\nRUN x\nUSER app', 'USER app'] },
  DL3003: { bad: ['RUN cd /usr/src/app && git pull'], good: ['WORKDIR /usr/src/app\nRUN git pull', 'RUN echo cd'] },
  DL3004: { bad: ['RUN sudo apt-get install -y --no-install-recommends x=1 && rm -rf /var/lib/apt/lists/*'], good: ['RUN echo sudo'] },
  DL3008: { bad: ['RUN apt-get install -y --no-install-recommends python && rm -rf /var/lib/apt/lists/*'], good: ['RUN apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get install -y --no-install-recommends ./x.deb && rm -rf /var/lib/apt/lists/*'] },
  DL3009: { bad: ['RUN apt-get update && apt-get install -y --no-install-recommends python=2.7'], good: ['RUN apt-get update && apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends python=2.7', 'RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends python=2.7'] },
  DL3011: { bad: ['EXPOSE 80000', 'EXPOSE 80 65536/udp'], good: ['EXPOSE 65535', 'EXPOSE 80/tcp 443'] },
  DL3013: { bad: ['RUN pip install --no-cache-dir django', 'RUN python -m pip install --no-cache-dir flask'], good: ['RUN pip install --no-cache-dir django==1.9', 'RUN pip install --no-cache-dir -r requirements.txt', 'RUN pip install --no-cache-dir .', 'RUN pip install --no-cache-dir "requests>=2"'] },
  DL3014: { bad: ['RUN apt-get install --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*'], good: ['RUN apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get -qq install --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get install --yes --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*'] },
  DL3015: { bad: ['RUN apt-get install -y python=2.7 && rm -rf /var/lib/apt/lists/*'], good: ['RUN apt-get install -y --no-install-recommends python=2.7 && rm -rf /var/lib/apt/lists/*', 'RUN apt-get -o APT::Install-Recommends=false install -y python=2.7 && rm -rf /var/lib/apt/lists/*'] },
  DL3016: { bad: ['RUN npm install express', 'RUN npm i -g @angular/cli'], good: ['RUN npm install', 'RUN npm install express@4.1.1', 'RUN npm install -g @angular/cli@17', 'RUN npm install git+https://github.com/a/b.git', 'RUN npm ci'] },
  DL3018: { bad: ['RUN apk add --no-cache python3'], good: ['RUN apk add --no-cache python3=3.12.1-r0', 'RUN apk add --no-cache --virtual .deps gcc=13.2.1-r0'] },
  DL3019: { bad: ['RUN apk add python3=3.12.1-r0'], good: ['RUN apk add --no-cache python3=3.12.1-r0', 'RUN --mount=type=cache,target=/var/cache/apk apk add python3=3.12.1-r0', 'RUN apk update'] },
  DL3020: { bad: ['ADD requirements.txt /usr/src/app/'], good: ['COPY requirements.txt /usr/src/app/', 'ADD https://example.com/a.tar.gz /tmp/', 'ADD rootfs.tar.xz /'] },
  DL3021: { bad: ['COPY a b c'], good: ['COPY a b c/', 'COPY a b'] },
  DL3022: { bad: ['COPY --from=builder /a /b'], good: ['COPY --from=nginx:1.27 /etc/nginx /etc/nginx', 'COPY --from=0 /a /b'] },
  DL3025: { bad: ['CMD node server.js', 'ENTRYPOINT /bin/app'], good: ['CMD ["node", "server.js"]', 'ENTRYPOINT ["/bin/app"]'] },
  DL3027: { bad: ['RUN apt install -y python'], good: ['RUN apt-cache policy python'] },
  DL3042: { bad: ['RUN pip install django==1.9'], good: ['RUN pip install --no-cache-dir django==1.9', 'RUN --mount=type=cache,target=/root/.cache/pip pip install django==1.9', 'ENV PIP_NO_CACHE_DIR=1\nRUN pip install django==1.9'] },
  DL3044: { bad: ['ENV A=1 B=$A'], good: ['ENV A=1\nENV B=$A', 'ENV PATH=$PATH:/x'] },
  DL3045: { bad: ['COPY app.py app/'], good: ['WORKDIR /src\nCOPY app.py app/', 'COPY app.py /src/app/', 'COPY app.py .'] },
  DL3059: { bad: ['RUN echo a\nRUN echo b'], good: ['RUN echo a && echo b', 'RUN echo a\nENV X=1\nRUN echo b', 'RUN echo a\nRUN --mount=type=secret,id=t cat /run/secrets/t'] },
  DL4000: { bad: ['MAINTAINER me@example.com'], good: ['LABEL org.opencontainers.image.authors="me@example.com"'] },
  DL4001: { bad: ['RUN curl -fsSL https://a.example -o a\nENV X=1\nRUN wget https://b.example'], good: ['RUN curl -fsSL https://a.example -o a'] },
  DL4003: { bad: ['CMD ["a"]\nCMD ["b"]'], good: ['CMD ["b"]'] },
  DL4004: { bad: ['ENTRYPOINT ["a"]\nENTRYPOINT ["b"]'], good: ['ENTRYPOINT ["b"]'] },
  DL4006: { bad: ['RUN wget -O - https://some.site | wc -l > /number'], good: ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN wget -O - https://some.site | wc -l > /number', 'RUN set -o pipefail && wget -O - https://some.site | wc -l', 'RUN a || b'] },
  SecretsUsedInArgOrEnv: { bad: ['ARG GITHUB_TOKEN', 'ENV AWS_SECRET_ACCESS_KEY=x', 'ARG DB_PASSWORD'], good: ['ARG PUBLIC_KEY', 'ENV KEYBOARD=us', 'ARG TOKENIZERS_PARALLELISM=false'] },
  LegacyKeyValueFormat: { bad: ['ENV A 1', 'LABEL maintainer me'], good: ['ENV A=1', 'LABEL a=b'] },
  ExposeInvalidFormat: { bad: ['EXPOSE 127.0.0.1:80:80', 'EXPOSE 8080:80'], good: ['EXPOSE 80'] },
};

describe('Dockerfile: hadolint and BuildKit rules, positive and negative', () => {
  for (const [code, { bad, good }] of Object.entries(cases)) {
    it(code, () => {
      for (const body of bad) assert.ok(has(`FROM debian:12\n${body}\n`, code), `${code} expected on:\n${body}\ngot ${codes(`FROM debian:12\n${body}\n`).join(', ')}`);
      for (const body of good) assert.ok(!has(`FROM debian:12\n${body}\n`, code), `${code} not expected on:\n${body}`);
    });
  }
  it('DL3006, DL3007: untagged and latest base images; stages, scratch, digests and variables are fine', () => {
    assert.deepEqual(codes('FROM debian\n'), ['DL3006']);
    assert.deepEqual(codes('FROM debian:latest\n'), ['DL3007']);
    assert.deepEqual(codes('FROM debian:12 AS base\nFROM base\nFROM scratch\nFROM debian@sha256:abc\nARG IMG=x:1\nFROM ${IMG}\n').filter((c) => c.startsWith('DL300')), []);
  });
  it('DL3023 and DL3024: a stage copying from itself, a stage name used twice', () => {
    assert.ok(has('FROM debian:12 AS a\nCOPY --from=a /x /y\n', 'DL3023'));
    assert.ok(has('FROM debian:12 AS a\nFROM debian:12 AS a\n', 'DL3024'));
    assert.ok(!has('FROM debian:12 AS a\nFROM debian:12 AS b\n', 'DL3024'));
  });
  it('DL3009 only in the stages whose image is the final one', () => {
    assert.ok(!has('FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=12\nFROM debian:12\nCOPY --from=build /a /a\n', 'DL3009'));
    assert.ok(has('FROM debian:12 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=12\nFROM base\n', 'DL3009'));
  });
  it('UndefinedArgInFrom (did you mean), InvalidDefaultArgInFrom, UndefinedVar (a typo), FromAsCasing, ReservedStageName', () => {
    const [undefinedArg] = lint('ARG VERSION=3.20\nFROM alpine:${VERSON}\n');
    assert.equal(undefinedArg.code, 'UndefinedArgInFrom');
    assert.match(undefinedArg.message, /Did you mean "VERSION"\?/);
    assert.ok(!has('FROM --platform=$BUILDPLATFORM alpine:3.20\n', 'UndefinedArgInFrom'));
    assert.ok(has('ARG TAG\nFROM alpine:${TAG}\n', 'InvalidDefaultArgInFrom'));
    assert.ok(!has('ARG TAG=3.20\nFROM alpine:${TAG}\n', 'InvalidDefaultArgInFrom'));
    assert.ok(has('FROM debian:12\nARG APP_HOME=/app\nWORKDIR $APP_HOM\n', 'UndefinedVar'));
    assert.ok(!has('FROM debian:12\nARG APP_HOME=/app\nWORKDIR $APP_HOME\nENV PATH=$PATH:/x\n', 'UndefinedVar'));
    assert.ok(has('FROM scratch\nCOPY $NOPE /x\n', 'UndefinedVar'));
    assert.ok(has('FROM debian:12 as build\n', 'FromAsCasing'));
    assert.ok(!has('FROM debian:12 AS build\nfrom debian:12 as other\n', 'FromAsCasing'));
    assert.ok(has('FROM debian:12 AS scratch\n', 'ReservedStageName'));
  });
  it('heredocs are read as scripts; a heredoc COPY is not a path', () => {
    const text = 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\nCOPY <<EOF /etc/motd\nhello | world\nEOF\n';
    assert.deepEqual(codes(text).sort(), ['DL3008', 'DL3015']);
    assert.deepEqual(readShell('a | b && c || d; e\nf $(g)').commands.map((c) => c.name), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });
  it('honours # hadolint ignore=, # hadolint global ignore=, .hadolint.yaml and # check=skip=', () => {
    assert.deepEqual(codes('FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n'), []);
    assert.deepEqual(codes('# hadolint global ignore=DL3006\nFROM debian\n'), []);
    assert.deepEqual(codes('FROM debian\n', { '.hadolint.yaml': 'ignored:\n  - DL3006\n' }), []);
    assert.deepEqual(codes('# check=skip=JSONArgsRecommended,SecretsUsedInArgOrEnv\nFROM debian:12\nARG TOKEN\nCMD run\n'), []);
    assert.deepEqual(codes('# check=skip=all\nFROM debian:12\nARG TOKEN\n'), []);
  });
  it('dockerfile-utils\' syntax checks', () => {
    assert.deepEqual(lint('FROM debian:12\nEXPOSE 80/tcpp\nFOO bar\n').map((d) => [d.code, d.range.start.line]), [['dockerfile-syntax', 1], ['dockerfile-syntax', 2]]);
  });
  it('recognises Dockerfiles by name', () => {
    assert.deepEqual(['Dockerfile', 'api.Dockerfile', 'Dockerfile.prod', 'Containerfile', 'dockerfile', 'Dockerfiles.md', 'x.dockerfile.yaml'].map((n) => isDockerfile(`file:///p/${n}`)), [true, true, true, true, true, false, false]);
  });
});

describe('Dockerfile: across the repository', () => {
  it('COPY sources missing from the build context a Compose service gives, or ignored by .dockerignore', () => {
    const text = 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY src/ ./src/\nCOPY secrets.env ./\nCOPY missing.txt ./\nCOPY *.py ./\nCOPY --from=python:3.12 /x /y\n';
    const compose = 'services:\n  api:\n    build:\n      context: ./app\n      dockerfile: ../docker/Dockerfile\n    ports: ["8000:8000"]\n';
    const disk = { 'app/requirements.txt': '', 'app/src/main.py': '', 'app/secrets.env': '', 'app/.dockerignore': '*.env\n', 'docker/Dockerfile': text, 'compose.yaml': compose };
    const found = lint(text, disk, { 'compose.yaml': compose }, 'file:///p/docker/Dockerfile').filter((d) => ['dockerfile-missing-source', 'CopyIgnoredFile', 'dockerfile-expose-mismatch'].includes(String(d.code)));
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line]), [['CopyIgnoredFile', 4], ['dockerfile-missing-source', 5]]);
    assert.match(found[1].message, /build context app \(service "api"\)/);
    // Without a Compose service: the Dockerfile's folder.
    assert.deepEqual(lint('FROM python:3.12\nWORKDIR /a\nCOPY x.txt ./\n', {}).map((d) => d.code), ['dockerfile-missing-source']);
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
    const diagnostics = diagnoseFile(file, [dockerfileFeature(fakeDisk({}))], { index, settings: defaultSettings, isCancelled: () => false });
    const root = diagnostics.find((d) => d.code === 'dockerfile-final-root');
    assert.ok(root);
    assert.equal(root.range.start.line, 2);
    const [fix] = dockerfileQuickFixes(file, [root]);
    assert.deepEqual(fix.edit?.changes?.['file:///p/Dockerfile'], [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'USER 10001\n' }]);
    assert.ok(!has('FROM python:3.12 AS build\nUSER app\nFROM build\n', 'dockerfile-final-root'));
  });
});

describe('Dockerfile: editing', () => {
  function fileOf(text: string) {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const file = index.update('file:///p/Dockerfile', text);
    return { file, diagnostics: diagnoseFile(file, [dockerfileFeature(fakeDisk({}))], { index, settings: defaultSettings, isCancelled: () => false }) };
  }
  it('quick fixes: --no-install-recommends, apt lists cleanup, JSON form', () => {
    const { file, diagnostics } = fileOf('FROM debian:12\nRUN apt-get update && apt-get install -y curl=8\nCMD node server.js\n');
    const fixes = dockerfileQuickFixes(file, diagnostics).map((a) => [a.title, JSON.stringify(a.edit?.changes?.['file:///p/Dockerfile'])]);
    assert.deepEqual(fixes, [
      ['Add --no-install-recommends to apt-get install', '[{"range":{"start":{"line":1,"character":37},"end":{"line":1,"character":37}},"newText":" --no-install-recommends"}]'],
      ['Remove the apt lists at the end of this RUN', '[{"range":{"start":{"line":1,"character":47},"end":{"line":1,"character":47}},"newText":" \\\\\\n    && rm -rf /var/lib/apt/lists/*"}]'],
      ['Use the JSON form', '[{"range":{"start":{"line":2,"character":4},"end":{"line":2,"character":18}},"newText":"[\\"node\\", \\"server.js\\"]"}]'],
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
