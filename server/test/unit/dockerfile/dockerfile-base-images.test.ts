// A build node keeps its base image when a build argument names it (issue #95): docker-elk's Elasticsearch, built
// `FROM docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION}`, kept no `from` and was typed nothing;
// containerbase's `FROM build-${DISTRO}` was taken for an image `build-resolute`. Real Dockerfiles:
// server/test/fixtures/oss/dockerfile-bases/SOURCES.md, server/test/fixtures/oss/singles/SOURCES.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { argValues, baseReference } from '../../../src/dockerfile/baseImage';
import { dockerfileFacts } from '../../../src/dockerfile/facts';
import { systemContributors } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const bases = path.join(fixturesDir, 'oss', 'dockerfile-bases');
const read = (...parts: string[]) => readFileSync(path.join(bases, ...parts), 'utf8');

/** The base images the Dockerfile family keeps on a Dockerfile's build node. */
function fromOf(text: string): string[] | undefined {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  return dockerfileFacts(index.update('file:///ws/app/Dockerfile', text))?.from;
}

/** A FROM's image read with these global ARGs (name → default; undefined: no default). */
const resolved = (written: string, args: Record<string, string | undefined> = {}) => baseReference(written, argValues(new Map(Object.entries(args))));

describe('Dockerfile: the base image a build argument names (issue #95)', () => {
  it('docker-elk (fbf3041f): an ARG with no default gives the tag; the repository is kept, the tag as written', () => {
    assert.deepEqual(fromOf(read('deviantony+docker-elk', 'elasticsearch', 'Dockerfile')), ['docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION}']);
  });

  it('docker-elk (d409aa86): `${ELASTIC_VERSION:-9.5.1}` with no ARG default gives its word', () => {
    const text = readFileSync(path.join(fixturesDir, 'oss', 'singles', 'docker-elk', 'elasticsearch', 'Dockerfile'), 'utf8');
    assert.deepEqual(fromOf(text), ['docker.elastic.co/elasticsearch/elasticsearch:9.5.1']);
  });

  it('containerbase/php-prebuild: `FROM build-${DISTRO}` follows the stage the ARG default names to its image', () => {
    const text = read('containerbase+php-prebuild', 'Dockerfile');
    assert.deepEqual(fromOf(text), ['ghcr.io/containerbase/ubuntu:26.04@sha256:2260313b31c8c011cd2eebe728008efac1b3982be73eb71348ea2648d2c0e09b']);
    // Another default, another stage; no default (a build argument chooses): no stage and no image is guessed.
    assert.deepEqual(fromOf(text.replace('ARG DISTRO=resolute', 'ARG DISTRO=jammy')), ['ghcr.io/containerbase/ubuntu:22.04@sha256:2edbbc5dc405e9612ba3584ce95480277e3eb374407b5505fe26f17df77c7dbc']);
    assert.deepEqual(fromOf(text.replace('ARG DISTRO=resolute', 'ARG DISTRO')), []);
  });

  it('reads a FROM as a build without build arguments does', () => {
    assert.deepEqual(resolved('mysql:$MYSQL_VERSION', { MYSQL_VERSION: '8.4' }), { known: true, reference: 'mysql:8.4' });
    assert.deepEqual(resolved('eventuateio/eventuate-mysql8:$EVENTUATE_COMMON_VERSION', { EVENTUATE_COMMON_VERSION: undefined }), { known: false, reference: 'eventuateio/eventuate-mysql8:$EVENTUATE_COMMON_VERSION' });
    // A default using an earlier ARG; a word holding another expansion; a registry with its port.
    assert.deepEqual(resolved('${BASE}', { PYTHON_VERSION: '3.12', BASE: 'python:${PYTHON_VERSION}-slim' }), { known: true, reference: 'python:3.12-slim' });
    assert.deepEqual(resolved('node:${NODE:-${LTS:-22}}-alpine', { NODE: undefined }), { known: true, reference: 'node:22-alpine' });
    assert.deepEqual(resolved('localhost:5000/app:${TAG}', { TAG: undefined }), { known: false, reference: 'localhost:5000/app:${TAG}' });
    assert.deepEqual(resolved('redis@${DIGEST}'), { known: false, reference: 'redis@${DIGEST}' });
    // `:+` gives its word only when the ARG has a value.
    assert.deepEqual(resolved('alpine:3.20${SUFFIX:+-$SUFFIX}', { SUFFIX: '' }), { known: true, reference: 'alpine:3.20' });
    assert.deepEqual(resolved('alpine:3.20${SUFFIX:+-$SUFFIX}', { SUFFIX: 'slim' }), { known: true, reference: 'alpine:3.20-slim' });
    // The repository itself unknown: nothing (a stage chosen by the platform, an image a build argument names).
    assert.equal(resolved('build-${TARGETARCH}'), undefined);
    assert.equal(resolved('${BASE_IMAGE}', { BASE_IMAGE: undefined }), undefined);
    assert.equal(resolved('${REGISTRY}/library/postgres:16', { REGISTRY: undefined }), undefined);
    // An expansion never closed stays text.
    assert.deepEqual(resolved('alpine:${V'), { known: true, reference: 'alpine:${V' });
  });

  it('docker-elk: Elasticsearch built FROM Elastic\'s image is typed a search store, its tag given by a build argument or not', () => {
    const files = readTree(path.join(fixturesDir, 'oss', 'singles', 'docker-elk'));
    const elasticsearch = (dockerfile: string) => {
      const index = new WorkspaceIndex(indexOptions(defaultSettings));
      for (const [name, text] of Object.entries({ ...files, 'elasticsearch/Dockerfile': dockerfile })) index.update(`file:///ws/${name}`, text);
      const node = buildSystemModel(index, systemContributors(families)).nodes.find((n) => n.id === 'compose:file:///ws:elasticsearch');
      return `${node?.kind} ${node?.technology}`;
    };
    assert.equal(elasticsearch(files['elasticsearch/Dockerfile']), 'search Elasticsearch');
    assert.equal(elasticsearch(read('deviantony+docker-elk', 'elasticsearch', 'Dockerfile')), 'search Elasticsearch');
  });
});
