// The grammars of syntaxes/ against the grammar test fixtures of syntaxes/test/, tokenized with VS
// Code's own TextMate engine (vscode-textmate + oniguruma) and VS Code's YAML and Markdown grammars
// (server/test/fixtures/grammars/, from VS Code 1.100.3) into which ours are injected, the way the
// editor does.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { fixturesDir, repoRoot } from '../../helpers';

interface GrammarContribution {
  scopeName: string;
  path: string;
  language?: string;
  injectTo?: string[];
  embeddedLanguages?: Record<string, string>;
}

const yamlGrammars: Record<string, string> = {
  'source.yaml': 'yaml.tmLanguage.json',
  'source.yaml.1.3': 'yaml-1.3.tmLanguage.json',
  'source.yaml.1.2': 'yaml-1.2.tmLanguage.json',
  'source.yaml.1.1': 'yaml-1.1.tmLanguage.json',
  'source.yaml.1.0': 'yaml-1.0.tmLanguage.json',
  'source.yaml.embedded': 'yaml-embedded.tmLanguage.json',
};

let registry: textmate.Registry | undefined;
function grammars(): textmate.Registry {
  if (registry) return registry;
  const contributed = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }).contributes.grammars;
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
  registry = new textmate.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const own = contributed.find((g) => g.scopeName === scopeName);
      const file = own
        ? path.join(repoRoot, own.path)
        : yamlGrammars[scopeName]
          ? path.join(fixturesDir, 'grammars', 'vscode-yaml', yamlGrammars[scopeName])
          : scopeName === 'text.html.markdown'
            ? path.join(fixturesDir, 'grammars', 'vscode-markdown', 'markdown.tmLanguage.json')
            : undefined;
      return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    // What package.json's injectTo asks VS Code to do.
    getInjections: (scopeName) => contributed.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
  return registry;
}

interface Assertion {
  line: number;
  from: number;
  to: number;
  scope: string;
  negated: boolean;
}

/**
 * The `# ^^^ scope` lines of a fixture (vscode-tmgrammar-test's format), each about the source line
 * above; the first line names the comment token (`#`, `%%`) and the scope: `%% SYNTAX TEST "source.mermaid"`.
 */
function readFixture(text: string): { header: string; source: string[]; assertions: Assertion[] } {
  const lines = text.split('\n');
  const first = /^(\S+) SYNTAX TEST "([^"]+)"/.exec(lines[0]);
  const token = first?.[1] ?? '#';
  const header = first?.[2];
  assert.ok(header, 'the first line must be <comment token> SYNTAX TEST "<scope>"');
  const caretLine = new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*)(\\^+)\\s+(-?)(\\S+)\\s*$`);
  const assertions: Assertion[] = [];
  let lastSource = -1;
  lines.forEach((line, index) => {
    const caret = caretLine.exec(line);
    if (caret && index > 0) {
      const from = token.length + caret[1].length;
      assertions.push({ line: lastSource, from, to: from + caret[2].length, scope: caret[4], negated: caret[3] === '-' });
    } else if (index > 0) {
      lastSource = index;
    }
  });
  return { header, source: lines, assertions };
}

const contributions = () => (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }).contributes.grammars;

describe('grammars', () => {
  const folder = path.join(repoRoot, 'syntaxes', 'test');
  const fixtures = readdirSync(folder).filter((f) => /\.(ya?ml|mmd|md|tf)$/.test(f));

  it('contribute the Mermaid language and its injection into Markdown fences', () => {
    const mermaid = contributions().find((g) => g.scopeName === 'source.mermaid');
    assert.equal(mermaid?.language, 'mermaid');
    const fences = contributions().find((g) => g.scopeName === 'archipel.mermaid.markdown.injection');
    assert.deepEqual(fences?.injectTo, ['text.html.markdown']);
    assert.deepEqual(fences?.embeddedLanguages, { 'meta.embedded.block.mermaid': 'mermaid' });
    assert.ok(fixtures.some((f) => f.endsWith('.mmd')) && fixtures.some((f) => f.endsWith('.md')));
  });

  it('is contributed as an injection into YAML', () => {
    const contributed = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }).contributes.grammars;
    const injection = contributed.find((g) => g.scopeName === 'archipel.github-actions.expression.injection');
    assert.ok(injection);
    assert.deepEqual(injection.injectTo, ['source.yaml']);
    assert.ok(fixtures.length > 0, 'no grammar test fixture in syntaxes/test');
  });

  for (const fixture of fixtures) {
    it(`tokenizes ${fixture} as its assertions say`, async () => {
      const { header, source, assertions } = readFixture(readFileSync(path.join(folder, fixture), 'utf8'));
      assert.ok(assertions.length > 0);
      const grammar = await grammars().loadGrammar(header);
      assert.ok(grammar, `no grammar for ${header}`);
      const scopesAt: string[][][] = [];
      let state = textmate.INITIAL;
      for (const line of source) {
        const result = grammar.tokenizeLine(line, state);
        const perChar: string[][] = [];
        for (const token of result.tokens) for (let c = token.startIndex; c < Math.min(token.endIndex, line.length); c++) perChar[c] = token.scopes;
        scopesAt.push(perChar);
        state = result.ruleStack;
      }
      const failures: string[] = [];
      for (const a of assertions) {
        for (let c = a.from; c < a.to; c++) {
          const scopes = scopesAt[a.line][c] ?? [];
          const has = scopes.includes(a.scope);
          if (has === a.negated) failures.push(`line ${a.line + 1}, column ${c + 1} ("${source[a.line][c]}"): ${a.negated ? 'unexpected' : 'missing'} ${a.scope}; scopes: ${scopes.join(' ')}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
