// A build context or Dockerfile a makefile produces before `docker compose build` is not in the repository: it is said
// not read (compose-source-not-read), not missing (compose-missing-path), as a Dockerfile's COPY source a makefile
// produces is (dockerfile-source-not-read): one decision, common/makefiles.ts (#94).
import { composeFace } from '../../../src/compose/api';
import assert from 'node:assert/strict';
import { composeFeature } from '../../../src/compose/feature';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { composeEngine, fakeDisk } from '../../containers';
import { knownPinWith } from '../../../src/dockerfile/pins';

function pathFindings(files: Record<string, string>): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const file = index.current('file:///p/deploy/compose.yaml')!;
  return diagnoseFile(file, [composeFeature(composeEngine, fakeDisk(files), knownPinWith(composeFace))], { index, settings: defaultSettings, isCancelled: () => false })
    .filter((d) => String(d.code).startsWith('compose-missing-path') || d.code === 'compose-source-not-read')
    .map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.severity} ${d.message}`);
}

// A reduction of the staging pattern of thanos-io/thanos' `docker` target (its Makefile copies the binaries into a folder
// before the build and removes it after), with Compose building from the staged folder.
const compose = [
  'services:',
  '  app:',
  '    build:',
  '      context: ../.build/docker',
  '  api:',
  '    build:',
  '      context: ../api',
  '      dockerfile: Dockerfile.generated',
  '  web:',
  '    build: ./web',
  '',
].join('\n');
const makefile = [
  '.PHONY: docker',
  'docker: build api/Dockerfile.generated',
  '\tmkdir -p .build/docker',
  '\tcp bin/app Dockerfile .build/docker/',
  '\tdocker compose -f deploy/compose.yaml build',
  '\trm -rf .build/docker',
  '',
  'api/Dockerfile.generated: api/Dockerfile.in',
  '\tsed -e "s/@VERSION@/$(VERSION)/" $< > $@',
  '',
].join('\n');

describe('Compose: build contexts a makefile produces', () => {
  it('a context and a Dockerfile the Makefile above names are not read (information), a context nothing makes is missing', () => {
    const files = { 'deploy/compose.yaml': compose, Makefile: makefile, 'api/Dockerfile.in': 'FROM alpine:3.20\n' };
    assert.deepEqual(pathFindings(files), [
      '4 compose-source-not-read 3 Build context "../.build/docker" of service "app" is not in the repository: ../Makefile names it (make produces it before the build); not read.',
      '8 compose-source-not-read 3 Dockerfile "Dockerfile.generated" of service "api" is not in the repository: ../Makefile names it (make produces it before the build); not read.',
      '10 compose-missing-path 1 Build context "./web" of service "web" does not exist.',
    ]);
    // Without the Makefile both are missing, as before.
    assert.deepEqual(pathFindings({ 'deploy/compose.yaml': compose, 'api/Dockerfile.in': 'FROM alpine:3.20\n' }).map((line) => line.split(' ').slice(0, 2).join(' ')), ['4 compose-missing-path', '8 compose-missing-path', '10 compose-missing-path']);
  });
});
