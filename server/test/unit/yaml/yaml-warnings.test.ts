// The yaml package's warnings never reach the user's terminal (issue #50: "Keys with collection values
// will be stringified" was printed by archipel): every parse of the package in server/src says its
// logLevel, and a file whose keys are collections, read by the CLI's paths that parse with the
// package directly, prints nothing on stderr but Archipel's own lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

/** The calls of the yaml package's parsers (parse, parseDocument, parseAllDocuments) in server/src without a logLevel of error or silent. */
function unquietParses(): string[] {
  const parsers = new Set(['parse', 'parseDocument', 'parseAllDocuments']);
  const found: string[] = [];
  const folder = path.join(repoRoot, 'server', 'src');
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const names = new Set<string>();
    const namespaces = new Set<string>();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== 'yaml') continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      else if (bindings) for (const element of bindings.elements) if (parsers.has((element.propertyName ?? element.name).text)) names.add(element.name.text);
    }
    // An options object given by name: its declaration in the same file.
    const declared = new Map<string, ts.Expression>();
    const collect = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declared.set(node.name.text, node.initializer);
      ts.forEachChild(node, collect);
    };
    collect(source);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const isParser = (ts.isIdentifier(callee) && names.has(callee.text)) || (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && namespaces.has(callee.expression.text) && parsers.has(callee.name.text));
        const quiet = node.arguments.some((arg) => saysLogLevel(ts.isIdentifier(arg) ? (declared.get(arg.text) ?? arg) : arg));
        if (isParser && !quiet) found.push(`${path.relative(repoRoot, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** Whether an options argument (an object literal, `as const` or not) sets logLevel to error or silent. */
function saysLogLevel(node: ts.Expression): boolean {
  const object = ts.isAsExpression(node) ? node.expression : node;
  return ts.isObjectLiteralExpression(object) && object.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'logLevel' && /^'(error|silent)'$/.test(p.initializer.getText()));
}

describe('the yaml package never writes to the terminal (#50)', function () {
  this.timeout(120_000);

  it('every parse of the package says logLevel error or silent', () => {
    assert.deepEqual(unquietParses(), []);
  });

  it('archipel check and exp show on files whose keys are collections print no warning of the package', () => {
    const collectionKey = '? [a, b]\n: 1\n';
    const tree = makeTree({
      'docs/adr/0001-first.md': `---\nstatus: accepted\n${collectionKey}---\n\n# 1. First\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`,
      'mlruns/1/meta.yaml': `name: exp\nexperiment_id: '1'\nlifecycle_stage: active\n${collectionKey}`,
      'mlruns/1/r1/meta.yaml': `run_id: r1\nexperiment_id: '1'\nstatus: 3\nlifecycle_stage: active\nstart_time: 1700000000000\n${collectionKey}`,
    });
    try {
      mkdirSync(path.join(tree.root, 'mlruns', '1', 'r1', 'params'), { recursive: true });
      writeFileSync(path.join(tree.root, 'mlruns', '1', 'r1', 'params', 'lr'), '0.1');
      const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@archipel.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: tree.root });
      git('init', '-q');
      git('commit', '-q', '--allow-empty', '--no-verify', '-m', 'baseline');
      const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
      for (const args of [['check', '.'], ['exp', 'show']]) {
        const run = spawnSync(process.execPath, [cli, ...args], { cwd: tree.root, encoding: 'utf8', env: { ...process.env, ARCHIPEL_CACHE_DIR: 'off', ARCHIPEL_LANG: 'en' } });
        assert.doesNotMatch(run.stderr, /stringified|YAMLWarning|Warning:/, `archipel ${args.join(' ')}: ${run.stderr}`);
        if (args[0] === 'exp') assert.match(run.stdout, /r1|exp/, run.stdout + run.stderr);
      }
    } finally {
      tree.remove();
    }
  });
});
