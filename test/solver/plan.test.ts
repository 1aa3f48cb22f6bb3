/**
 * The optimum on small instances whose best plan is worked out by hand in the comments: tiers in
 * strict order, tonne-hours last, needed-by, expiry, closed legs, allocation rules, every unmet
 * reason, consignments cut per sortie, and the same plan for the same snapshot.
 */
import { describe, expect, it } from 'vitest'
import { buildAllocation, interpret } from '../../src/domain/allocation/plan.js'
import { makePlan, type PlannerResult } from '../../src/solver/make-plan.js'
import {
  highsScalingAndPricing,
  loadSolver,
  solveLexicographic,
  solverOptions,
  wholeModelOptions,
} from '../../src/solver/solve.js'
import { Refusal } from '../../src/app/errors.js'
import type { AllocationSnapshot } from '../../src/domain/allocation/snapshot.js'
import {
  at,
  leg,
  line,
  lot,
  place,
  rule,
  snapshot,
  TENT,
  threeShelters,
  tierInstance,
  truck,
  WATER,
} from '../domain/allocation/fixtures.js'

const sorties = (result: PlannerResult) =>
  result.plan.consignments.map((c) => [
    c.id,
    c.origin,
    c.destination,
    c.departure,
    c.eta,
    c.lines.map((l) => [l.line, l.lot, l.quantity]),
  ])
const fulfilment = (tiers: readonly { fulfilment: number }[]) => tiers.map((t) => t.fulfilment)

/** A hub, a shelter straight along h-s or around by X (h-x, x-s), with the legs named closed. */
const roadsAround = (closed: readonly string[]) =>
  snapshot({
    places: [place('HUB'), place('X', 'municipality'), place('S', 'shelter')],
    legs: [leg('h-s', 'HUB', 'S', 60), leg('h-x', 'HUB', 'X', 50), leg('x-s', 'X', 'S', 50)].map(
      (l) => (closed.includes(l.id) ? { ...l, status: 'closed' as const } : l),
    ),
    assets: [truck('T', 'HUB')],
    lots: [lot('L', 'HUB', 'WATER', 100)],
    lines: [line('A', 'S', 'WATER', 100)],
  })

