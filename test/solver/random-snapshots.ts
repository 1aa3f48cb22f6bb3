/**
 * Random small planning snapshots (fast-check) and the rules every plan must keep, for the planner's
 * property tests: seven places on a few legs, some closed or damaged; trucks, helicopters and an
 * aircraft with windows; lots with owners and expiry; lines with tiers and needed-by; owners' rules.
 */
import { fc } from '@fast-check/vitest'
import { mayReceiveUnder } from '../../src/domain/access/permissions.js'
import type { PlanOutcome } from '../../src/domain/allocation/outcome.js'
import type { AllocationSnapshot } from '../../src/domain/allocation/snapshot.js'
import { ruleFor } from '../../src/domain/ledger/allocation-rule.js'
import { at, leg, place, START, TENT, truck, WATER } from '../domain/allocation/fixtures.js'

const PLACES = [
  place('H1', 'hub', 36.6, 136.6),
  place('H2', 'hub', 36.9, 136.8),
  place('A1', 'airport', 36.4, 136.4),
  place('A2', 'airport', 37.3, 136.9),
  place('S1', 'shelter', 37.0, 136.7),
  place('S2', 'shelter', 37.2, 136.9),
  place('S3', 'shelter', 37.4, 137.0),
]
const LEG_ENDS: [string, string, 'road' | 'air'][] = [
  ['H1', 'S1', 'road'],
  ['H1', 'H2', 'road'],
  ['H2', 'S2', 'road'],
  ['S1', 'S2', 'road'],
  ['S2', 'S3', 'road'],
  ['H1', 'A1', 'road'],
  ['A2', 'S3', 'road'],
  ['A1', 'A2', 'air'],
]
const KIT = { id: 'KIT', unitWeightG: 1_000, unitVolumeMl: 2_000 }
const ITEMS = ['WATER', 'TENT', 'KIT']

