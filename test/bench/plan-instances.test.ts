/**
 * The planner bench's instances are what they say: Noto 2024 from the bundled data (the nine Noto
 * municipalities' 2024-02-01 evacuees in their shelters, the roads into Wajima and Suzu closed or
 * damaged, stock 30 % short), and a synthetic instance the same for the same seed. Checked against
 * ../shared/data's source figures when that is present.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { notoInstance, scaledSynthetic, syntheticInstance } from '../../bench/plan-instances.js'
import { DAMAGED_SLOWDOWN, notoMunicipalities } from '../../bench/plan-noto.js'
import { checkSnapshot } from '../../src/domain/allocation/snapshot.js'
import { repoRoot, sharedDataPresent } from '../support/cli.js'

const { snapshot, facts } = notoInstance(resolve(repoRoot, 'data'))
const inWajimaOrSuzu = (code: string) =>
  code === 'ICAO:RJNW' ||
  code === 'LOCODE:JPWJM' ||
  code === 'LG:172049' ||
  code === 'LG:172057' ||
  /^GSI:E1720[45]/.test(code)

describe('Noto 2024 instance', () => {
  it('spreads the nine municipalities’ evacuees over their designated shelters', () => {
    expect(facts.municipalities.map((m) => [m.name, m.evacuees, m.shelters, m.spread])).toEqual([
      ['Nanao', 1138, 82, 'by capacity'],
      ['Wajima', 2745, 48, 'evenly'],
      ['Suzu', 1483, 35, 'evenly'],
      ['Hakui', 42, 37, 'evenly'],
      ['Shika', 824, 22, 'evenly'],
      ['Hodatsushimizu', 2, 18, 'evenly'],
      ['Nakanoto', 22, 22, 'evenly'],
      ['Anamizu', 911, 53, 'evenly'],
      ['Noto', 937, 37, 'evenly'],
    ])
    // Hodatsushimizu's 2 evacuees fill 2 of its 18 shelters; elsewhere every shelter has some.
    const sheltersWithEvacuees = facts.municipalities.reduce(
      (n, m) => n + m.sheltersWithEvacuees,
      0,
    )
    expect(sheltersWithEvacuees).toBe(338)
    expect(new Set(snapshot.lines.map((l) => l.destination)).size).toBe(338)
    // Six lines a shelter: drinking water, the rest of the water, food, toilets, tents, soap.
    expect(snapshot.lines).toHaveLength(6 * 338)
    const tiers = (tier: string) => snapshot.lines.filter((l) => l.tier === tier).length
    expect([tiers('life-saving'), tiers('life-sustaining'), tiers('other')]).toEqual([
      338,
      3 * 338,
      2 * 338,
    ])
  })

  it('asks 3 days of Sphere needs: 15 L of water a person a day, 3 of them to drink first', () => {
    const wajima = snapshot.lines.filter((l) => l.destination.startsWith('GSI:E17204'))
    const bottles = (id: string) =>
      wajima.filter((l) => l.id.endsWith(`/${id}`)).reduce((n, l) => n + l.quantity, 0)
    // 2,745 people over 48 shelters: 39 of 57 and 9 of 58. Drinking: ⌈57 × 3 days × 3 L ÷ 2 L⌉ =
    // 257 bottles and 261; all the water, ⌈57 × 3 × 15 ÷ 2⌉ = 1,283 and 1,305.
    expect(bottles('drinking-water')).toBe(12_372)
    expect(bottles('drinking-water') + bottles('water')).toBe(61_782)
  })

  it('holds 70 % of each item’s need at the hubs: 30 % short', () => {
    expect(facts.items).toEqual([
      { item: 'KZ-FOOD-001', need: 132_071, stock: 92_449 },
      { item: 'KZ-NFI-013', need: 582, stock: 407 },
      { item: 'KZ-SHEL-001', need: 1_952, stock: 1_366 },
      { item: 'KZ-WASH-001', need: 182_451, stock: 127_715 },
      { item: 'KZ-WASH-018', need: 2_213, stock: 1_549 },
    ])
  })

  it('closes or slows every road into Wajima and Suzu, and closes Wajima port', () => {
    const roads = (list: typeof facts.closedLegs) => list.filter((l) => l.mode === 'road')
    expect(roads(facts.closedLegs)).toHaveLength(12)
    expect(roads(facts.damagedLegs)).toHaveLength(129)
    for (const leg of [...roads(facts.closedLegs), ...roads(facts.damagedLegs)])
      expect(inWajimaOrSuzu(leg.from) !== inWajimaOrSuzu(leg.to)).toBe(true)
    // No open road crosses into them.
    const open = snapshot.legs.filter(
      (l) =>
        l.mode === 'road' && l.status === 'open' && inWajimaOrSuzu(l.from) !== inWajimaOrSuzu(l.to),
    )
    expect(open).toEqual([])
    const wajimaPort = facts.closedLegs.filter((l) => l.mode === 'sea')
    expect(wajimaPort).toHaveLength(82)
    expect(wajimaPort.every((l) => l.from === 'LOCODE:JPWJM' || l.to === 'LOCODE:JPWJM')).toBe(true)
    const road = roads(facts.damagedLegs)[0]!
    expect(road.transitMinutes % DAMAGED_SLOWDOWN).toBe(0)
  })

  it('is a snapshot the planner accepts, with every bundled place and 37 assets', () => {
    expect(checkSnapshot(snapshot)).toEqual([])
    expect(facts.places).toBe(2_746)
    expect(snapshot.assets).toHaveLength(37)
  })

  if (sharedDataPresent) {
    it('uses the evacuee figures of the source file, 2024-02-01 14:00', () => {
      const file = resolve(
        repoRoot,
        '../shared/data/disaster_impacts/noto2024_ishikawa_by_municipality_facts.csv',
      )
      const source = new Map(
        readFileSync(file, 'utf8')
          .split('\n')
          .map((row) => row.split(','))
          .filter(
            (f) => f[3] === 'evacuees_in_municipal_shelters' && f[0]?.startsWith('2024-02-01'),
          )
          .map((f) => [f[1], Number(f[4])]),
      )
      for (const code of notoMunicipalities)
        expect(facts.municipalities.find((m) => m.code === code)?.evacuees).toBe(source.get(code))
      expect(facts.municipalities.reduce((n, m) => n + m.evacuees, 0)).toBe(8_104)
    })
  } else {
    console.log('skipped: ../shared/data not present')
    it.skip('uses the evacuee figures of the source file (skipped: ../shared/data not present)', () => {})
  }
})

describe('synthetic instance', () => {
  it('is the same for the same seed, ten distinct items a destination', () => {
    const size = scaledSynthetic(30)
    const a = syntheticInstance(1, size)
    expect(syntheticInstance(1, size)).toEqual(a)
    expect(syntheticInstance(2, size)).not.toEqual(a)
    expect(checkSnapshot(a)).toEqual([])
    expect(a.lines).toHaveLength(300)
    const perDestination = new Map<string, Set<string>>()
    for (const line of a.lines)
      perDestination.set(
        line.destination,
        (perDestination.get(line.destination) ?? new Set()).add(line.item),
      )
    expect([...perDestination.values()].every((items) => items.size === 10)).toBe(true)
    expect(new Set(a.lots.map((l) => l.place)).size).toBe(50)
    expect(a.assets).toHaveLength(50 * 3 + 8 + 2)
  })
})
