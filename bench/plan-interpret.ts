/**
 * The interpretation alone (cut, greedy, the reasons), timed in one thread: Noto 2024 solved once
 * (its columns kept in a file, so that runs on two copies of the code read the same optimum), then
 * `interpret` run again and again, with its CPU time (`process.cpuUsage`) and the plan's figures.
 *
 * `npx tsx bench/plan-interpret.ts [--runs=N] [--columns=FILE]`: without the file it solves and writes it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { ArcSpace, type Arc, arcOf } from '../src/domain/allocation/arcs.js'
import { buildModel } from '../src/domain/allocation/model.js'
import { interpret } from '../src/domain/allocation/plan.js'
import { prepare } from '../src/domain/allocation/reach.js'
import { loadSolver, solveLexicographic } from '../src/solver/solve.js'
import { notoInstance } from './plan-instances.js'
import { dataDir } from './plan-run.js'

const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const runs = Number(option('runs', '6'))
const file = option('columns', '/tmp/noto-columns.bin')

const snapshot = notoInstance(dataDir).snapshot
const prepared = prepare(snapshot)
const arcs: Arc[] = []
new ArcSpace(prepared).forEach((supply, line, asset, shape, deadline) => {
  arcs.push(arcOf(supply, line, asset, shape, deadline))
})
let columns: Float64Array
if (existsSync(file)) {
  const bytes = readFileSync(file)
  columns = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)
} else {
  const highs = await loadSolver()
  const { lp } = buildModel(prepared, arcs)
  columns = Float64Array.from(solveLexicographic(highs, lp).columns)
  writeFileSync(file, Buffer.from(columns.buffer))
}
const built = { prepared, model: { arcs } }
const round = (n: number) => Math.round(n * 10) / 10
for (let run = 0; run < runs; run++) {
  const cpu = process.cpuUsage()
  const wall = performance.now()
  const { plan, greedy } = interpret(built, columns)
  const used = process.cpuUsage(cpu)
  const figures = (p: typeof plan | typeof greedy) => ({
    tiers: p.tiers.map((t) => round(t.fulfilment)).join(' / '),
    tonneHours: round(p.tonneHours),
    tonneKm: Math.round(p.tonneKm),
    sorties: p.consignments.length,
  })
  console.log(
    JSON.stringify({
      run,
      cpuMs: Math.round((used.user + used.system) / 1000),
      wallMs: Math.round(performance.now() - wall),
      plan: figures(plan),
      source: plan.source,
      ...(run === 0 ? { greedy: figures(greedy) } : {}),
    }),
  )
}
