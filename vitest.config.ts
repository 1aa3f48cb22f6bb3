import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The web app's pure modules import the contract as the web build does (web/vite.config.ts).
const contract = fileURLToPath(new URL('./src/contract', import.meta.url))

// Two projects: `unit` (npm test: Node only; PostgreSQL when KIZUNA_TEST_PG_URL is set) and `e2e`
// (npm run test:e2e: the built app in Debian's Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { '@contract': contract } },
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/fault/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Vitest's default is one worker fewer than the cores: one on a 2-core machine, idle while a
          // test waits on PostgreSQL's commits or a CLI child process. Measured there: 1,906 tests in
          // 831 s with two workers on a loaded machine, against about 960 s with one on a quiet one.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One demo node made by the CLI for the suite; each file's harness copies it.
          globalSetup: ['test/e2e/global-setup.ts'],
          // A screen waits on the server (a route found, a list read): on a machine shared with
          // other work that can pass vitest's default second without anything being wrong.
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Two files at a time, each with its own node, port and browser: a page spends much of its
          // time waiting on the server or a timer. All 100 passed so in 325 s on a loaded 2-core
          // machine (one at a time, with a node initialised per file: 599 s).
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'fault',
          include: ['test/fault/**/*.test.ts'],
          testTimeout: 420_000,
          hookTimeout: 120_000,
          // Two files at a time: each drives its own processes, databases and ports, and the crash
          // file alone takes as long as the other two together. All ten passed so, three files at
          // once, on a machine loaded to 12.
          maxWorkers: 2,
        },
      },
    ],
  },
})
