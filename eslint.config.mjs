// Lint: typescript-eslint's recommended rules plus the house's layering, stated as import restrictions.
//   src/core       pure: no vscode, no Kafka client, no parser, no Node I/O, nothing outside src/core
//   src/kafka      the only code that talks to clusters: imports src/core only (and the Kafka client)
//   src/flink      parses Flink sources: imports src/core only (and the parser)
//   src/features   one folder per capability: never another capability's folder
//   src/**         imports from webview/ only a panel's protocol.ts (message types both sides share)
//   webview/<p>    browser code: its own files, webview/common and pure src/core helpers; no vscode, no Node
// Relative imports are checked per folder depth, so a path that leaves a layer is caught whatever its spelling.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS =
  '^(node:.*|fs|fs/promises|path|os|child_process|net|tls|http|https|crypto|stream|url|util|worker_threads|zlib|events|readline|dns)$';
const KAFKA_CLIENT = '^(@platformatic/kafka|kafkajs|aws-msk-iam-sasl-signer-js)(/.*)?$';
const PARSER = '^(web-tree-sitter|tree-sitter-.*)$';

/** no-restricted-imports with regex patterns, each with the reason the linter prints. */
function restrict(...rules) {
  return {
    'no-restricted-imports': ['error', { patterns: rules.map(([regex, message]) => ({ regex, message })) }],
  };
}

const onlyProtocolFromWebview = [
  '(^|/)webview/(?!\\w+/protocol$)',
  'Host code imports from webview/ only a panel protocol (webview/<panel>/protocol).',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-runs/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='in'][left.type!='Literal']",
          message: '`x in table` also finds Object.prototype members (constructor, toString): use a Map or Object.hasOwn.',
        },
      ],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  // Tests poke at untyped JSON (hand-edited journals, snapshots) on purpose.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  // --- layering ---
  {
    files: ['src/core/*.ts'],
    rules: restrict(
      ['^vscode$', 'src/core is pure: no vscode.'],
      [KAFKA_CLIENT, 'src/core is pure: the Kafka client lives in src/kafka.'],
      [PARSER, 'src/core is pure: the parser lives in src/flink.'],
      [NODE_BUILTINS, 'src/core is pure: no Node I/O (pass data in).'],
      ['^\\.\\./', 'src/core imports nothing outside src/core.'],
    ),
  },
  {
    files: ['src/core/*/*.ts'],
    rules: restrict(
      ['^vscode$', 'src/core is pure: no vscode.'],
      [KAFKA_CLIENT, 'src/core is pure: the Kafka client lives in src/kafka.'],
      [PARSER, 'src/core is pure: the parser lives in src/flink.'],
      [NODE_BUILTINS, 'src/core is pure: no Node I/O (pass data in).'],
      ['^\\.\\./\\.\\./', 'src/core imports nothing outside src/core.'],
    ),
  },
  {
    files: ['src/core/*/*/*.ts'],
    rules: restrict(
      ['^vscode$', 'src/core is pure: no vscode.'],
      [KAFKA_CLIENT, 'src/core is pure: the Kafka client lives in src/kafka.'],
      [PARSER, 'src/core is pure: the parser lives in src/flink.'],
      [NODE_BUILTINS, 'src/core is pure: no Node I/O (pass data in).'],
      ['^\\.\\./\\.\\./\\.\\./', 'src/core imports nothing outside src/core.'],
    ),
  },
  {
    files: ['src/kafka/**/*.ts'],
    rules: restrict(
      ['^vscode$', 'src/kafka returns core types; VS Code code lives in src/features.'],
      [PARSER, 'src/kafka does not parse Flink sources.'],
      ['^\\.\\./(?!core/)', 'src/kafka imports only src/core.'],
      onlyProtocolFromWebview,
    ),
  },
  {
    files: ['src/flink/**/*.ts'],
    rules: restrict(
      ['^vscode$', 'src/flink returns core facts; VS Code code lives in src/features.'],
      [KAFKA_CLIENT, 'src/flink does not talk to clusters.'],
      ['^\\.\\./(?!core/)', 'src/flink imports only src/core.'],
      onlyProtocolFromWebview,
    ),
  },
  {
    files: ['src/features/*/**/*.ts'],
    rules: restrict(
      [
        '^\\.\\./(?!\\.\\./)[^/]+/',
        "A capability does not reach into another capability's folder (share through src/features/*.ts or src/core).",
      ],
      ['(^|/)cli(/|$)', 'VS Code features do not import the CLI.'],
      onlyProtocolFromWebview,
    ),
  },
  {
    files: ['src/*.ts', 'src/features/*.ts', 'src/cli/**/*.ts'],
    rules: restrict(onlyProtocolFromWebview),
  },
  {
    // What VS Code loads at activation: registrations only. Feature code is import()ed on first use (dynamic imports
    // are not import declarations, so this rule lets them through); types are erased and allowed.
    files: ['src/extension.ts', 'src/features/shell.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.(?!/features/shell$|\\./core/documentKinds$)',
              allowTypeImports: true,
              message:
                'Activation loads only registrations (src/features/shell.ts, src/core/documentKinds.ts): import() feature code on first use, or import types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli.ts', 'src/cli/**/*.ts'],
    rules: restrict(['^vscode$', 'The CLI runs without VS Code.'], onlyProtocolFromWebview),
  },
  {
    files: ['webview/*/*.ts'],
    ignores: ['webview/common/**'],
    rules: restrict(
      ['^vscode$', 'Webviews run in the browser: talk to the host through the panel protocol.'],
      [NODE_BUILTINS, 'Webviews run in the browser: no Node modules.'],
      [KAFKA_CLIENT, 'Webviews run in the browser: no Kafka client.'],
      ['^\\.\\./(?!common/|\\.\\./src/core/)', 'A webview imports its own files, webview/common and pure src/core helpers only.'],
      ['^\\.\\./\\.\\./src/(?!core/)', 'A webview imports only pure src/core helpers from src/.'],
    ),
  },
  {
    files: ['webview/common/*.ts'],
    rules: restrict(
      ['^vscode$', 'Webviews run in the browser.'],
      [NODE_BUILTINS, 'Webviews run in the browser: no Node modules.'],
      ['^\\.\\./(?!\\.\\./src/core/)', 'webview/common serves every panel: it imports no panel and only pure src/core helpers.'],
    ),
  },
);
