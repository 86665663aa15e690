// ESLint flat config. Keeps the three worlds apart: core, CLI and webview never import 'vscode'.
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prototypeSafeLookup from './scripts/eslint/prototypeSafeLookup.mjs';

const noVscode = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core, cli, shared and webview code must not depend on the VS Code API' }] }],
};

// Issue 17: file paths reach the data engine only through src/core/data/fileScan.ts, which makes them literal (no
// glob expansion). Any other SQL text that calls a file-reading function of DuckDB is an error.
const ENGINE_FILE_FUNCTIONS = String.raw`/\b(read_csv|read_csv_auto|read_parquet|parquet_scan|parquet_metadata|parquet_schema|read_json|read_json_auto|read_json_objects|read_ndjson|read_ndjson_auto|read_text|read_blob|read_xlsx|sniff_csv|glob)\s*\(/i`;
const enginePaths = {
  'no-restricted-syntax': ['error', ...['Literal', 'TemplateElement'].map((node) => ({
    selector: `${node}[${node === 'Literal' ? 'value' : 'value.raw'}=${ENGINE_FILE_FUNCTIONS}]`,
    message: 'Hand file paths to DuckDB only through src/core/data/fileScan.ts (scanSql), which reads them literally.',
  }))],
};
const modelAccessOnly = [
  { group: ['**/readModelFile', '**/loadModel', '**/onnxModel', '**/lightgbmModel'], importNames: ['readModelFile', 'loadModel', 'loadOnnx', 'loadLightgbm'], message: 'Load models through a ModelAccess you are handed (src/core/models/modelAccess.ts): Restricted Mode must not reach a model.' },
  { group: ['**/modelAccess'], importNames: ['grantModelAccess', 'grantModelViewAccess'], message: 'Only the CLI and src/extension/trust.ts grant model access (Workspace Trust decides).' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'bench/data/**', 'sample/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  { files: ['src/core/**', 'src/cli/**', 'src/shared/**'], rules: noVscode },
  { files: ['src/**/*.ts'], ignores: ['src/core/data/fileScan.ts'], rules: enginePaths },
  { files: ['webview/**'], languageOptions: { globals: { ...globals.browser } }, rules: noVscode },
  // Restricted Mode is structural (issue 17): loading a model needs a ModelAccess, granted only by the CLI and by
  // src/extension/trust.ts; core code is handed one (src/core/models/modelAccess.ts is the only reader).
  {
    files: ['src/core/**', 'src/shared/**', 'webview/**'],
    ignores: ['src/core/models/modelAccess.ts', 'src/core/models/readModelFile.ts', 'src/core/models/xgboost/loadModel.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: noVscode['no-restricted-imports'][1].paths, patterns: modelAccessOnly }] },
  },
  { files: ['src/extension/**'], ignores: ['src/extension/trust.ts'], rules: { 'no-restricted-imports': ['error', { patterns: modelAccessOnly }] } },
  { files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'esbuild.mjs', 'bin/**'], languageOptions: { globals: { ...globals.node } } },
  { files: ['bin/**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Lookups keyed by user text never reach Object.prototype (issue 17): type-aware, so only product code pays for it.
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'model-lens': { rules: { 'prototype-safe-lookup': prototypeSafeLookup } } },
    rules: { 'model-lens/prototype-safe-lookup': 'error', 'no-prototype-builtins': 'error' },
  },
);