describe('optimal plan', () => {
  it('serves a life-saving line though it costs tonne-hours and leaves more "other" unmet', async () => {
    /*
     * Without A, three sorties to S2 (at 0, 40, 80) would bring all 300 of B in 2 hours for
     * 3 t × 1/3 h = 1 tonne-hour. With A first: one sortie to S2 (0–40) and then S1 (leaves 40,
     * lands 100) — A whole, B a third, for 1/3 + 1 = 4/3 tonne-hours. The linear program's bound is
     * 1.5 sorties' worth to S2 (B at 0.5): half a sortie does not fly.
     */
    const result = await makePlan(tierInstance)
    // The solver's objective values are floating point (0.5 may come back as 0.49999999999999994):
    // to 12 places, as the tonne-hours below.
    const expected: [string, number][] = [
      ['life-saving', 1],
      ['life-sustaining', 0],
      ['other', 0.5],
      ['tonne-hours', 1.5],
      // 100 units whose first sortie lands in 1 h, 150 in 1/3 h
      ['arrival-hours', 150],
    ]
    expect(result.stages.map((s) => s.name)).toEqual(expected.map(([name]) => name))
    result.stages.forEach((stage, k) => {
      expect(stage.value).toBeCloseTo(expected[k]![1], 12)
    })
    expect(sorties(result)).toEqual([
      ['T1/1', 'HUB', 'S2', at(0), at(20), [['B', 'L1', 100]]],
      ['T1/2', 'HUB', 'S1', at(40), at(100), [['A', 'L1', 100]]],
    ])
    expect(result.plan.source).toBe('optimum')
    expect(fulfilment(result.plan.tiers)).toEqual([1, 0, 1 / 3])
    expect(result.plan.tonneHours).toBeCloseTo(4 / 3, 12)
    // What the linear program's bound delivers more than the plan: its flows, floating point.
    const lost = result.plan.roundingLoss.map((l) => l.delivered)
    ;[0, 0, 50].forEach((units, t) => {
      expect(lost[t]).toBeCloseTo(units, 9)
    })
    expect(result.plan.unmet).toEqual([{ line: 'B', quantity: 200, reason: 'no-capacity' }])
    // Greedy sends A first and then has no time left for B.
    expect(result.comparison.tiers.map((t) => [t.plan.delivered, t.greedy.delivered])).toEqual([
      [100, 100],
      [0, 0],
      [100, 0],
    ])
    // Without the life-saving line, all of B goes.
    const withoutA = await makePlan({ ...tierInstance, lines: tierInstance.lines.slice(1) })
    expect(withoutA.plan.tiers[2]!.delivered).toBe(300)
    expect(withoutA.plan.tonneHours).toBeCloseTo(1, 12)
  })

  it('takes the stock fewest tonne-hours away when tiers are equal', async () => {
    // 100 units from HUB-N (30 min) are 0.5 tonne-hours; from HUB-F (90 min) 1.5.
    const result = await makePlan(
      snapshot({
        places: [place('HUB-F'), place('HUB-N'), place('S', 'shelter')],
        legs: [leg('n-s', 'HUB-N', 'S', 30), leg('f-s', 'HUB-F', 'S', 90)],
        assets: [truck('T', 'HUB-N')],
        lots: [lot('LF', 'HUB-F', 'WATER', 100), lot('LN', 'HUB-N', 'WATER', 100)],
        lines: [line('A', 'S', 'WATER', 100)],
      }),
    )
    expect(result.stages[3]!.value).toBeCloseTo(0.5, 9)
    expect(sorties(result)).toEqual([['T/1', 'HUB-N', 'S', at(0), at(30), [['A', 'LN', 100]]]])
  })

  it('flies when the road would arrive after needed-by, and gives up when nothing arrives in time', async () => {
    /*
     * The road takes 240 min; the flight 55 door to door (5 by road to KMQ, 30 in the air, 20 by
     * road). Needed by 120: two flights (leaving KMQ at 5 and 65, landing the goods at 55 and 115).
     */
    const base = snapshot({
      places: [
        place('HUB'),
        place('KMQ', 'airport'),
        place('NTQ', 'airport'),
        place('S', 'shelter'),
      ],
      legs: [
        leg('hub-s', 'HUB', 'S', 240),
        leg('hub-kmq', 'HUB', 'KMQ', 5),
        leg('kmq-ntq', 'KMQ', 'NTQ', 30, { mode: 'air' }),
        leg('ntq-s', 'NTQ', 'S', 20),
      ],
      assets: [
        truck('T', 'HUB', { payloadKg: 20_000, volumeM3: 100 }),
        truck('C2', 'KMQ', { kind: 'fixed-wing', speedKmh: 500, payloadKg: 1000, volumeM3: 100 }),
      ],
      lots: [lot('L', 'HUB', 'WATER', 1000)],
      lines: [line('A', 'S', 'WATER', 300, { neededBy: at(120) })],
    })
    const result = await makePlan(base)
    expect(sorties(result)).toEqual([
      ['C2/1', 'HUB', 'S', at(0), at(55), [['A', 'L', 100]]],
      ['C2/2', 'HUB', 'S', at(60), at(115), [['A', 'L', 100]]],
    ])
    expect(result.plan.consignments[0]!.route.steps.map((s) => s.mode)).toEqual([
      'road',
      'air',
      'road',
    ])
    expect(result.plan.unmet).toEqual([{ line: 'A', quantity: 100, reason: 'no-capacity' }])
    const grounded = await makePlan({
      ...base,
      assets: base.assets.map((a) =>
        a.id === 'C2' ? { ...a, status: 'maintenance' as const } : a,
      ),
    })
    expect(grounded.plan.consignments).toEqual([])
    expect(grounded.plan.unmet).toEqual([{ line: 'A', quantity: 300, reason: 'no-route-in-time' }])
  })

  it('leaves a lot that would expire on the way and takes one that keeps', async () => {
    // From 23:00 the near lot (expiring the next day) may arrive until 23:59; its road takes 90 min.
    const s = (expiresOn: string | null) =>
      snapshot({
        start: '2024-01-02T23:00:00.000Z',
        places: [place('HUB-F'), place('HUB-N'), place('S', 'shelter')],
        legs: [leg('n-s', 'HUB-N', 'S', 90), leg('f-s', 'HUB-F', 'S', 150)],
        assets: [truck('TF', 'HUB-F'), truck('TN', 'HUB-N')],
        lots: [lot('LF', 'HUB-F', 'WATER', 100), lot('LN', 'HUB-N', 'WATER', 100, { expiresOn })],
        lines: [line('A', 'S', 'WATER', 100)],
      })
    const keeps = await makePlan(s(null))
    expect(keeps.plan.consignments.map((c) => [c.id, c.lines[0]!.lot])).toEqual([['TN/1', 'LN']])
    // Either truck could fetch LF for the same tonne-hours; TF, already there, lands it first.
    const expiring = await makePlan(s('2024-01-03'))
    expect(expiring.plan.consignments.map((c) => [c.id, c.lines[0]!.lot, c.eta])).toEqual([
      ['TF/1', 'LF', '2024-01-03T01:30:00.000Z'],
    ])
    expect(expiring.plan.bound.tonneHours).toBeCloseTo(2.5, 9)
  })

  it('goes around a closed road, and says no route when every way is closed', async () => {
    const around = await makePlan(roadsAround(['h-s']))
    expect(around.plan.consignments.map((c) => [c.eta, c.route.steps.map((r) => r.leg)])).toEqual([
      [at(100), ['h-x', 'x-s']],
    ])
    const cut = await makePlan(roadsAround(['h-s', 'x-s']))
    expect(cut.plan.unmet).toEqual([{ line: 'A', quantity: 100, reason: 'no-route-in-time' }])
  })

  it('finds the routes again when the network changes between plans in one thread', async () => {
    // make-plan keeps the last network's routes: a leg closed or opened must not find the old ones.
    const legsOf = (result: PlannerResult) =>
      result.plan.consignments.map((c) => c.route.steps.map((r) => r.leg))
    for (const [closed, legs] of [
      [[], [['h-s']]],
      [[], [['h-s']]],
      [['h-s'], [['h-x', 'x-s']]],
      [[], [['h-s']]],
      [['h-s', 'x-s'], []],
    ] as const)
      expect(legsOf(await makePlan(roadsAround([...closed])))).toEqual(legs)
  })

  it("gives an owner's stock only to the partners its rule names, whatever their tier", async () => {
    const result = await makePlan(
      snapshot({
        places: [place('HUB'), place('S', 'shelter')],
        legs: [leg('h-s', 'HUB', 'S', 30)],
        assets: [truck('T', 'HUB')],
        lots: [lot('L', 'HUB', 'WATER', 200, { owner: 'ORG-A' })],
        rules: [rule('ORG-A', ['ORG-R'])],
        lines: [
          line('Q', 'S', 'WATER', 100, { requester: 'ORG-Q', tier: 'life-saving' }),
          line('R', 'S', 'WATER', 100, { requester: 'ORG-R' }),
        ],
      }),
    )
    expect(result.plan.allocations.map((a) => [a.line, a.quantity])).toEqual([['R', 100]])
    expect(result.plan.unmet).toEqual([{ line: 'Q', quantity: 100, reason: 'not-allowed' }])
  })

  it('says why each unmet quantity is unmet', async () => {
    // As greedy's reasons test: no stock, not allowed, no route, no capacity (2 of 2.5 sorties fly).
    const result = await makePlan(
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
        lots: [lot('L1', 'HUB', 'WATER', 1000), lot('L2', 'HUB', 'TENT', 100, { owner: 'ORG-B' })],
        rules: [rule('ORG-B', 'none')],
        lines: [
          line('N1', 'S1', 'KIT', 10),
          line('N2', 'S1', 'TENT', 10),
          line('N3', 'FAR', 'WATER', 50),
          line('N4', 'S2', 'WATER', 500),
        ],
      }),
    )
    expect(result.plan.bound.tiers[2]!.delivered).toBeCloseTo(250, 9)
    expect(result.plan.tiers[2]!.delivered).toBe(200)
    expect(result.plan.unmet).toEqual([
      { line: 'N1', quantity: 10, reason: 'no-stock' },
      { line: 'N2', quantity: 10, reason: 'not-allowed' },
      { line: 'N3', quantity: 50, reason: 'no-route-in-time' },
      { line: 'N4', quantity: 300, reason: 'no-capacity' },
    ])
  })

  it('packs several lines for one place into as few sorties as payload and volume allow', async () => {
    /*
     * 25 tents (50 kg, 200 L) and 150 water (10 kg, 10 L) on a 1 t, 2 m³ truck: 6.5 m³ and 2.75 t,
     * so at least 4 sorties. Tents first (by line): 10, 10, 5 + 75 water, then 75 water.
     */
    const result = await makePlan(
      snapshot({
        places: [place('HUB'), place('S', 'shelter')],
        legs: [leg('h-s', 'HUB', 'S', 30)],
        assets: [truck('T', 'HUB', { volumeM3: 2 })],
        lots: [lot('LT', 'HUB', 'TENT', 100), lot('LW', 'HUB', 'WATER', 1000)],
        lines: [line('A-TENT', 'S', 'TENT', 25), line('B-WATER', 'S', 'WATER', 150)],
      }),
    )
    expect(
      result.plan.consignments.map((c) => [c.loadKg, c.loadM3, c.lines.map((l) => l.quantity)]),
    ).toEqual([
      [500, 2, [10]],
      [500, 2, [10]],
      [1000, 1.75, [5, 75]],
      [750, 0.75, [75]],
    ])
    expect(result.plan.unmet).toEqual([])
  })

  it('gives the same plan for the same snapshot in any order', async () => {
    const reversed = (s: AllocationSnapshot): AllocationSnapshot => ({
      ...s,
      places: [...s.places].reverse(),
      legs: [...s.legs].reverse(),
      lots: [...s.lots].reverse(),
      lines: [...s.lines].reverse(),
      assets: [...s.assets].reverse(),
    })
    const a = await makePlan(tierInstance)
    const b = await makePlan(reversed(tierInstance))
    expect(b.plan).toEqual(a.plan)
    expect(b.greedy).toEqual(a.greedy)
  })

  it('refuses a snapshot that does not hold together, naming the field', async () => {
    const bad = { ...tierInstance, lines: [line('A', 'NOWHERE', 'WATER', 0)] }
    await expect(makePlan(bad)).rejects.toThrow(Refusal)
    await expect(makePlan(bad)).rejects.toThrow(/lines\[0\]\.destination: unknown place NOWHERE/)
  })
})

