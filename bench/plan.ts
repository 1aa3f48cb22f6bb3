/**
 * The planner's speed (issue 7), `npm run bench:plan`: Noto 2024 from the bundled data, and the
 * seeded synthetic instance (bench/plan-instances.ts). Each run is a process of its own
 * (bench/plan-run.ts) that plans in the worker as the server does; this prints, per instance, the
 * model's size, the time of each step and each tier's solve, peak memory (the process's RSS sampled
 * every 20 ms, and the HiGHS WebAssembly heap), and the plan beside greedy's: delivered on time and
 * fulfilment by tier, tonne-km, assets and sorties used.
 *
 * Options: --only=noto|synthetic · --runs=N (Noto; default 3, medians) · --sizes=5,10,20 (synthetic
 * destinations, one run each; all 50 hubs and 100 items) · --probe=N (arcs of the full synthetic
 * instance's first N destinations' lines, projected to all 50,000; default 100, 0 = none) · --full
 * (also try the full synthetic instance, 5,000 destinations — see RESULTS.md before you do) ·
 * --method=auto|columns|full (how the planner solves: column generation from 100,000 arcs, or always
 * one way; default auto) · --prestart=no (Noto: only cold runs; by default each run is done three
 * times: cold; with the worker started as the process starts; and, as the server does, started and
 * warmed on other open requests of the same network before the plan).
 */
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { loadSolver } from '../src/solver/solve.js'
import type { SolveMethod } from '../src/solver/make-plan.js'
import { fullSyntheticSize } from './plan-instances.js'
import type { Figures, RunReport, RunSpec } from './plan-run.js'

const args = process.argv.slice(2)
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const only = option('only')
const runs = Number(option('runs') ?? 3)
const sizes = (option('sizes') ?? '5,10,20').split(',').filter(Boolean).map(Number)
const probe = Number(option('probe') ?? 100)
const method = (option('method') ?? 'auto') as SolveMethod
// --prestart=no: only the cold runs.
type StartMode = 'cold' | 'prestarted' | 'warmed'
const startModes: StartMode[] =
  option('prestart') === 'no' ? ['cold'] : ['cold', 'prestarted', 'warmed']
const SEED = 1

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const ms = (n: number) => (n >= 10_000 ? `${fmt(n / 1000, 1)} s` : `${fmt(n)} ms`)
const mib = (bytes: number | null) => (bytes === null ? '—' : `${fmt(bytes / 2 ** 20)} MiB`)
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const spread = (values: readonly number[], show: (n: number) => string) =>
  values.length > 1
    ? `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`
    : show(values[0]!)

function child(spec: RunSpec): Promise<RunReport> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const proc = fork(
      new URL('./plan-run.ts', import.meta.url),
      ['--child', JSON.stringify(spec)],
      {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    )
    let report: RunReport | null = null
    proc.on('message', (message) => {
      report = message as RunReport
    })
    proc.on('error', reject)
    proc.on('exit', (code, signal) =>
      resolve(
        report ?? {
          ok: false,
          spec,
          error: `the run stopped (${signal ?? `exit code ${code}`})`,
          ms: performance.now() - started,
          rssPeakBytes: 0,
        },
      ),
    )
  })
}

type Planned = Extract<RunReport, { lines: number }>
const failure = (report: RunReport) =>
  report.ok
    ? 'no plan'
    : `failed after ${ms(report.ms)}, peak RSS ${mib(report.rssPeakBytes)}: ${report.error}`
const label = (spec: RunSpec) =>
  spec.kind === 'noto'
    ? 'Noto 2024'
    : `synthetic, ${fmt((spec as { destinations: number }).destinations)} destinations`

