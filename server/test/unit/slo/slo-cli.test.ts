import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateSloRules } from '../../../src/slo/api';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const spec = readFileSync(path.join(fixturesDir, 'oss', 'sloth', 'examples', 'getting-started.yml'), 'utf8');

describe('archipel slo generate', () => {
  it('writes the rules file to -o (whole, no temporary file left) and says how many rules', async () => {
    const tree = makeTree({ 'slos/api.yml': spec });
    try {
      const run = await runCli(['slo', 'generate', 'slos/api.yml', '-o', 'rules/api.rules.yml', '-l', 'team=core'], tree.root);
      assert.deepEqual([run.code, run.out, run.err], [0, 'rules/api.rules.yml: 17 rules written\n', '']);
      assert.equal(readFileSync(path.join(tree.root, 'rules', 'api.rules.yml'), 'utf8'), generateSloRules(spec, { extraLabels: { team: 'core' } }).text);
      assert.deepEqual(readdirSync(path.join(tree.root, 'rules')), ['api.rules.yml']);
      // Generated again: replaced, not written beside.
      const again = await runCli(['slo', 'generate', 'slos/api.yml', '-o', 'rules/api.rules.yml'], tree.root);
      assert.equal(again.code, 0);
      assert.deepEqual(readdirSync(path.join(tree.root, 'rules')), ['api.rules.yml']);
      assert.equal(readFileSync(path.join(tree.root, 'rules', 'api.rules.yml'), 'utf8'), generateSloRules(spec).text);
    } finally {
      tree.remove();
    }
  });

  it('prints the rules without -o; a spec with errors prints each at its line and writes nothing', async () => {
    const tree = makeTree({ 'a.yml': spec, 'bad.yml': '# SLOs\nversion: prometheus/v1\nservice: s\nslos:\n  - name: aa\n    objective: 100.5\n    sli: {raw: {error_ratio_query: x}}\n    alerting: {name: A}\n' });
    try {
      const printed = await runCli(['slo', 'generate', 'a.yml'], tree.root);
      assert.deepEqual([printed.code, printed.out], [0, generateSloRules(spec).text]);
      const bad = await runCli(['slo', 'generate', 'bad.yml', '-o', 'out.yml'], tree.root);
      assert.deepEqual([bad.code, bad.out, bad.err], [1, '', 'bad.yml:6: slos.0.objective: objective must be a number greater than 0 and at most 100\n']);
      assert.deepEqual(readdirSync(tree.root).sort(), ['a.yml', 'bad.yml']);
    } finally {
      tree.remove();
    }
  });

  it('usage errors exit 2', async () => {
    const tree = makeTree({ 'a.yml': spec });
    try {
      const period = await runCli(['slo', 'generate', 'a.yml', '--period', '7d'], tree.root);
      assert.deepEqual([period.code, period.err], [2, 'archipel: --period must be 30d or 28d (see archipel --help)\n']);
      const sub = await runCli(['slo', 'check', 'a.yml'], tree.root);
      assert.deepEqual([sub.code, sub.err], [2, 'archipel: unknown slo command "check" (expected generate) (see archipel --help)\n']);
    } finally {
      tree.remove();
    }
  });
});
