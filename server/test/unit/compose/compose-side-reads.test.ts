// What the Compose family reads beside the index, and when (#68): a one-file check builds the system map of every
// Compose project of the repository, and reading each project's `.env` (twice) was a tenth of that work. The `.env`
// is read when something needs it — a variable to interpolate, a variable listed without a value, the path checks
// asking why it was not read — and what is found is the same as when it was read every time.
import assert from 'node:assert/strict';
import { composeFace } from '../../../src/compose/api';
import { composeDocumentOf, composeRawOf } from '../../../src/compose/project';
import { knownPinWith } from '../../../src/dockerfile/pins';
import { composeSystemWith } from '../../../src/compose/system';
import type { ComposeReader } from '../../../src/compose/model';
import type { SideText } from '../../../src/common/sideFile';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** A reader of in-memory side files (changed between steps by the test) that records each path read. */
function recordingReader(files: Map<string, SideText>): ComposeReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read(file) {
      reads.push(file);
      return files.get(file) ?? { refused: 'missing' };
    },
    exists: (file) => files.has(file),
  };
}

const plain = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_URL: http://api:8080\n  api:\n    image: example/api:1.0\n';
const bare = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      - API_HOST\n  api:\n    image: example/api:1.0\n    expose: ["8080"]\n';
const variables = 'services:\n  web:\n    image: "nginx:${TAG}"\n    environment:\n      API_URL: http://api:${API_PORT}\n  api:\n    image: example/api:1.0\n';