function printRuns(name: string, reports: Planned[]) {
  const first = reports[0]!
  const of = (pick: (r: Planned) => number, show: (n: number) => string) =>
    spread(reports.map(pick), show)
  const row = (what: string, value: string) => console.log(`| ${what} | ${value} |`)
  const { columns, rows, nonzeros } = first.model
  console.log(`\n### ${name} (${reports.length} run${reports.length > 1 ? 's' : ''})\n`)
  console.log('| | |\n|---|---:|')
  row('solved', first.method === 'columns' ? 'by column generation' : 'whole')
  row('lines / assets', `${fmt(first.lines)} / ${fmt(first.assets)}`)
  row('arcs', fmt(first.arcs))
  row('model: columns × rows, nonzeros', `${fmt(columns)} × ${fmt(rows)}, ${fmt(nonzeros)}`)
  row(
    'snapshot built (not planning)',
    of((r) => r.snapshotMs, ms),
  )
  if (first.warmMs > 0)
    row(
      'warm-up plan before (not part of the plan; the server does it as it starts)',
      of((r) => r.warmMs, ms),
    )
  row(
    'network routes already found (kept in the worker)',
    reports.every((r) => r.routesKept)
      ? 'yes'
      : reports.some((r) => r.routesKept)
        ? 'some runs'
        : 'no',
  )
  row(
    'worker start, solver load, snapshot in',
    of((r) => r.startMs, ms),
  )
  row(
    'model build',
    of((r) => r.buildMs, ms),
  )
  first.stages.forEach((stage, k) => {
    row(
      // A whole model's stages are timed as their progress reached the planner's thread, which is
      // busy with the interpretation ahead meanwhile: the first ones arrive late, together.
      `solve: ${stage.name} (as reported)`,
      of((r) => r.stages[k]!.ms, ms),
    )
  })
  row(
    'solve, all stages (in the solver\'s thread, whole models)',
    of((r) => r.solveMs, ms),
  )
  row(
    '… meanwhile, in the planner\'s thread: the interpretation that reads no flows',
    of((r) => r.aheadMs, ms),
  )
  row(
    'interpretation (cut, greedy, reasons), after the solve',
    of((r) => r.interpretMs, ms),
  )
  row('**end to end**', `**${of((r) => r.endToEndMs, ms)}**`)
  const again = reports.flatMap((r) => r.again)
  if (again.length > 0) {
    const later = (pick: (a: (typeof again)[number]) => number) => spread(again.map(pick), ms)
    row(
      `planned again in the same process (worker kept, the same network: its routes kept), ${again.length} plans: model build`,
      later((a) => a.buildMs),
    )
    row(
      '… solve, all stages',
      later((a) => a.solveMs),
    )
    row(
      '… interpretation',
      later((a) => a.interpretMs),
    )
    row('… **end to end**', `**${later((a) => a.endToEndMs)}**`)
    row('… the same plan as the first', again.every((a) => a.samePlan) ? 'yes' : 'no')
  }
  row(
    'peak RSS, sampled',
    of((r) => r.rssPeakBytes, mib),
  )
  row(
    'peak RSS, kernel high-water (snapshot included)',
    of((r) => r.maxRssBytes, mib),
  )
  row(
    'HiGHS WebAssembly heap',
    of((r) => r.solverMemoryBytes ?? 0, mib),
  )
  row(
    'other processes, CPUs busy',
    of(
      (r) => r.otherCpus,
      (n) => fmt(n, 2),
    ),
  )
  const same = reports.every(
    (r) => JSON.stringify([r.plan, r.greedy]) === JSON.stringify([first.plan, first.greedy]),
  )
  const source = first.source === 'optimum' ? "the optimum's cut" : "greedy's (better than the cut)"
  console.log(`\nPlan: ${source}; the same in every run: ${same ? 'yes' : 'NO'}.\n`)
  printRounds(first)
  printFigures(first.plan, first.greedy, first.bound)
}

/** Column generation, solve by solve (the first run's). */
function printRounds(report: Planned) {
  if (report.rounds.length === 0) return
  console.log(
    `Column generation: ${report.rounds.length} solves; per solve the model's size, what pricing added, and the times.\n`,
  )
  console.log('| stage | columns × rows | added | solve | pricing |\n|---|---:|---:|---:|---:|')
  for (const r of report.rounds)
    console.log(
      `| ${r.stage + 1} | ${fmt(r.columns)} × ${fmt(r.rows)} | ${fmt(r.added)} | ${ms(r.solveMs)} | ${ms(r.priceMs)} |`,
    )
  console.log('')
}

