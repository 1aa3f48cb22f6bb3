/**
 * The spreadsheet baseline, and why what stays unmet stays unmet — shown on instances built so that
 * each reason is the true one.
 */
import { describe, expect, it } from 'vitest'
import { findArcs } from '../../../src/domain/allocation/arcs.js'
import { greedyPlan } from '../../../src/domain/allocation/greedy.js'
import type { PlanOutcome } from '../../../src/domain/allocation/outcome.js'
import { prepare } from '../../../src/domain/allocation/reach.js'
import type { AllocationSnapshot } from '../../../src/domain/allocation/snapshot.js'
import {
  at,
  leg,
  line,
  lot,
  place,
  rule,
  snapshot,
  TENT,
  tierInstance,
  truck,
  WATER,
} from './fixtures.js'

const greedy = (s: AllocationSnapshot) => {
  const prepared = prepare(s)
  return greedyPlan(prepared, findArcs(prepared))
}
const sorties = (plan: PlanOutcome) =>
  plan.consignments.map((c) => [
    c.id,
    c.origin,
    c.destination,
    c.departure,
    c.eta,
    c.lines.map((l) => [l.line, l.lot, l.quantity]),
  ])

describe('greedy baseline', () => {
  it('serves the life-saving line first, one sortie after another', () => {
    const plan = greedy(tierInstance)
    // S1 there and back takes the truck's 2 hours; nothing more reaches S2 in time.
    expect(sorties(plan)).toEqual([['T1/1', 'HUB', 'S1', at(0), at(60), [['A', 'L1', 100]]]])
    expect(plan.tiers.map((t) => [t.tier, t.delivered, t.fulfilment])).toEqual([
      ['life-saving', 100, 1],
      ['life-sustaining', 0, 0],
      ['other', 0, 0],
    ])
    expect(plan.unmet).toEqual([{ line: 'B', quantity: 300, reason: 'no-capacity' }])
    expect([plan.tonneKm, plan.tonneHours, plan.assetsUsed]).toEqual([60, 1, 1])
  })

  it('takes the nearest stock first and the first asset whose next sortie arrives in time', () => {
    /*
     * HUB-N is 30 min from S, HUB-F 90 min; the line is needed by 100 min. TA (first by id) carries
     * at 0 and 60; its third sortie would land at 150, so TB takes the rest of HUB-N's 250 at 0.
     * HUB-F's stock cannot arrive in time by any truck (positioning there alone takes 120 min).
     */
    const plan = greedy(
      snapshot({
        places: [
          place('HUB-F', 'hub', 37.0),
          place('HUB-N', 'hub', 36.6),
          place('S', 'shelter', 36.5),
        ],
        legs: [leg('n-s', 'HUB-N', 'S', 30), leg('f-s', 'HUB-F', 'S', 90)],
        assets: [truck('TB', 'HUB-N'), truck('TA', 'HUB-N')],
        lots: [lot('LF', 'HUB-F', 'WATER', 500), lot('LN', 'HUB-N', 'WATER', 250)],
        lines: [line('A', 'S', 'WATER', 400, { neededBy: at(100) })],
      }),
    )
    expect(sorties(plan)).toEqual([
      ['TA/1', 'HUB-N', 'S', at(0), at(30), [['A', 'LN', 100]]],
      ['TA/2', 'HUB-N', 'S', at(60), at(90), [['A', 'LN', 100]]],
      ['TB/1', 'HUB-N', 'S', at(0), at(30), [['A', 'LN', 50]]],
    ])
    expect(plan.unmet).toEqual([{ line: 'A', quantity: 150, reason: 'no-route-in-time' }])
    expect(plan.assetsUsed).toBe(2)
  })

  it('cuts loads by payload and by volume, whichever is full first', () => {
    // A tent is 50 kg and 200 litres: 20 by weight but 10 by volume fit a 1 t, 2 m³ truck.
    const plan = greedy(
      snapshot({
        places: [place('HUB'), place('S', 'shelter')],
        legs: [leg('h-s', 'HUB', 'S', 30)],
        assets: [truck('T', 'HUB', { volumeM3: 2 })],
        lots: [lot('L', 'HUB', 'TENT', 100)],
        lines: [line('A', 'S', 'TENT', 25)],
      }),
    )
    expect(plan.consignments.map((c) => [c.loadKg, c.loadM3, c.eta])).toEqual([
      [500, 2, at(30)],
      [500, 2, at(90)],
      [250, 1, at(150)],
    ])
  })
})