export const snapshots = fc
  .record({
    horizonHours: fc.integer({ min: 3, max: 24 }),
    legs: fc.tuple(
      ...LEG_ENDS.map(() =>
        fc.record({
          minutes: fc.integer({ min: 5, max: 240 }),
          status: fc.constantFrom('open', 'open', 'open', 'damaged', 'closed'),
        }),
      ),
    ),
    lots: fc.array(
      fc.record({
        place: fc.constantFrom('H1', 'H2', 'S1'),
        item: fc.constantFrom(...ITEMS),
        owner: fc.constantFrom('ORG-A', 'ORG-B'),
        expiresOn: fc.constantFrom(null, null, '2024-01-02', '2024-01-03', '2024-01-04'),
        available: fc.integer({ min: 1, max: 300 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    lines: fc.array(
      fc.record({
        destination: fc.constantFrom('S1', 'S2', 'S3'),
        item: fc.constantFrom(...ITEMS),
        quantity: fc.integer({ min: 1, max: 300 }),
        tier: fc.constantFrom('life-saving', 'life-sustaining', 'other'),
        neededBy: fc.option(fc.integer({ min: 20, max: 1500 }), { nil: null }),
        requester: fc.constantFrom('ORG-R', 'ORG-Q', 'ORG-A'),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    assets: fc.array(
      fc.record({
        kind: fc.constantFrom('truck', 'truck', 'helicopter', 'fixed-wing'),
        base: fc.constantFrom('H1', 'H2'),
        payloadKg: fc.constantFrom(500, 2000),
        volumeM3: fc.constantFrom(2, 20),
        status: fc.constantFrom('available', 'available', 'available', 'maintenance'),
        from: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
        until: fc.option(fc.integer({ min: 300, max: 1440 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    rules: fc.array(
      fc.record({
        org: fc.constantFrom('ORG-A', 'ORG-B'),
        item: fc.constantFrom(null, ...ITEMS),
        allowed: fc.constantFrom<'any' | 'none' | string[]>('any', 'none', ['ORG-R'], ['ORG-Q']),
      }),
      { maxLength: 2 },
    ),
  })
  .map(
    (r): AllocationSnapshot => ({
      start: START,
      horizonHours: r.horizonHours,
      items: [WATER, TENT, KIT],
      places: PLACES,
      legs: LEG_ENDS.map(([from, to, mode], i) =>
        leg(`${from}-${to}`, from, to, r.legs[i]!.minutes, {
          mode,
          status: r.legs[i]!.status as 'open' | 'damaged' | 'closed',
        }),
      ),
      lots: r.lots.map((l, i) => ({ ...l, id: `LOT-${i}`, lot: `L${i}` })),
      lines: r.lines.map((l, i) => ({
        ...l,
        id: `LINE-${i}`,
        request: `REQ-${i % 2}`,
        tier: l.tier as 'life-saving' | 'life-sustaining' | 'other',
        neededBy: l.neededBy === null ? null : at(l.neededBy),
      })),
      assets: r.assets.map((a, i) =>
        truck(`AS-${i}`, a.kind === 'fixed-wing' ? 'A1' : a.base, {
          kind: a.kind as 'truck' | 'helicopter' | 'fixed-wing',
          speedKmh: a.kind === 'truck' ? 60 : a.kind === 'helicopter' ? 250 : 500,
          rangeKm: a.kind === 'helicopter' ? 300 : null,
          payloadKg: a.payloadKg,
          volumeM3: a.volumeM3,
          status: a.status as 'available' | 'maintenance',
          availableFrom: a.from === null ? null : at(a.from),
          availableUntil: a.until === null ? null : at(a.until),
        }),
      ),
      rules: r.rules.map((rule, i) => ({ ...rule, id: `RULE-${i}`, place: null, note: null })),
    }),
  )

const mainMode = { 'fixed-wing': 'air', ship: 'sea', truck: null, helicopter: null } as const

/** Every rule a plan must keep; returns the first one broken, or null. */
export function broken(s: AllocationSnapshot, plan: PlanOutcome): string | null {
  const lots = new Map(s.lots.map((l) => [l.id, l]))
  const lines = new Map(s.lines.map((l) => [l.id, l]))
  const items = new Map(s.items.map((i) => [i.id, i]))
  const assets = new Map(s.assets.map((a) => [a.id, a]))
  const closed = new Set(s.legs.filter((l) => l.status === 'closed').map((l) => l.id))
  const ms = Date.parse
  const horizonEnd = ms(START) + s.horizonHours * 3_600_000
  const fromLot = new Map<string, number>()
  const toLine = new Map<string, number>()
  for (const a of plan.allocations) {
    const lot = lots.get(a.lot)!
    const line = lines.get(a.line)!
    fromLot.set(a.lot, (fromLot.get(a.lot) ?? 0) + a.quantity)
    toLine.set(a.line, (toLine.get(a.line) ?? 0) + a.quantity)
    if (lot.item !== line.item) return `${a.lot} is not ${line.item}`
    const rule = ruleFor(s.rules, lot.owner, lot.item, lot.place)
    if (!mayReceiveUnder(rule?.allowed ?? 'any', line.requester, lot.owner))
      return `${lot.owner}'s ${a.lot} to ${line.requester}`
    if (lot.expiresOn !== null && ms(a.eta) >= ms(`${lot.expiresOn}T00:00:00Z`))
      return `${a.lot} arrives expired`
    if (line.neededBy !== null && ms(a.eta) > ms(line.neededBy)) return `${a.line} arrives late`
    if (ms(a.eta) > horizonEnd || ms(a.departure) < ms(START))
      return `${a.line} outside the horizon`
  }
  for (const [id, quantity] of fromLot)
    if (quantity > lots.get(id)!.available) return `${id} overdrawn`
  for (const line of s.lines) {
    const unmet = plan.unmet.filter((u) => u.line === line.id).reduce((n, u) => n + u.quantity, 0)
    if ((toLine.get(line.id) ?? 0) + unmet !== line.quantity) return `${line.id} does not add up`
  }
  const busy = new Map<string, [number, number][]>()
  const occupy = (asset: string, span: [number, number]) => {
    const list = busy.get(asset)
    if (list) list.push(span)
    else busy.set(asset, [span])
  }
  for (const c of plan.consignments) {
    const asset = assets.get(c.asset)!
    let grams = 0
    let millilitres = 0
    for (const l of c.lines) {
      const item = items.get(l.item)!
      grams += l.quantity * item.unitWeightG
      millilitres += l.quantity * item.unitVolumeMl
    }
    if (grams > asset.payloadKg * 1000 || millilitres > asset.volumeM3 * 1e6)
      return `${c.id} overloaded`
    if (Math.abs(c.loadKg - grams / 1000) > 1e-9) return `${c.id} load misstated`
    if (c.route.steps.some((step) => step.leg !== null && closed.has(step.leg)))
      return `${c.id} on a closed leg`
    if (asset.status !== 'available') return `${c.id} on an asset in ${asset.status}`
    const main = mainMode[asset.kind]
    const first = main === null ? 0 : c.route.steps.findIndex((step) => step.mode === main)
    const lead = c.route.steps.slice(0, first).reduce((n, step) => n + step.minutes, 0)
    const flown = c.route.steps.filter((step) => main === null || step.mode === main)
    const leaves = ms(c.departure) + lead * 60_000
    const cycle = 2 * flown.reduce((n, step) => n + step.minutes, 0) * 60_000
    if (asset.availableFrom !== null && leaves < ms(asset.availableFrom)) return `${c.id} too early`
    if (asset.availableUntil !== null && ms(c.eta) > ms(asset.availableUntil))
      return `${c.id} after the asset's window`
    occupy(c.asset, [leaves, leaves + cycle])
  }
  for (const [asset, spans] of busy) {
    spans.sort((a, b) => a[0] - b[0])
    for (let i = 1; i < spans.length; i++)
      if (spans[i]![0] < spans[i - 1]![1]) return `${asset} in two sorties at once`
  }
  return null
}
