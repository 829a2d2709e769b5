// `archipel diff` on real history (issue #80): opentelemetry-demo's compose.yaml across its commits
// "Remove product-reviews service" and "Remove LLM service" (fixtures/oss/archdiff/opentelemetry-demo,
// SOURCES.md), and microservices-demo's manifests across the commit that added shoppingassistantservice
// (fixtures/oss/archdiff/microservices-demo) then with the assistant enabled (its disabling component's line commented
// out), committed in repositories made in temporary folders.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { md, tablesOf } from './markdownIt';
import { scratchRepository } from './scratchRepository';

const fixtures = path.join(fixturesDir, 'oss', 'archdiff', 'opentelemetry-demo');

describe('archipel diff on opentelemetry-demo history (issue #80)', function () {
  this.timeout(120_000);
  let repo = '';
  const scratch = scratchRepository('archipel-diff-otel-', ({ dir }) => {
    repo = dir;
    for (const commit of ['db0d981', 'e6cae50', 'b3fce8a']) {
      copyFileSync(path.join(fixtures, `compose.yaml@${commit}`), path.join(repo, 'compose.yaml'));
      git('add', 'compose.yaml');
      git('commit', '-q', '-m', commit);
    }
  });
  const git = scratch.git;

  async function diffOf(base: string, head: string): Promise<string> {
    const { code, out, err } = await runCli(['diff', '--base', base, '--head', head], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    return out.split('\n').slice(1).join('\n');
  }

  it('"Remove product-reviews service": exactly that component and its connections removed, nothing added', async () => {
    assert.equal(
      await diffOf('HEAD~2', 'HEAD~1'),
      [
        'components: 0 added, 1 removed, 0 changed',
        '  - service product-reviews [compose:.:product-reviews] (compose.yaml:545)',
        'connections: 0 added, 5 removed',
        '  - product-reviews depends-on astronomy-db (depends on (healthy)) (compose.yaml:589)',
        '  - product-reviews depends-on llm (depends on (healthy)) (compose.yaml:587)',
        '  - product-reviews depends-on otel-collector (depends on) (compose.yaml:591)',
        '  - product-reviews depends-on product-catalog (depends on) (compose.yaml:585)',
        // Its image is `${IMAGE_NAME}:…-product-reviews`: the map's image node of an unresolved name, shared with the others.
        '  - product-reviews runs image: (compose.yaml:546)',
        '',
      ].join('\n'),
    );
  });

  it('"Remove LLM service": exactly that component and its connections removed, nothing added', async () => {
    assert.equal(
      await diffOf('HEAD~1', 'HEAD'),
      [
        'components: 0 added, 1 removed, 0 changed',
        '  - service llm [compose:.:llm] (compose.yaml:731)',
        'connections: 0 added, 2 removed',
        '  - llm depends-on flagd (depends on) (compose.yaml:756)',
        '  - llm runs image: (compose.yaml:732)',
        '',
      ].join('\n'),
    );
  });

  it('"Remove product-reviews service" as a pull-request comment: it parses as GitHub reads it, the component and its connections drawn removed, under the size limit', async () => {
    const { code, out } = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1', '--format', 'markdown'], repo);
    assert.equal(code, 0);
    assert.ok(out.length <= 65_536, `${out.length} characters`);
    const tokens = md.parse(out, {});
    const inline = tokens.filter((t) => t.type === 'inline').map((t) => t.content);
    assert.equal(inline[1], '**1 component (0 added, 1 removed, 0 changed) · 5 connections (0 added, 5 removed) · 0 entry points (0 opened, 0 closed)**');
    const fence = tokens.filter((t) => t.type === 'fence');
    assert.deepEqual(fence.map((t) => t.info), ['mermaid']);
    const lines = fence[0].content.split('\n');
    assert.equal(lines[4], '  n0["product#45;reviews<br/><small>service</small>"]:::removed');
    assert.equal(lines.filter((line) => line.startsWith('  n0 -.->')).length, 5);
    assert.ok(!out.includes('Cut to fit'));
    assert.deepEqual(
      tablesOf(tokens).map((rows) => rows.map((cells) => cells[0])),
      [
        ['', 'removed'],
        ['', 'removed', 'removed', 'removed', 'removed', 'removed'],
      ],
    );
  });
});

const boutique = path.join(fixturesDir, 'oss', 'archdiff', 'microservices-demo');

/** The fixture's files of `commit` (`<path>@<commit>`), each with its path in the repository. */
function filesAt(commit: string): { from: string; to: string }[] {
  const found: { from: string; to: string }[] = [];
  const stack = [''];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(path.join(boutique, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) stack.push(relative);
      else if (entry.name.endsWith(`@${commit}`)) found.push({ from: path.join(boutique, relative), to: relative.slice(0, -commit.length - 1) });
    }
  }
  return found.sort((a, b) => (a.to < b.to ? -1 : 1));
}

