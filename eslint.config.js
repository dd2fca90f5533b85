// @ts-check
// `npm run lint`. Two jobs: the import boundaries between the layers of src/ (ARCHITECTURE.md), and the
// recommended rules of ESLint and typescript-eslint, tuned so that today's code passes and regressions do not.

import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ── Import boundaries ───────────────────────────────────────────────────────────────────────────────────────────
// Imports go one way: cli → onboard → platform. output imports neither cli nor onboard. platform imports none of
// the others. The emulator imports nothing from them, and only cli/commands/emulator.ts and demo.ts start it.
//
// A rule matches the text of a relative import: `../platform/http.js` from src/output, `../../cli/io.js` from
// src/platform/models. No folder inside a layer is named like a layer, so the name after the `./` and `../`
// steps is the layer imported. Checked: static imports, `export … from`, `import()` and `import('…')` types.
// Nothing in src/ imports the package by its own name ('flowctl', 'flowctl/emulator'): that is dist/.

/** @typedef {import('eslint').Linter.Config} Config */
/** @typedef {'cli' | 'config' | 'emulator' | 'onboard' | 'output' | 'platform'} Layer */

/** Escapes a path for a regular expression. @param {string} text */
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The rules that keep the files of one layer from importing the layers named.
 * @param {string} from  how the message names the importing files
 * @param {string[]} files  flat-config globs of those files
 * @param {Layer[]} forbidden  the layers they may not import
 * @param {{ allow?: string[], why?: string }} [options]  allow: paths under src/ they may import all the same
 * @returns {Config}
 */
function boundary(from, files, forbidden, { allow = [], why = '' } = {}) {
  const exempt = allow.length ? `(?!(?:${allow.map(escape).join('|')})$)` : '';
  const layers = forbidden.map((layer) => {
    const source = `^\\.{1,2}/(?:\\.\\./)*${exempt}${layer}/`;
    const message = `${from} must not import src/${layer} (ARCHITECTURE.md: imports go cli → onboard → platform; the emulator stands alone).${why}`;
    return { source, message };
  });
  layers.push({
    source: '^flowctl(?:/|$)',
    message: "src/ imports its own modules by relative path: 'flowctl' resolves to the built copy in dist/.",
  });
  // esquery reads a regular expression up to the first unescaped `/`.
  const selector = (/** @type {string} */ source) => `/${source.replaceAll('/', '\\/')}/`;
  return {
    name: `flowctl/boundaries/${from}`,
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: layers.map(({ source, message }) => ({ regex: source, message })) }],
      'no-restricted-syntax': [
        'error',
        ...layers.map(({ source, message }) => ({ selector: `:matches(ImportExpression, TSImportType)[source.value=${selector(source)}]`, message })),
      ],
    },
  };
}

// These blocks own no-restricted-imports and no-restricted-syntax in src/: a block after them that set either rule
// would replace the boundaries of the files it matches (flat config does not merge a rule's options).
const boundaries = [
  boundary('src', ['src/**'], []),
  boundary('src/emulator', ['src/emulator/**'], ['cli', 'config', 'onboard', 'output', 'platform']),
  boundary('src/platform', ['src/platform/**'], ['cli', 'config', 'emulator', 'onboard', 'output']),
  boundary('src/onboard', ['src/onboard/**'], ['cli', 'config', 'emulator', 'output']),
  boundary('src/output', ['src/output/**'], ['cli', 'emulator', 'onboard']),
  boundary('src/config', ['src/config/**'], ['cli', 'emulator', 'onboard', 'output']),
  // The library's entry point (`import … from 'flowctl'`) is the typed client: nothing of the CLI comes with it.
  boundary('src/index.ts', ['src/index.ts'], ['cli', 'config', 'emulator', 'onboard', 'output']),
  boundary('src/cli', ['src/cli/**'], ['emulator']),
  // Allowed today: the two commands that start the emulator (`flowctl emulator`, `flowctl demo`) load its entry
  // points, server.js and misbehave.js (the --fault flags), with import() when the command runs. Nothing else.
  boundary('src/cli/commands/emulator.ts and demo.ts', ['src/cli/commands/emulator.ts', 'src/cli/commands/demo.ts'], ['emulator'], {
    allow: ['emulator/server.js', 'emulator/misbehave.js'],
    why: ' Of the emulator, only server.js and misbehave.js.',
  }),
];

// ── Recommended rules, tuned ───────────────────────────────────────────────────────────────────────────────────
// Each change below is one the code as it stands asks for; none of them hides a bug found today.

/** @type {Config} */
const tuned = {
  name: 'flowctl/tuned',
  rules: {
    // `_name` marks what is left unused on purpose: a parameter an interface requires, the rest of an object
    // after the fields dropped from it (`const { id: _id, ...rest } = body`). tsc's noUnused* checks src and
    // test; this rule also covers the .mjs and .js files tsc does not read.
    '@typescript-eslint/no-unused-vars': [
      'error',
      {
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      },
    ],
    // Matching control characters is the point of these expressions: terminal-safe text (output/table.ts,
    // platform/text.ts), Java's trim and URI rules in the emulator's expression language, escapes in tests.
    'no-control-regex': 'off',
    // A variable read by a closure made before its one assignment (`let url` in emulator/server.ts) cannot be const.
    'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
  },
};

// Rules off for one file, where the file's style trips them and nothing is wrong.
/** @type {Config[]} */
const perFile = [
  {
    name: 'flowctl/per-file/mapping-csv',
    // The CSV reader's `(field += '"'), i++;` steps: comma sequences, not forgotten expressions.
    files: ['src/platform/mapping.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    name: 'flowctl/per-file/executor-chain',
    // `reader.readRows(…)⏎[Symbol.asyncIterator]()` is a chained call over two lines; statements here end with `;`.
    files: ['src/emulator/runner/executor.ts'],
    rules: { 'no-unexpected-multiline': 'off' },
  },
];

/** @type {Config} */
const readable = {
  name: 'flowctl/readable',
  files: ['src/**'],
  // A function a person can hold in their head: none in src/ over 100 lines, comments and blank lines included
  // (a long one is a sequence of named steps waiting to be written as such).
  rules: { 'max-lines-per-function': ['error', { max: 100, skipBlankLines: false, skipComments: false, IIFEs: true }] },
};

/** @type {Config} */
const tests = {
  name: 'flowctl/tests',
  files: ['test/**'],
  rules: {
    // Test doubles and reaching into responses: `any` is the honest type there. In src it stays an error.
    '@typescript-eslint/no-explicit-any': 'off',
    // A fake object whose methods refer to the fake itself (test/emulator/runner-helpers.ts).
    '@typescript-eslint/no-this-alias': 'off',
  },
};

export default defineConfig(
  { name: 'flowctl/ignores', ignores: ['dist/', 'coverage/', '.flowctl/'] },
  { name: 'flowctl/linter', linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'flowctl/node',
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'flowctl/commonjs',
    // bin/flowctl.js is CommonJS on purpose (bin/package.json): it require()s the built CLI. So is the bench's
    // plain node:http script, the fastest-starting baseline a Node script can be.
    files: ['bin/**/*.js', 'bench/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  tuned,
  readable,
  ...perFile,
  tests,
  ...boundaries,
);
