// ESLint flat config. Keeps the three worlds apart: core, CLI and webview never import 'vscode'.
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  { files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'esbuild.mjs', 'bin/**'], languageOptions: { globals: { ...globals.node } } },
  { files: ['bin/**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
