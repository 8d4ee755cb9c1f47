import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/.cache/**', '**/dist/**', 'web/**'];

/**
 * Test tiers: `*.test.ts` are unit tests (no services); `*.int.test.ts` talk to the real Kafka,
 * Redis, PostgreSQL and S3 that `npm run infra:up` starts; `*.e2e.test.ts` drive the running stack.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ignored,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['./infra/tests/require-infra.ts'],
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/**/*.test.ts', 'web/**/*.test.tsx'],
          exclude: ['**/node_modules/**', 'web/dist/**', '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**', '**/.cache/**', '**/dist/**'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: ['./infra/tests/require-infra.ts'],
        },
      },
    ],
  },
});
