// The serve family's part of the system map (serve/system.ts): a build serves with Archipel when its base image, as the
// Dockerfile family reads it for the build's node (dockerfile/baseImage.ts: a build argument's default put in, a stage
// name followed), is Archipel's image, or when its final stage's entry point runs `archipel serve`. No public
// repository builds on Archipel's image: these Dockerfiles are written here.
import assert from 'node:assert/strict';
import { systemContributors } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** The technology of the Compose service `api` built from `Dockerfile`. */
function servedBy(dockerfile: string): string | undefined {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  index.update('file:///p/compose.yaml', 'services:\n  api:\n    build: .\n    image: ghcr.io/acme/api\n');
  index.update('file:///p/Dockerfile', dockerfile);
  return buildSystemModel(index, systemContributors(families)).node('compose:file:///p:api')?.technology;
}

describe('Serve: the components serving with Archipel on the map', () => {
  it("reads the base image as the build does: a build argument's default, a stage's name", () => {
    assert.equal(servedBy('ARG VERSION\nFROM ghcr.io/archipel-demo/archipel:${VERSION:-0.1.0}\nCOPY model/model.onnx /models/\n'), 'archipel serve');
    assert.equal(servedBy('FROM ghcr.io/archipel-demo/archipel:0.1.0 AS runtime\nFROM runtime\nCOPY model/model.onnx /models/\n'), 'archipel serve');
    assert.equal(servedBy('FROM ghcr.io/archipel-demo/archipel:0.1.0 AS tools\nFROM python:3.12-slim\nCOPY --from=tools /app /app\n'), 'Python');
  });

  it("reads the final stage's entry point, its lines joined", () => {
    assert.equal(servedBy('FROM node:22 AS build\nCMD ["archipel", "serve"]\nFROM node:22-slim\nENTRYPOINT ["node", \\\n  "dist/cli.js", "serve"]\n'), 'archipel serve');
    assert.equal(servedBy('FROM node:22 AS build\nCMD ["archipel", "serve"]\nFROM node:22-slim\nCMD ["node", "server.js"]\n'), 'Node.js');
  });
});
