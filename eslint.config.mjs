// ESLint for the TypeScript of server/, client/ and webviews/ (scripts/test.mjs runs it with
// --max-warnings 0 before the test layers): typescript-eslint's type-checked recommended rules.
// A rule turned off or changed here says why on its line; no eslint-disable comments in the code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-vsix/**', 'node_modules/**', '.vscode-test/**', 'bench/**', 'scripts/**', 'examples/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    // The block-YAML reader's hot loop compares char codes with a `const enum` of char codes (tsc
    // inlines them) and leaves a branch it cannot read by throwing a sentinel (no Error: no stack to capture).
    files: ['server/src/yaml/blockReader.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off', '@typescript-eslint/only-throw-error': 'off' },
  },
);
