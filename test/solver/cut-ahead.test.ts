/**
 * The cut laid ahead of the flows (domain/allocation/cut.ts, `ahead`) gives the plan cut without it,
 * on random small snapshots and seeded mid-size ones, with four kinds of flows: the solver's (stock
 * at a destination delivered there: the start's guess fails), the solver's without those, flows
 * spread over every ride (the ways laid ahead win their tiers) and random ones (the flows' way
 * keeps some tiers: the next tiers' guesses fail). Each guard of the guesses, broken, fails here.
 */
import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { findArcs } from '../../src/domain/allocation/arcs.js'
import { cutSolution, cutter } from '../../src/domain/allocation/cut.js'
import { buildModel } from '../../src/domain/allocation/model.js'
import { prepare } from '../../src/domain/allocation/reach.js'
import type { AllocationSnapshot } from '../../src/domain/allocation/snapshot.js'
import { loadSolver, solveLexicographic } from '../../src/solver/solve.js'
import { instance, midSize, random } from './instances.js'
import { snapshots } from './random-snapshots.js'

/** The solved flows, and flows no solver would give: the flows' way then loses, the ways laid ahead win. */
async function cutBothWays(s: AllocationSnapshot, seed: number) {
  const highs = await loadSolver()
  const prepared = prepare(s)
  const model = buildModel(prepared, findArcs(prepared))
  const r = random(seed)
  const solved = solveLexicographic(highs, model.lp).columns.subarray(0, model.arcs.length)
  const rides = new Map<number, number>()
  for (const arc of model.arcs)
    if (arc.asset >= 0) rides.set(arc.line, (rides.get(arc.line) ?? 0) + 1)
  const transport = (flow: (arc: (typeof model.arcs)[number], i: number) => number) =>
    Float64Array.from(model.arcs, (arc, i) => (arc.asset < 0 ? 0 : flow(arc, i)))
  for (const flows of [
    Float64Array.from(solved), // stock at a destination delivered there: no guess holds
    transport((_, i) => solved[i]!),
    transport((arc) => prepared.lines[arc.line]!.quantity / rides.get(arc.line)!),
    transport((arc) => (r.next() < 0.5 ? 0 : r.next() * prepared.lines[arc.line]!.quantity)),
  ]) {
    const early = cutter(prepared, model)
    early.ahead()
    expect(early.cut(flows)).toEqual(cutSolution(prepared, model, flows))
  }
}

describe('the cut laid ahead, on random snapshots and flows', () => {
  fcTest.prop([snapshots, fc.integer()], { numRuns: 300, seed: 1 })(
    'gives the plan cut without it on random small snapshots',
    cutBothWays,
  )
  it('gives the plan cut without it on seeded mid-size instances', async () => {
    for (let seed = 1; seed <= 6; seed++)
      await cutBothWays(
        instance(seed, seed % 2 ? midSize : { ...midSize, trucks: 8, shelters: 20 }),
        seed,
      )
  }, 60_000)
})
