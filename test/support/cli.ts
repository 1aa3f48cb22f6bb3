/** Runs the real `kizuna` CLI as a child process (`node --import tsx src/cli/main.ts`) for tests. */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The shared data sets (IFRC catalogue) live beside the checkout, not in it. */
export const sharedCatalogDir = resolve(repoRoot, '../shared/data/catalog')
export const ifrcStandardCsv = resolve(sharedCatalogDir, 'ifrc_supply_item_ifrc_standard.csv')
export const ifrcFamiliesCsv = resolve(
  sharedCatalogDir,
  'ifrc_supply_item_category_ifrc_standard.csv',
)
export const sharedDataPresent = existsSync(ifrcStandardCsv)

export interface CliResult {
  /** The exit code, or null when the process was killed by a signal. */
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment without any KIZUNA_* setting, so only what a test passes can reach the CLI. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('KIZUNA_')) env[name] = value
  return { ...env, ...extra }
}

export function runKizuna(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      {
        cwd: repoRoot,
        env: cleanEnv(options.env),
        timeout: options.timeoutMs ?? 110_000,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        done({ code, stdout, stderr })
      },
    )
  })
}
