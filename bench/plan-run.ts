/**
 * One measured run of the planner, in a process of its own (bench/plan.ts forks it), so that its peak
 * memory is its own: build the instance, then plan it in the worker as the server does
 * (`planInWorker`), timing each step from the worker's progress, sampling this process's RSS, and
 * counting the CPU time other processes took meanwhile. Or a *probe*: the arcs of the full synthetic
 * instance for the lines of its first destinations, to project the model's size without building it.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ArcSpace } from '../src/domain/allocation/arcs.js'
import type { PlanOutcome } from '../src/domain/allocation/outcome.js'
import { prepare } from '../src/domain/allocation/reach.js'
import type { AllocationSnapshot } from '../src/domain/allocation/snapshot.js'
import type { PlannerProgress, SolveMethod } from '../src/solver/make-plan.js'
import type { Round } from '../src/solver/solve-columns.js'
import { planInWorker, startPlanner, warmPlanner } from '../src/solver/run-in-worker.js'
import {
  fullSyntheticSize,
  notoInstance,
  scaledSynthetic,
  syntheticInstance,
} from './plan-instances.js'

export type RunSpec = (
  | { readonly kind: 'noto' }
  | { readonly kind: 'synthetic'; readonly destinations: number; readonly seed: number }
  | { readonly kind: 'probe'; readonly destinations: number; readonly seed: number }
) & {
  readonly method?: SolveMethod
  /**
   * Start the planner's worker as the process starts (`startPlanner`, as the server does), and plan
   * once it is ready: the first plan then does not wait for the thread, its modules and HiGHS.
   */
  readonly prestart?: boolean
  /**
   * Also warm that worker before the plan, as a starting server does (`warmPlanner`): plan the open
   * requests of "when the server started" once and throw the plan away. Noto's warm-up holds every
   * other line (other requests than the plan's, the same network), so the plan that is timed finds
   * warm code and the network's routes, not its own plan.
   */
  readonly warm?: boolean
}

export interface Figures {
  readonly tiers: readonly {
    tier: string
    requested: number
    delivered: number
    fulfilment: number
  }[]
  readonly tonneKm: number
  readonly assetsUsed: number
  readonly sorties: number
  readonly unmet: Readonly<Record<string, number>>
}

export type RunReport =
  | {
      readonly ok: true
      readonly spec: RunSpec
      readonly lines: number
      readonly assets: number
      readonly snapshotMs: number
      /** The warm-up plan before the timed one (spec.warm), else 0. */
      readonly warmMs: number
      /** Whether the timed plan found the network's routes already found (make-plan.ts). */
      readonly routesKept: boolean
      readonly model: { columns: number; rows: number; nonzeros: number }
      readonly arcs: number
      /** Worker start, solver load and snapshot transfer: until the model is built, less building. */
      readonly startMs: number
      readonly buildMs: number
      readonly stages: readonly { name: string; ms: number; value: number }[]
      readonly solveMs: number
      readonly aheadMs: number
      readonly interpretMs: number
      readonly endToEndMs: number
      readonly rssPeakBytes: number
      /** The process's high-water mark as the kernel counts it (getrusage), snapshot included. */
      readonly maxRssBytes: number
      readonly solverMemoryBytes: number | null
      readonly source: string
      readonly bound: readonly number[]
      readonly plan: Figures
      readonly greedy: Figures
      readonly otherCpus: number
      readonly method: string
      /** Column generation's solves: the model's size at each and what pricing added. */
      readonly rounds: readonly Round[]
      /**
       * Noto planned again in the same process, as a running server's later plans are: the worker
       * kept from the first plan (run-in-worker.ts), its code warm. Each with whether the plan is
       * the first one's.
       */
      readonly again: readonly {
        endToEndMs: number
        buildMs: number
        solveMs: number
        interpretMs: number
        samePlan: boolean
      }[]
    }
  | {
      readonly ok: true
      readonly spec: RunSpec
      readonly probe: { lines: number; arcs: number; ms: number; fullLines: number }
    }
  | {
      readonly ok: false
      readonly spec: RunSpec
      readonly error: string
      readonly ms: number
      readonly rssPeakBytes: number
    }

export const dataDir = fileURLToPath(new URL('../data', import.meta.url))

const figures = (outcome: PlanOutcome): Figures => {
  const unmet: Record<string, number> = {}
  for (const u of outcome.unmet) unmet[u.reason] = (unmet[u.reason] ?? 0) + u.quantity
  return {
    tiers: outcome.tiers.map(({ tier, requested, delivered, fulfilment }) => ({
      tier,
      requested,
      delivered,
      fulfilment,
    })),
    tonneKm: outcome.tonneKm,
    assetsUsed: outcome.assetsUsed,
    sorties: outcome.consignments.length,
    unmet,
  }
}

