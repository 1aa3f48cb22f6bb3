/**
 * The planner in a worker thread: progress as it goes, the very plan the calling thread would make,
 * a refusal that names the field, cancel stopping it mid-solve (and doing nothing once the plan has
 * ended), a worker started ahead of the first plan, and one warmed by a plan thrown away.
 */
import { describe, expect, it } from 'vitest'
import { Refusal } from '../../src/app/errors.js'
import { makePlan, type PlannerProgress } from '../../src/solver/make-plan.js'
import {
  keptWorkerThread,
  lastWarmUp,
  PlanCancelled,
  planInWorker,
  plannerWarming,
  startPlanner,
  warmPlanner,
} from '../../src/solver/run-in-worker.js'
import { instance, midSize } from './instances.js'

describe('planner worker', () => {
  const snapshot = instance(7, midSize)

  it('reports progress and gives the plan the calling thread gives', async () => {
    const progress: PlannerProgress[] = []
    const job = planInWorker(snapshot, (p) => progress.push(p))
    const [inWorker, inThread] = await Promise.all([job.result, makePlan(snapshot)])
    expect(
      progress.map((p) => (p.step === 'solved' ? `${p.stage}/${p.of} ${p.name}` : p.step)),
    ).toEqual([
      'built',
      '1/5 life-saving',
      '2/5 life-sustaining',
      '3/5 other',
      '4/5 tonne-hours',
      '5/5 arrival-hours',
      'interpreted',
    ])
    expect(progress[0]).toEqual({
      step: 'built',
      model: inThread.model,
      arcs: expect.any(Number),
      sortieGroups: expect.any(Number),
    })
    expect(inWorker.plan).toEqual(inThread.plan)
    expect(inWorker.greedy).toEqual(inThread.greedy)
    expect(inWorker.comparison).toEqual(inThread.comparison)
    expect(inWorker.stages).toEqual(inThread.stages)
    expect(inWorker.plan.consignments.length).toBeGreaterThan(10)
  })

  it('keeps the worker of a plan that ended well for the next plan, the same plan again', async () => {
    const first = await planInWorker(snapshot).result
    const kept = keptWorkerThread()
    expect(kept).toEqual(expect.any(Number))
    const progress: PlannerProgress[] = []
    const job = planInWorker(snapshot, (p) => progress.push(p))
    const second = await job.result
    expect(second.plan).toEqual(first.plan)
    expect(progress.at(-1)).toEqual({ step: 'interpreted' })
    expect(keptWorkerThread()).toBe(kept)
  })

  it('leaves the kept worker alone when a plan that has ended is cancelled', async () => {
    const ended = planInWorker(snapshot)
    await ended.result
    const kept = keptWorkerThread()
    expect(kept).toEqual(expect.any(Number))
    // Nothing left to cancel: the worker is kept for the next plan, which may have it already.
    await ended.cancel()
    expect(keptWorkerThread()).toBe(kept)
    const next = await planInWorker(snapshot).result
    expect(next.plan.consignments.length).toBeGreaterThan(10)
    expect(keptWorkerThread()).toBe(kept)
  })

  it('plans in the worker started ahead of the first plan, and keeps it', async () => {
    // A plan cancelled in its worker ends it, so none is kept; then one is started ahead.
    const cancelled = planInWorker(snapshot, (p) => {
      if (p.step === 'built') void cancelled.cancel()
    })
    await expect(cancelled.result).rejects.toBeInstanceOf(PlanCancelled)
    expect(keptWorkerThread()).toBeNull()
    await startPlanner()
    const started = keptWorkerThread()
    expect(started).toEqual(expect.any(Number))
    const progress: PlannerProgress[] = []
    const result = await planInWorker(snapshot, (p) => progress.push(p)).result
    expect(result.plan).toEqual((await makePlan(snapshot)).plan)
    expect(progress.at(-1)).toEqual({ step: 'interpreted' })
    expect(keptWorkerThread()).toBe(started)
    // A second start keeps the worker there is.
    await startPlanner()
    expect(keptWorkerThread()).toBe(started)
  })

  it('passes a refusal back as a refusal', async () => {
    const job = planInWorker({ ...snapshot, horizonHours: 0 })
    await expect(job.result).rejects.toBeInstanceOf(Refusal)
    await expect(job.result).rejects.toThrow(/horizonHours: hours, greater than 0/)
  })

  it('stops when cancelled, mid-solve', async () => {
    let built: () => void = () => {}
    const started = new Promise<void>((resolve) => {
      built = resolve
    })
    const job = planInWorker(instance(11, { ...midSize, shelters: 80, trucks: 8 }), (p) => {
      if (p.step === 'built') built()
    })
    await started
    await job.cancel()
    await expect(job.result).rejects.toBeInstanceOf(PlanCancelled)
    // A cancelled worker is not kept; the next plan gets a new one.
    expect(keptWorkerThread()).toBeNull()
    const after = await planInWorker(snapshot).result
    expect(after.plan.consignments.length).toBeGreaterThan(10)
  })

  it('warms the kept worker with a plan thrown away: a later plan on the network finds its routes', async () => {
    // Ends any kept worker: a cancelled plan's worker is not kept.
    const cancelled = planInWorker(snapshot, (p) => {
      if (p.step === 'built') void cancelled.cancel()
    })
    await expect(cancelled.result).rejects.toBeInstanceOf(PlanCancelled)
    await startPlanner()
    const started = keptWorkerThread()
    // Warmed on half the lines; planned on all of them: other requests, the same network.
    expect(
      await warmPlanner({ ...snapshot, lines: snapshot.lines.filter((_, k) => k % 2 === 0) }),
    ).toBe(true)
    expect(plannerWarming()).toBe(false)
    expect(keptWorkerThread()).toBe(started)
    const result = await planInWorker(snapshot).result
    expect(result.routesKept).toBe(true)
    expect(result.plan).toEqual((await makePlan(snapshot)).plan)
    expect(keptWorkerThread()).toBe(started)
    // Another network (a leg gone): its routes are found again, in the same worker.
    const other = await planInWorker({ ...snapshot, legs: snapshot.legs.slice(1) }).result
    expect(other.routesKept).toBe(false)
  })

  it('warms nothing when no worker is kept: a plan took it and is warming it', async () => {
    const running = planInWorker(snapshot, (p) => {
      if (p.step === 'built') void running.cancel()
    })
    await expect(running.result).rejects.toBeInstanceOf(PlanCancelled)
    expect(keptWorkerThread()).toBeNull()
    expect(await warmPlanner(snapshot)).toBe(false)
    expect(plannerWarming()).toBe(false)
    expect(lastWarmUp()).not.toEqual({ lines: snapshot.lines.length })
  })

  it('cancels a warm-up rather than wait for it when a plan starts', async () => {
    await startPlanner()
    const big = instance(11, { ...midSize, shelters: 80, trucks: 8 })
    const warmed = warmPlanner(big)
    expect(plannerWarming()).toBe(true)
    const job = planInWorker(snapshot)
    expect(plannerWarming()).toBe(false)
    expect(await warmed).toBe(false)
    const result = await job.result
    expect(result.plan).toEqual((await makePlan(snapshot)).plan)
    // The plan's worker is kept; the warm-up's was ended.
    expect(keptWorkerThread()).toEqual(expect.any(Number))
  })
})
