import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Projects: `unit` is pure (no engine), `integration` talks to the real test engine
// started by scripts/test-stack/up.sh and is therefore run serially.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // A throwaway DOCKER_CONFIG and STEVEDORE_DATA_DIR per file: never ~/.docker or real app data.
          setupFiles: ['tests/support/isolated-env.ts'],
          // GitHub's workflow parser (tests/unit/ci-workflow.test.ts) imports its JSON schema without an
          // import attribute, as bundlers allow and Node does not: let Vite load it.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
        plugins: [
          {
            // Its published source maps name sources the package does not ship: without them Vite
            // would warn once per module it loads.
            name: 'workflow-parser-without-source-maps',
            load(id) {
              if (!/[\\/]node_modules[\\/]@actions[\\/]workflow-parser[\\/].*\.js$/.test(id)) return null;
              return readFileSync(id, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
            },
          },
        ],
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/support/isolated-env.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Faults, bad input, files (issue #8): kills and restarts its OWN engine and registries
        // (tests/reliability/support/private-stack.ts), one file at a time. Run by
        // tests/reliability/run.sh (`npm run test:reliability`), after the other projects.
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/reliability/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
