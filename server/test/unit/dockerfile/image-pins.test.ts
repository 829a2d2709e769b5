// "Pin an image": an image with no tag or tagged latest (compose-image-tag, hadolint's DL3006 and
// DL3007, k8s-image-tag) gets a quick fix pinning it to the tag or digest the same image has elsewhere in the
// workspace, only when that pin is the only one.
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { composeFeature } from '../../../src/compose/feature';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { codeActionsFor, diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { composeEngine, fakeDisk } from '../../containers';
import { allFeatures } from '../../helpers';
import { knownPinWith } from '../../../src/dockerfile/pins';

const codes = new Set(['compose-image-tag', 'dl3006', 'dl3007', 'k8s-image-tag']);

/** For each unpinned-image diagnostic of `target`: its line and the quick fixes offered, as [title, line, start, end, new text]. */
function pinFixes(files: Record<string, string>, target: string, every = false): [number, [string, number, number, number, string][]][] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const uri = `file:///p/${target}`;
  const file = index.current(uri)!;
  const disk = fakeDisk(files);
  const features = every ? allFeatures() : [composeFeature(composeEngine, disk, knownPinWith(composeFace)), dockerfileFeature(disk, { compose: composeFace, kubernetes: kubernetesFace })];
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return diagnoseFile(file, features, context)
    .filter((d) => codes.has(String(d.code)))
    .map((d: Diagnostic) => [
      d.range.start.line,
      codeActionsFor(file, d.range, [d], features, context).flatMap((a) => (a.edit?.changes?.[uri] ?? []).map((e): [string, number, number, number, string] => [a.title, e.range.start.line, e.range.start.character, e.range.end.character, e.newText])),
    ]);
}

describe('Pin an image: the quick fix of an unpinned image', () => {
  const compose = [
    'services:',
    '  web:',
    '    image: nginx',
    '  cache:',
    '    image: "redis:latest"',
    '  db:',
    '    image: postgres:latest',
    '  queue:',
    '    image: rabbitmq',
    '',
  ].join('\n');
  const files = {
    'compose.yaml': compose,
    // The pins the workspace knows: nginx and redis once each, postgres twice (ambiguous), rabbitmq none.
    'api/Dockerfile': 'FROM docker.io/library/nginx:1.27-alpine AS base\nFROM base\nUSER app\n',
    'cache/compose.yaml': 'services:\n  r:\n    image: redis:7.4@sha256:aaaa\n  p:\n    image: postgres:16\n',
    'db/Dockerfile': 'FROM postgres:15\nUSER postgres\n',
  };
  it('Compose: pins to the one tag or digest the workspace gives the same image (Docker Hub\'s spellings folded), quotes kept', () => {
    assert.deepEqual(pinFixes(files, 'compose.yaml'), [
      [2, [['Pin to "nginx:1.27-alpine", as elsewhere in the workspace', 2, 11, 16, 'nginx:1.27-alpine']]],
      [4, [['Pin to "redis:7.4@sha256:aaaa", as elsewhere in the workspace', 4, 11, 25, '"redis:7.4@sha256:aaaa"']]],
      // postgres is pinned to 16 in one place and 15 in another: no guess.
      [6, []],
      // rabbitmq is pinned nowhere.
      [8, []],
    ]);
  });
  it('Dockerfile: FROM with no tag (DL3006) or latest (DL3007), the stage name kept', () => {
    const withDockerfile = { ...files, 'web/Dockerfile': 'FROM nginx AS web\nUSER nginx\nFROM redis:latest\nUSER redis\n' };
    assert.deepEqual(pinFixes(withDockerfile, 'web/Dockerfile'), [
      [0, [['Pin to "nginx:1.27-alpine", as elsewhere in the workspace', 0, 5, 10, 'nginx:1.27-alpine']]],
      [2, [['Pin to "redis:7.4@sha256:aaaa", as elsewhere in the workspace', 2, 5, 17, 'redis:7.4@sha256:aaaa']]],
    ]);
  });
  it('Kubernetes: a container image with no tag or latest (k8s-image-tag) gets the same pin', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  selector:',
      '    matchLabels: { app: web }',
      '  template:',
      '    metadata:',
      '      labels: { app: web }',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx',
      '        - name: cache',
      '          image: "redis:latest"',
      '        - name: db',
      '          image: postgres',
      '',
    ].join('\n');
    const withManifest = { ...files, 'k8s/web.yaml': deployment };
    assert.deepEqual(pinFixes(withManifest, 'k8s/web.yaml', true), [
      [13, [['Pin to "nginx:1.27-alpine", as elsewhere in the workspace', 13, 17, 22, 'nginx:1.27-alpine']]],
      [15, [['Pin to "redis:7.4@sha256:aaaa", as elsewhere in the workspace', 15, 17, 31, '"redis:7.4@sha256:aaaa"']]],
      [17, []],
    ]);
  });
  it('offers nothing when the only other spelling has a variable', () => {
    const variable = { 'compose.yaml': 'services:\n  web:\n    image: nginx\n  other:\n    image: nginx:${TAG:-1.27}\n' };
    assert.deepEqual(pinFixes(variable, 'compose.yaml'), [[2, []]]);
  });
});