describe('the plan whichever optimum the solver returns', () => {
  it('cuts the optima of two solver settings to the same best plan', async () => {
    const highs = await loadSolver()
    const built = buildAllocation(threeShelters)
    const solved = [solverOptions, highsScalingAndPricing, wholeModelOptions].map(
      (options) => solveLexicographic(highs, built.model.lp, undefined, options).columns,
    )
    // The two settings land on different optimal solutions of this linear program (every line
    // served, by one truck or the other): what this test is about. Should a HiGHS release make
    // them agree, the instance needs another optimum to show it.
    expect([...solved[1]!]).not.toEqual([...solved[0]!])
    const plans = solved.map((columns) => interpret(built, columns).plan)
    for (const plan of plans) {
      expect(fulfilment(plan.tiers)).toEqual([4, 0, 0])
      expect(plan.consignments.map((c) => [c.asset, c.destination, c.loadKg])).toEqual([
        ['T1', 'S1', 200],
        ['T2', 'S2', 200],
      ])
      expect(plan.unmet).toEqual([{ line: 'A-S0', quantity: 10, reason: 'no-capacity' }])
      expect(plan.roundingLoss[0]).toMatchObject({ delivered: 10, fulfilment: 1 })
    }
    expect(plans[1]).toEqual(plans[0])
    expect(plans[2]).toEqual(plans[0])
  })
})