function printFigures(plan: Figures, greedy: Figures, bound: readonly number[]) {
  console.log(
    '| tier | requested | delivered on time: plan | greedy | fulfilment: plan | greedy | LP bound |',
  )
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  plan.tiers.forEach((t, k) => {
    const g = greedy.tiers[k]!
    console.log(
      `| ${t.tier} | ${fmt(t.requested)} | ${fmt(t.delivered)} | ${fmt(g.delivered)} | ${fmt(t.fulfilment, 1)} | ${fmt(g.fulfilment, 1)} | ${fmt(bound[k]!, 1)} |`,
    )
  })
  const unmet = (f: Figures) =>
    Object.entries(f.unmet)
      .map(([reason, n]) => `${reason} ${fmt(n)}`)
      .join(', ') || 'none'
  console.log(`\n| | plan | greedy |\n|---|---:|---:|`)
  console.log(`| tonne-km | ${fmt(plan.tonneKm)} | ${fmt(greedy.tonneKm)} |`)
  console.log(`| assets used | ${plan.assetsUsed} | ${greedy.assetsUsed} |`)
  console.log(`| sorties | ${fmt(plan.sorties)} | ${fmt(greedy.sorties)} |`)
  console.log(`| unmet units by reason | ${unmet(plan)} | ${unmet(greedy)} |`)
}

async function main() {
  const highs = await loadSolver()
  const pkg = JSON.parse(
    readFileSync(new URL('../node_modules/highs/package.json', import.meta.url), 'utf8'),
  )
  console.log(`## Planner bench — ${new Date().toISOString()}\n`)
  console.log(
    `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB; Node ${process.version}; npm highs ${pkg.version} (HiGHS ${highs.version.string}); load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )

  if (only !== 'synthetic') {
    // Cold (the worker started by the first plan) and with the worker started as the process
    // starts, as the server does (run-in-worker.ts, startPlanner), runs interleaved.
    const byMode: Record<StartMode, Planned[]> = { cold: [], prestarted: [], warmed: [] }
    for (let k = 0; k < runs; k++) {
      for (const mode of startModes) {
        const report = await child({
          kind: 'noto',
          method,
          prestart: mode !== 'cold',
          warm: mode === 'warmed',
        })
        if (!report.ok || !('lines' in report))
          throw new Error(`Noto run failed: ${'error' in report ? report.error : '?'}`)
        byMode[mode].push(report)
        process.stderr.write(`  … Noto run ${k + 1}, ${mode}: ${ms(report.endToEndMs)}\n`)
      }
    }
    printRuns('Noto 2024, cold: the first plan starts the worker', byMode.cold)
    if (byMode.prestarted.length > 0)
      printRuns(
        'Noto 2024, the worker started as the process starts, then the first plan',
        byMode.prestarted,
      )
    if (byMode.warmed.length > 0)
      printRuns(
        "Noto 2024, as a running server: the worker started and warmed on other open requests (every other line) as it starts, then the planners' first plan",
        byMode.warmed,
      )
  }
  if (only !== 'noto') {
    for (const destinations of sizes) {
      const report = await child({ kind: 'synthetic', destinations, seed: SEED, method })
      if (report.ok && 'lines' in report) printRuns(label(report.spec), [report])
      else
        console.log(
          `\n### ${label({ kind: 'synthetic', destinations, seed: SEED })}\n\n${failure(report)}`,
        )
    }
    if (probe > 0) {
      const report = await child({ kind: 'probe', destinations: probe, seed: SEED })
      if (report.ok && 'probe' in report) {
        const { lines, arcs, ms: took, fullLines } = report.probe
        console.log(
          `\n### Full synthetic size, projected\n\nThe full instance (${fullSyntheticSize.hubs} hubs × ${fmt(fullSyntheticSize.destinations)} destinations × ${fullSyntheticSize.items} items), arcs found for the lines of its first ${probe} destinations: ${fmt(arcs)} for ${fmt(lines)} lines (${fmt(arcs / lines, 1)} per line) in ${ms(took)}. For all ${fmt(fullLines)} lines: about **${fmt((arcs / lines) * fullLines)} arcs**, one column each.`,
        )
      }
    }
    if (args.includes('--full')) {
      const report = await child({
        kind: 'synthetic',
        destinations: fullSyntheticSize.destinations,
        seed: SEED,
        method,
      })
      if (report.ok && 'lines' in report) printRuns(label(report.spec), [report])
      else console.log(`\n### Full synthetic size\n\n${failure(report)}`)
    }
  }
}

await main()
