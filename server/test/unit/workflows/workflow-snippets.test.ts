// The workflow snippets, expanded with their default choices, are workflows Archipel finds clean.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { check, expectClean } from '../../workflowHelpers';

interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}

/** VS Code's snippet syntax with every placeholder at its default (the first choice of a list). */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:[^{}]|\\\$\{\{[^}]*\}\})*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

describe('workflow snippets', () => {
  const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'workflows.code-snippets'), 'utf8')) as Record<string, Snippet>;

  it('are the workflow, job, matrix job and ML pipeline', () => {
    assert.deepEqual(Object.keys(snippets), ['GitHub Actions workflow', 'GitHub Actions job', 'GitHub Actions matrix job', 'ML pipeline workflow']);
  });

  for (const name of ['GitHub Actions workflow', 'ML pipeline workflow']) {
    it(`"${name}" expands to a clean workflow`, () => {
      const text = expand(snippets[name].body);
      assert.ok(!text.includes('${1'), text);
      expectClean(check(text));
    });
  }

  for (const name of ['GitHub Actions job', 'GitHub Actions matrix job']) {
    it(`"${name}" expands to a clean job`, () => {
      const job = indent(expand(snippets[name].body), '  ');
      const text = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n${job}`;
      expectClean(check(text));
    });
  }
});