describe('Compose side files read when needed (#68)', () => {
  it('the system map reads the .env of a project only for a variable to interpolate or listed without a value, and finds what it says', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///w/plain/compose.yaml', plain);
    index.update('file:///w/bare/compose.yaml', bare);
    index.update('file:///w/variables/compose.yaml', variables);
    const reader = recordingReader(
      new Map<string, SideText>([
        ['/w/plain/.env', { text: 'UNUSED=1\n' }],
        ['/w/bare/.env', { text: 'API_HOST=api\n' }],
        ['/w/variables/.env', { text: 'TAG=1.27\nAPI_PORT=9090\n' }],
      ]),
    );
    const model = buildSystemModel(index, [{ family: 'compose', contributor: composeSystemWith(reader) }]);
    assert.deepEqual(reader.reads.filter((file) => file.endsWith('.env')).sort(), ['/w/bare/.env', '/w/variables/.env'], 'the .env of the projects that need it, each once');
    const short = (id: string) => id.replace('compose:file:///w/', '');
    const calls = model.edges.filter((e) => e.kind === 'calls' && e.from.startsWith('compose:')).map((e) => `${short(e.from)} → ${short(e.to)}${e.port !== undefined ? `:${e.port}` : ''}`);
    // `API_HOST=api` without a port: api's only port, the 8080 it exposes (issue #95).
    assert.deepEqual(calls.sort(), ['bare:web → bare:api:8080', 'plain:web → plain:api:8080', 'variables:web → variables:api:9090']);
    assert.equal(model.nodes.find((n) => n.id.endsWith('variables:web'))?.image, 'nginx');
  });

  it('a file with no variable reads its .env only when asked why it was not read, and says so as before', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const files = new Map<string, SideText>([['/w/big/.env', { refused: 'too-large' }]]);
    const reader = recordingReader(files);
    const document = composeDocumentOf(index.update('file:///w/big/compose.yaml', plain), reader);
    assert.deepEqual(reader.reads, []);
    assert.deepEqual(document.refused, [{ written: '.env', refused: 'too-large' }]);
    assert.deepEqual(document.refused, [{ written: '.env', refused: 'too-large' }]);
    assert.deepEqual(reader.reads, ['/w/big/.env'], 'read once');
    files.set('/w/big/.env', { text: 'A=1\n' });
    const next = composeDocumentOf(index.update('file:///w/big/compose.yaml', `${plain}# edited\n`), reader);
    assert.equal(next.refused, undefined);
  });

  it('after a first reading that asked no variable, a later version interpolates with the .env of its time, its unchanged services kept', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const files = new Map<string, SideText>([['/w/p/.env', { text: 'API_PORT=1111\n' }]]);
    const reader = recordingReader(files);
    const uri = 'file:///w/p/compose.yaml';
    const first = composeDocumentOf(index.update(uri, plain), reader);
    assert.deepEqual(reader.reads, []);
    files.set('/w/p/.env', { text: 'API_PORT=2222\n' });
    const text = plain.replace('http://api:8080', 'http://api:${API_PORT}');
    const second = composeDocumentOf(index.update(uri, text), reader);
    const services = (d: typeof second) => d.value?.services as Record<string, { environment?: Record<string, string> }>;
    assert.equal(services(second).web.environment?.API_URL, 'http://api:2222');
    assert.equal(services(second).api, services(first).api, 'the unchanged service kept');
    assert.deepEqual(second.serviceList?.delta?.changed, [0]);
    assert.deepEqual(second.uses.map((u) => u.name), ['API_PORT']);
    // Held to a full reading of the same text.
    const fresh = new WorkspaceIndex(indexOptions(defaultSettings));
    const full = composeDocumentOf(fresh.update('file:///w/q/compose.yaml', text), recordingReader(new Map([['/w/q/.env', { text: 'API_PORT=2222\n' }]])));
    assert.deepEqual(second.value, full.value);
  });

  // Folders of their own: the kept walks of a file are by URI, process-wide.
  it("the images written in every Compose file (a quick fix's pins) are read without a reading: the system map then reads the .env of only the projects that need it", () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///w/pins-plain/compose.yaml', plain);
    index.update('file:///w/pins-bare/compose.yaml', bare);
    index.update('file:///w/pins-variables/compose.yaml', variables);
    // Merge keys: the special reading (its value read as Compose reads it), as before.
    index.update('file:///w/pins-merged/compose.yaml', 'x-base: &base\n  image: example/api:2.0\nservices:\n  api:\n    <<: *base\n');
    index.update('file:///w/pins-broken/compose.yaml', 'services: [\n');
    index.update('file:///w/pins-list/compose.yaml', '- a\n- b\n');
    const reader = recordingReader(
      new Map<string, SideText>([
        ['/w/pins-plain/.env', { text: 'UNUSED=1\n' }],
        ['/w/pins-bare/.env', { text: 'API_HOST=api\n' }],
        ['/w/pins-variables/.env', { text: 'TAG=1.27\nAPI_PORT=9090\n' }],
      ]),
    );
    const unpinned = { start: 0, end: 5, message: 'unpinned', code: 'compose-image-tag' };
    const pin = knownPinWith(composeFace);
    assert.deepEqual((pin(unpinned, 'nginx', index).data as { replacement?: string }).replacement, 'nginx:1.27');
    assert.equal(pin(unpinned, 'example/api', index).data, undefined, 'two pins of example/api (1.0, 2.0 through the merge key): none chosen');
    const model = buildSystemModel(index, [{ family: 'compose', contributor: composeSystemWith(reader) }]);
    assert.deepEqual(reader.reads.filter((file) => file.endsWith('.env')).sort(), ['/w/pins-bare/.env', '/w/pins-variables/.env'], 'the .env of the projects that need it, each once');
    assert.equal(model.nodes.find((n) => n.id.endsWith('pins-variables:web'))?.image, 'nginx');
    // The value before interpolation is every reading's raw, whichever reader, read first or not.
    const fresh = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const file of index.files()) {
      const again = fresh.update(file.uri, file.text);
      const raw = composeRawOf(again);
      assert.deepEqual(raw, composeDocumentOf(file, reader).raw, file.uri);
      assert.deepEqual(raw, composeDocumentOf(again, undefined).raw, file.uri);
      assert.equal(composeRawOf(again), composeDocumentOf(again, undefined).raw, `${file.uri}: a reading's own value once there is one`);
    }
    assert.equal(composeRawOf(fresh.get('file:///w/pins-broken/compose.yaml')!), undefined);
    assert.equal(composeRawOf(fresh.get('file:///w/pins-list/compose.yaml')!), undefined);
    assert.equal((composeRawOf(fresh.get('file:///w/pins-merged/compose.yaml')!)?.services as Record<string, { image?: string }>).api.image, 'example/api:2.0');
  });
});
