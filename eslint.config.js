// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const wallClockBan = [
  { name: 'setTimeout', message: 'Time enters through Clock (src/lib/clock.ts).' },
  { name: 'setInterval', message: 'Time enters through Clock (src/lib/clock.ts).' },
];
const wallClockSyntax = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use Clock.now().' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use Clock.now().' },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Use the seeded Random (src/lib/random.ts).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The pure core never reads the wall clock or global randomness.
    files: [
      'src/engine/**/*.ts',
      'src/api/**/*.ts',
      'src/triggers/**/*.ts',
      'src/controller/**/*.ts',
      'src/cluster/**/*.ts',
      'src/sim/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...wallClockBan],
      'no-restricted-syntax': ['error', ...wallClockSyntax],
    },
  },
  {
    // The engine is pure: no I/O, no Kubernetes. Its tests may use node:test.
    files: ['src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            '../kube/*',
            '../controller/*',
            '../cluster/*',
            '../../kube/*',
            '../../controller/*',
            '../../cluster/*',
          ],
        },
      ],
    },
  },
);