describe('archipel diff on microservices-demo history (issue #80)', function () {
  this.timeout(120_000);
  let repo = '';
  const scratch = scratchRepository('archipel-diff-boutique-', ({ dir }) => {
    repo = dir;
    // The base's 13 files (12 manifests and the kustomization), then the head's four files over them: the commit's change under these folders.
    for (const commit of ['84f0ad9', '2932624']) {
      for (const { from, to } of filesAt(commit)) {
        mkdirSync(path.dirname(path.join(repo, to)), { recursive: true });
        copyFileSync(from, path.join(repo, to));
      }
      scratch.git('add', '-A');
      scratch.git('commit', '-q', '-m', commit);
    }
    // Then the assistant enabled as the kustomization's own list of components says to (its line commented out, as the others are).
    const kustomization = path.join(repo, 'kubernetes-manifests', 'kustomization.yaml');
    const text = readFileSync(kustomization, 'utf8');
    assert.ok(text.includes('\n - ../kustomize/components/disable-shopping-assistant'));
    writeFileSync(kustomization, text.replace('\n - ../kustomize/components/disable-shopping-assistant', '\n# - ../kustomize/components/disable-shopping-assistant'));
    scratch.git('commit', '-q', '-am', 'enable the shopping assistant');
  });

  it('"Add ShoppingAssistant…": the assistant added and, by the component its kustomization lists, deleted from the render: no architectural change', async () => {
    assert.equal(filesAt('84f0ad9').length, 13);
    // `kubectl kustomize kubernetes-manifests` at 2932624 (v5.5.0) renders neither shoppingassistantservice's Deployment nor its Service:
    // disable-shopping-assistant's `$patch: delete` (#79); before, the map drew them and the frontend's call as added.
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1'], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(out.split('\n').slice(1).join('\n'), 'no architectural change\n');
  });

  it('the assistant enabled (the component left out): the shoppingassistantservice component (Deployment, Service, image) and its calls added, nothing removed', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.equal(
      out.split('\n').slice(1).join('\n'),
      [
        'components: 3 added, 0 removed, 0 changed',
        '  + image shoppingassistantservice [image:shoppingassistantservice] (kubernetes-manifests/shoppingassistantservice.yaml:46)',
        '  + service shoppingassistantservice [k8s:Deployment//shoppingassistantservice] (kubernetes-manifests/shoppingassistantservice.yaml:18)',
        '  + endpoint shoppingassistantservice [k8s:Service//shoppingassistantservice] (kubernetes-manifests/shoppingassistantservice.yaml:78)',
        'connections: 3 added, 0 removed',
        // The frontend's SHOPPING_ASSISTANT_SERVICE_ADDR, at its line (with the component applied, its patch of the frontend was named instead).
        '  + frontend calls shoppingassistantservice (:80) (kubernetes-manifests/frontend.yaml:84)',
        '  + shoppingassistantservice runs shoppingassistantservice (kubernetes-manifests/shoppingassistantservice.yaml:46)',
        '  + shoppingassistantservice routes shoppingassistantservice (selects → 8080) (kubernetes-manifests/shoppingassistantservice.yaml:83)',
        '',
      ].join('\n'),
    );
  });

  it('its comment parses as GitHub reads it, under the size limit, the three components drawn added', async () => {
    const { code, out } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], repo);
    assert.equal(code, 0);
    assert.ok(out.length <= 65_536, `${out.length} characters`);
    const tokens = md.parse(out, {});
    const fence = tokens.filter((t) => t.type === 'fence');
    assert.deepEqual(fence.map((t) => t.info), ['mermaid']);
    assert.equal(fence[0].content.split('\n').filter((line) => line.endsWith(':::added')).length, 3);
    assert.deepEqual(tablesOf(tokens)[0].map((cells) => cells[0]), ['', 'added', 'added', 'added']);
  });
});
