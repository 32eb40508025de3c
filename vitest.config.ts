import { defineConfig } from 'vitest/config';

// One project per suite so each npm script runs exactly its own tests.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/machines/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'model', include: ['test/model/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 30000, hookTimeout: 30000 } },
      { test: { name: 'faults', include: ['test/faults/**/*.test.ts'], environment: 'node', testTimeout: 120000, hookTimeout: 60000, globalSetup: ['test/faults/support/globalSetup.ts'] } },
      // npm pack, an install into an empty project, the README's blocks type-checked and run there (CI: test:package).
      { test: { name: 'package', include: ['test/package/**/*.test.ts'], environment: 'node', testTimeout: 180000, hookTimeout: 600000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node', testTimeout: 120000, hookTimeout: 120000 } },
    ],
  },
});
