// ESLint (flat config): typescript-eslint's type-aware recommended rules over the TypeScript (src, test, bench;
// src/gen is generated), its plain recommended rules over the CommonJS scripts (bin, native, scripts, proto),
// lines of at most 120 characters everywhere, and no disable comment that no longer disables anything.
// Run by `npm run lint` (the formatting check, scripts/format.js --check, then this).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node's globals for the CommonJS scripts (TypeScript files get theirs from @types/node).
const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer', 'setTimeout',
    'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'performance', 'URL']
    .map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'src/gen/**', '.device-kit/**', '.device-node/**', 'runs/**'] },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A listener installed before the value it reads is assigned keeps `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // node:test's test() returns a promise the runner itself awaits: not a floating one.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it'] }],
      }],
      // `const { omitted: _x, ...rest } = o` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      // Shapes and lists print as `2,3` in messages on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowArray: true }],
      // A caught error passed on as a rejection is a rethrow, whatever its static type.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // An async function without await is how a method meets a Promise-returning interface (a throw
      // becomes a rejection); requiring an await there would only add `await undefined`.
      '@typescript-eslint/require-await': 'off',
      // Numeric enums (exit codes, protobuf wire enums) are compared with numbers that come from child
      // processes and off the wire: that comparison is the point.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // The addon is loaded from a path found at run time, the wasm backend only when native kernels are on.
    files: ['src/native/addon.ts', 'src/native/index.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benches read parsed JSON, IPC replies, logs and metrics as `any`/`unknown` and print them
      // in assertion messages on purpose: the assertions are the type check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // Fixtures and benches answer fork() IPC with async listeners: a rejection there ends the process
      // with its stack, which is what the test or bench driving it wants.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // Fixtures patch a prototype method and call the saved one with .call(this).
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: {
      // CommonJS scripts: require() is how they load modules.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['eslint.config.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    rules: {
      'max-len': ['error', { code: 120 }],
    },
  },
);
