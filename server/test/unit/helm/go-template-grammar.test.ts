// The Go-template grammar of Helm templates (syntaxes/go-template.injection.tmLanguage.json),
// injected into YAML beside the grammars package.json contributes, tokenized with VS Code's own
// TextMate engine (vscode-textmate + oniguruma) and VS Code's YAML grammar
// (server/test/fixtures/grammars/), against the fixtures of syntaxes/test/helm/ (the caret
// format of syntaxes/test/, where the other grammars' fixtures are).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { fixturesDir, repoRoot } from '../../helpers';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

/** What package.json is to contribute for it (the grammar is not wired into package.json by this branch). */
const goTemplate: GrammarContribution = { scopeName: 'archipel.go-template.injection', path: './syntaxes/go-template.injection.tmLanguage.json', injectTo: ['source.yaml'] };

function registry(): textmate.Registry {
  const contributed = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }).contributes.grammars;
  const all = [...contributed.filter((g) => g.scopeName !== goTemplate.scopeName), goTemplate];
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
  return new textmate.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const own = all.find((g) => g.scopeName === scopeName);
      const file = own ? path.join(repoRoot, own.path) : scopeName === 'source.yaml' ? path.join(fixturesDir, 'grammars', 'vscode-yaml', 'yaml.tmLanguage.json') : undefined;
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => all.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
}

/** Each `# ^^^ [-]scope` line's assertion about the source line above it. */
function assertionsOf(lines: readonly string[]): { line: number; from: number; to: number; scope: string; negated: boolean }[] {
  const found: { line: number; from: number; to: number; scope: string; negated: boolean }[] = [];
  let source = -1;
  lines.forEach((text, index) => {
    const caret = /^#(\s*)(\^+|<-)\s+(-?)(\S+)\s*$/.exec(text);
    if (index === 0 || !caret) {
      if (index > 0) source = index;
      return;
    }
    const from = caret[2] === '<-' ? 0 : 1 + caret[1].length;
    found.push({ line: source, from, to: caret[2] === '<-' ? 1 : from + caret[2].length, scope: caret[4], negated: caret[3] === '-' });
  });
  return found;
}

describe('Go templates of Helm charts: the grammar injected into YAML', () => {
  const folder = path.join(repoRoot, 'syntaxes', 'test', 'helm');
  const fixtures = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f));

  it('has fixtures', () => assert.ok(fixtures.length > 0));

  for (const fixture of fixtures) {
    it(`tokenizes ${fixture} as its assertions say`, async () => {
      const lines = readFileSync(path.join(folder, fixture), 'utf8').split('\n');
      assert.match(lines[0], /^# SYNTAX TEST "source\.yaml"/);
      const grammar = await registry().loadGrammar('source.yaml');
      assert.ok(grammar);
      let state = textmate.INITIAL;
      const scopes: string[][][] = lines.map((line) => {
        const result = grammar.tokenizeLine(line, state);
        state = result.ruleStack;
        const perChar: string[][] = [];
        for (const token of result.tokens) for (let c = token.startIndex; c < Math.min(token.endIndex, line.length); c++) perChar[c] = token.scopes;
        return perChar;
      });
      const assertions = assertionsOf(lines);
      assert.ok(assertions.length > 10);
      const failures: string[] = [];
      for (const a of assertions) {
        for (let c = a.from; c < a.to; c++) {
          const at = scopes[a.line][c] ?? [];
          if (at.includes(a.scope) === a.negated) failures.push(`line ${a.line + 1}, column ${c + 1} ("${lines[a.line][c]}"): ${a.negated ? 'unexpected' : 'missing'} ${a.scope}; scopes: ${at.join(' ')}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