describe('unmet reasons', () => {
  /*
   * HUB ─30─ S1, HUB ─30─ S2; FAR has no legs at all. One truck, 2 hours: two sorties to S2.
   * KIT: no stock anywhere. TENT: ORG-B's, which lets no one else have it. WATER to FAR: no route.
   * WATER to S2: 500 wanted, two sorties bring 200, and water is left at HUB.
   */
  const reasons = (waterAvailable: number) =>
    snapshot({
      horizonHours: 2,
      items: [WATER, TENT, { id: 'KIT', unitWeightG: 1000, unitVolumeMl: 1000 }],
      places: [
        place('HUB'),
        place('S1', 'shelter'),
        place('S2', 'shelter'),
        place('FAR', 'shelter'),
      ],
      legs: [leg('h-s1', 'HUB', 'S1', 30), leg('h-s2', 'HUB', 'S2', 30)],
      assets: [truck('T', 'HUB')],
      lots: [
        lot('L1', 'HUB', 'WATER', waterAvailable),
        lot('L2', 'HUB', 'TENT', 100, { owner: 'ORG-B' }),
      ],
      rules: [rule('ORG-B', 'none')],
      lines: [
        line('N1', 'S1', 'KIT', 10),
        line('N2', 'S1', 'TENT', 10),
        line('N3', 'FAR', 'WATER', 50),
        line('N4', 'S2', 'WATER', 500),
      ],
    })

  it('gives each unmet quantity the reason that is true of it', () => {
    const plan = greedy(reasons(1000))
    expect(plan.tiers[2]!.delivered).toBe(200)
    expect(plan.unmet).toEqual([
      { line: 'N1', quantity: 10, reason: 'no-stock' },
      { line: 'N2', quantity: 10, reason: 'not-allowed' },
      { line: 'N3', quantity: 50, reason: 'no-route-in-time' },
      { line: 'N4', quantity: 300, reason: 'no-capacity' },
    ])
  })

  it('splits a line between reasons: capacity for the stock that is left, no stock beyond it', () => {
    const plan = greedy(reasons(350))
    expect(plan.unmet.filter((u) => u.line !== 'N1' && u.line !== 'N2')).toEqual([
      { line: 'N3', quantity: 50, reason: 'no-route-in-time' },
      { line: 'N4', quantity: 150, reason: 'no-stock' },
      { line: 'N4', quantity: 150, reason: 'no-capacity' },
    ])
  })

  it('calls stock taken by other lines no stock, and what is left but not allowed not allowed', () => {
    const s = reasons(1000)
    const tents = (available: number) =>
      greedy({
        ...s,
        lots: [lot('L2', 'HUB', 'TENT', available, { owner: 'ORG-B' })],
        rules: [rule('ORG-B', ['ORG-X'])],
        lines: [line('X', 'S1', 'TENT', 10, { requester: 'ORG-X' }), line('N2', 'S1', 'TENT', 10)],
      }).unmet
    expect(tents(10)).toEqual([{ line: 'N2', quantity: 10, reason: 'no-stock' }])
    expect(tents(20)).toEqual([{ line: 'N2', quantity: 10, reason: 'not-allowed' }])
    expect(tents(15)).toEqual([
      { line: 'N2', quantity: 5, reason: 'no-stock' },
      { line: 'N2', quantity: 5, reason: 'not-allowed' },
    ])
  })
})
