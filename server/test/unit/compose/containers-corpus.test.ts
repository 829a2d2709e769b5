// Real Compose files and Dockerfiles nobody here wrote (server/test/fixtures/oss/compose/ and
// oss/dockerfile/, sources and licences in their README.md) check with no error, except the
// errors judged true and listed here by file, line and rule.
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import assert from 'node:assert/strict';
import { composeFeature } from '../../../src/compose/feature';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { diagnoseFile } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { composeEngine, corpusRepositories, corpusRepository } from '../../containers';
import { knownPinWith } from '../../../src/dockerfile/pins';

/** Errors judged true, as `repository/path:line rule` (see the README's list). */
const trueErrors = new Set<string>([
  // `ADD . /app`: hadolint's DL3020 (an error in hadolint too): COPY does the same without ADD's URL and archive behaviour.
  'dockersamples+example-voting-app/result/tests/Dockerfile:10 dl3020',
  // `WORKDIR android/`: hadolint's DL3000 (an error in hadolint too): relative to the previous WORKDIR.
  'open-telemetry+opentelemetry-demo/src/react-native-app/android.Dockerfile:26 dl3000',
]);

describe('Containers: the corpus of real Compose files and Dockerfiles', () => {
  for (const repo of corpusRepositories) {
    it(`${repo}: no false error`, () => {
      const { index, reader, files } = corpusRepository(repo);
      const features = [composeFeature(composeEngine, reader, knownPinWith(composeFace)), dockerfileFeature(reader, { compose: composeFace, kubernetes: kubernetesFace })];
      const errors: string[] = [];
      let checked = 0;
      for (const uri of files) {
        const file = index.get(uri)!;
        checked++;
        for (const d of diagnoseFile(file, features, { index, settings: defaultSettings, isCancelled: () => false })) {
          const where = `${repo}/${uri.slice(`file:///corpus/${repo}/`.length)}:${d.range.start.line + 1} ${String(d.code)}`;
          if (d.severity === 1 && !trueErrors.has(where)) errors.push(`${where}: ${d.message}`);
        }
      }
      assert.ok(checked > 0);
      assert.deepEqual(errors, []);
    });
  }
});