const ticks = (path: string, pick: (fields: number[]) => number) => {
  try {
    return pick(readFileSync(path, 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number))
  } catch {
    return Number.NaN
  }
}
// /proc/stat's cpu line: user nice system idle iowait irq softirq steal; /proc/self/stat: utime stime.
const machineTicks = () => ticks('/proc/stat', (f) => f[1]! + f[2]! + f[3]! + f[6]! + f[7]! + f[8]!)
const ownTicks = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number)
  return fields[11]! + fields[12]!
}

function snapshotOf(spec: RunSpec): AllocationSnapshot {
  if (spec.kind === 'noto') return notoInstance(dataDir).snapshot
  if (spec.kind === 'synthetic')
    return syntheticInstance(spec.seed, scaledSynthetic(spec.destinations))
  const full = syntheticInstance(spec.seed, fullSyntheticSize)
  const kept = new Set(
    full.lines
      .slice(0, (spec.destinations * full.lines.length) / fullSyntheticSize.destinations)
      .map((l) => l.id),
  )
  return { ...full, lines: full.lines.filter((l) => kept.has(l.id)) }
}

/** How many times a Noto run plans again in its process after the first plan. */
const AGAIN = 2

export async function run(spec: RunSpec): Promise<RunReport> {
  let rssPeakBytes = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    rssPeakBytes = Math.max(rssPeakBytes, process.memoryUsage.rss())
  }, 20)
  const started = performance.now()
  const ready = spec.prestart ? startPlanner() : Promise.resolve()
  try {
    const snapshot = snapshotOf(spec)
    await ready
    const snapshotMs = performance.now() - started
    const warmStarted = performance.now()
    if (
      spec.warm &&
      !(await warmPlanner({ ...snapshot, lines: snapshot.lines.filter((_, k) => k % 2 === 1) }))
    )
      throw new Error('the warm-up plan failed')
    const warmMs = spec.warm ? performance.now() - warmStarted : 0
    if (spec.kind === 'probe') {
      const t0 = performance.now()
      // Counted as they are found, none kept.
      let arcs = 0
      new ArcSpace(prepare(snapshot)).forEach(() => {
        arcs++
      })
      const ms = performance.now() - t0
      const fullLines = fullSyntheticSize.destinations * fullSyntheticSize.itemsPerDestination
      return { ok: true, spec, probe: { lines: snapshot.lines.length, arcs, ms, fullLines } }
    }
    const cpu = { machine: machineTicks(), own: ownTicks() }
    const marks: { progress: PlannerProgress; at: number }[] = []
    const t0 = performance.now()
    const result = await planInWorker(
      snapshot,
      (progress) => marks.push({ progress, at: performance.now() }),
      spec.method,
    ).result
    const endToEndMs = performance.now() - t0
    const seconds = endToEndMs / 1000
    const otherTicks = machineTicks() - cpu.machine - (ownTicks() - cpu.own)
    const again = []
    for (let k = 0; spec.kind === 'noto' && k < AGAIN; k++) {
      const t1 = performance.now()
      const next = await planInWorker(snapshot, () => {}, spec.method).result
      again.push({
        endToEndMs: performance.now() - t1,
        ...next.timings,
        samePlan: JSON.stringify(next.plan) === JSON.stringify(result.plan),
      })
    }
    const built = marks.find((m) => m.progress.step === 'built')!
    let previous = built.at
    const stages = marks.flatMap(({ progress, at }) => {
      if (progress.step !== 'solved') return []
      const ms = at - previous
      previous = at
      return [{ name: progress.name, ms, value: progress.value }]
    })
    const { arcs } = built.progress as Extract<PlannerProgress, { step: 'built' }>
    return {
      ok: true,
      spec,
      lines: snapshot.lines.length,
      assets: snapshot.assets.length,
      snapshotMs,
      warmMs,
      routesKept: result.routesKept,
      model: result.model,
      arcs,
      startMs: built.at - t0 - result.timings.buildMs,
      buildMs: result.timings.buildMs,
      stages,
      solveMs: result.timings.solveMs,
      aheadMs: result.timings.aheadMs,
      interpretMs: result.timings.interpretMs,
      endToEndMs,
      rssPeakBytes,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      solverMemoryBytes: result.solverMemoryBytes ?? null,
      source: result.plan.source,
      bound: result.plan.bound.tiers.map((t) => t.fulfilment),
      plan: figures(result.plan),
      greedy: figures(result.greedy),
      otherCpus: Math.max(0, otherTicks) / 100 / seconds,
      method: result.method,
      rounds: result.rounds ?? [],
      again,
    }
  } catch (error) {
    return {
      ok: false,
      spec,
      error: error instanceof Error ? error.message : String(error),
      ms: performance.now() - started,
      rssPeakBytes,
    }
  } finally {
    clearInterval(sampler)
  }
}

// Forked by bench/plan.ts: run the spec given as JSON, send the report back, and leave.
if (process.send && process.argv[2] === '--child') {
  const spec = JSON.parse(process.argv[3]!) as RunSpec
  run(spec).then((report) => {
    process.send!(report, () => process.exit(0))
  })
}
