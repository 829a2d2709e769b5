// ESLint for the TypeScript of server/, client/ and webviews/ (scripts/test.mjs runs it with
// --max-warnings 0 before the test layers): typescript-eslint's type-checked recommended rules.
// A rule turned off or changed here says why on its line; no eslint-disable comments in the code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-vsix/**', 'node_modules/**', '.vscode-test/**', 'bench/**', 'scripts/**', 'examples/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a binding left unused on purpose (a property destructured out of a rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Off: the values it reports (47) are YAML scalars and diagnostic messages already narrowed or
      // schema-checked before they are printed, narrowings the rule does not follow through `Json` unions.
      '@typescript-eslint/no-base-to-string': 'off',
      // onnxruntime-node (a native addon) and jsdom (which reads its own files) stay out of the bundles
      // and are required on first use, synchronously; so are the `.lazy` modules (esbuild.mjs: bundles of their own), at the top of
      // their family's folder (from a room: `../<name>.lazy`), or of an embedded language's, from a family that needs its library
      // without its code (kubernetes/model/kustomizeBuild.ts: `../../gotemplate/re2.lazy`).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^onnxruntime-node$', '^jsdom$', '^(\\.\\.?/)+([a-z0-9-]+/)?[a-z0-9-]+\\.lazy$'] }],
    },
  },
  {
    // No giant (issue #53): a function over 150 lines or a file over 600 is several concepts. Source only:
    // a test's describe() holds its cases, and generated files are not read as code.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'webviews/**/*.ts'],
    ignores: ['webviews/test/**', '**/*.generated.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: false, skipComments: false, IIFEs: true }],
      'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // Regular expressions (issue #67): one applied to a file's content must run in linear time, as a
    // line of 40 `#` took hours in /^(---\s*)?(#.*\s*)*$/. The plugin's recommended rules find
    // bugs (a useless alternative, a contradicted assertion, a misleading group) and super-linear
    // backtracking; no-super-linear-move (off in the set) is the quadratic scan of /\s+$/ over a
    // run of spaces. A pattern the plugin cannot prove linear is rewritten or run through re2js.
    // regexp-audit.test.ts plants a super-linear pattern in a copy of the tree and sees ESLint fail.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'webviews/**/*.ts'],
    ignores: ['webviews/test/**'],
    plugins: { regexp },
    rules: {
      ...regexp.configs['flat/recommended'].rules,
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      // Off: style the recommended set asks for and that finds no bug (capturing groups left unused,
      // `[a-zA-Z]` instead of the `i` flag, `[0-9]` for `\d`, `[a-zA-Z0-9_]` for `\w`, a one-character
      // class, `[^\s]` for `\S`, a non-capturing group of one element): 480 places, no behaviour.
      'regexp/no-unused-capturing-group': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/prefer-d': 'off',
      'regexp/prefer-w': 'off',
      'regexp/prefer-character-class': 'off',
      'regexp/no-useless-character-class': 'off',
      'regexp/negation': 'off',
      'regexp/no-useless-non-capturing-group': 'off',
    },
  },
  {
    // Tests read JSON answers (LSP, HTTP, the CLI's --format json) whose shape their assertions check,
    // and their test doubles implement async interfaces without awaiting anything.
    files: ['server/test/**', 'client/test/**', 'webviews/test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      // Assertion messages print numbers, arrays and boxes as JavaScript joins them.
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    // Mermaid's type is imported with resolution-mode 'import' (an ES module from CommonJS), which
    // the linter's program reads as an error type; render.ts also swaps document.createElement and
    // Element.setAttribute around Mermaid's render and puts the originals back (called with .call).
    files: ['server/src/engines/mermaid/worker.ts', 'webviews/diagram/render.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // dagre's graph (a chunk loaded at run time) is typed through @dagrejs/graphlib, which the page's
    // module resolution leaves as `any`: the layout's calls on it cannot be checked.
    files: ['webviews/diagram/graphLayout.ts'],
    rules: { '@typescript-eslint/no-unsafe-call': 'off', '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    // The block-YAML reader's hot loop compares char codes with a `const enum` of char codes (tsc
    // inlines them), leaves a branch it cannot read by throwing a sentinel (no Error: no stack to
    // capture), and matches the control characters js-yaml refuses with a regular expression.
    files: ['server/src/yaml/blockReader.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off', '@typescript-eslint/only-throw-error': 'off', 'no-control-regex': 'off' },
  },
);
