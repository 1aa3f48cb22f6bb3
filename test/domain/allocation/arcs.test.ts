/**
 * Which stock may go to which line by which asset, and by when: needed-by, expiry, closed legs,
 * owners' allocation rules, assets' status and windows — the arcs the model and greedy share.
 */
import { describe, expect, it } from 'vitest'
import { findArcs } from '../../../src/domain/allocation/arcs.js'
import { prepare } from '../../../src/domain/allocation/reach.js'
import type { AllocationSnapshot } from '../../../src/domain/allocation/snapshot.js'
import { at, leg, line, lot, place, rule, snapshot, truck } from './fixtures.js'

/*
 * HUB ─road 240─ S (a shelter); and HUB ─road 5─ KMQ ═air 30═ NTQ ─road 20─ S.
 * A truck at HUB takes the road: 240 min. A fixed-wing based at KMQ loads there (the 5 road minutes
 * before it are trucked), flies 30, and the goods are trucked 20 more: 55 min door to door, and the
 * aircraft is busy 2 × 30 = 60 min per sortie.
 */
const network = (parts: Partial<AllocationSnapshot> = {}) =>
  snapshot({
    places: [place('HUB'), place('KMQ', 'airport'), place('NTQ', 'airport'), place('S', 'shelter')],
    legs: [
      leg('hub-s', 'HUB', 'S', 240),
      leg('hub-kmq', 'HUB', 'KMQ', 5),
      leg('kmq-ntq', 'KMQ', 'NTQ', 30, { mode: 'air' }),
      leg('ntq-s', 'NTQ', 'S', 20),
    ],
    assets: [
      truck('T', 'HUB'),
      truck('C130', 'KMQ', { kind: 'fixed-wing', speedKmh: 500, payloadKg: 19_000, volumeM3: 120 }),
    ],
    lots: [lot('L', 'HUB', 'WATER', 500)],
    lines: [line('A', 'S', 'WATER', 100, { neededBy: at(120) })],
    ...parts,
  })

const arcsOf = (s: AllocationSnapshot) => {
  const prepared = prepare(s)
  return findArcs(prepared).map((arc) => ({
    ...arc,
    asset: prepared.assets[arc.asset]?.id ?? null,
    line: prepared.lines[arc.line]!.id,
  }))
}

describe('arcs', () => {
  it('leaves out a road that arrives after needed-by and keeps the flight that does not', () => {
    const arcs = arcsOf(network())
    expect(arcs).toHaveLength(1)
    expect(arcs[0]).toMatchObject({
      asset: 'C130',
      origin: 'HUB',
      destination: 'S',
      loadingPoint: 'KMQ',
      lead: 5,
      minutes: 55,
      cycle: 60,
      positioning: 0,
      deadline: 120,
    })
    expect(arcs[0]!.route!.steps.map((s) => s.leg)).toEqual(['hub-kmq', 'kmq-ntq', 'ntq-s'])
    // Without a needed-by the truck arrives within the 24-hour horizon too.
    const open = arcsOf(network({ lines: [line('A', 'S', 'WATER', 100)] }))
    expect(open.map((arc) => [arc.asset, arc.deadline])).toEqual([
      ['C130', 1440],
      ['T', 1440],
    ])
  })

  it('leaves out a lot that would expire before it arrives', () => {
    // Starting at 23:00, a lot expiring on the next day may arrive until 23:59.
    const late = network({
      start: '2024-01-02T23:00:00.000Z',
      lots: [lot('L', 'HUB', 'WATER', 500, { expiresOn: '2024-01-03' })],
      lines: [line('A', 'S', 'WATER', 100)],
    })
    expect(arcsOf(late).map((arc) => [arc.asset, arc.deadline])).toEqual([['C130', 59]])
    // A lot already expired at the start is no stock at all.
    const expired = network({ lots: [lot('L', 'HUB', 'WATER', 500, { expiresOn: '2024-01-02' })] })
    expect(prepare(expired).supplies).toEqual([])
  })

  it('routes around a closed leg, and finds no arc when every way is closed', () => {
    const base = network({ lines: [line('A', 'S', 'WATER', 100)] })
    const closed = (ids: string[]) => ({
      ...base,
      legs: [...base.legs, leg('hub-x', 'HUB', 'X', 150), leg('x-s', 'X', 'S', 150)].map((l) =>
        ids.includes(l.id) ? { ...l, status: 'closed' as const } : l,
      ),
      places: [...base.places, place('X', 'municipality')],
    })
    const detour = arcsOf(closed(['hub-s'])).find((arc) => arc.asset === 'T')
    expect(detour?.route?.steps.map((s) => s.leg)).toEqual(['hub-x', 'x-s'])
    expect(detour?.minutes).toBe(300)
    expect(arcsOf(closed(['hub-s', 'x-s', 'kmq-ntq']))).toEqual([])
  })

  it('lets only the partners an owner names receive its stock', () => {
    const arcs = arcsOf(
      network({
        lots: [lot('L', 'HUB', 'WATER', 500, { owner: 'ORG-A' })],
        lines: [
          line('R', 'S', 'WATER', 10, { requester: 'ORG-R' }),
          line('Q', 'S', 'WATER', 10, { requester: 'ORG-Q' }),
          line('OWN', 'S', 'WATER', 10, { requester: 'ORG-A' }),
        ],
        rules: [rule('ORG-A', ['ORG-R'])],
      }),
    )
    expect([...new Set(arcs.map((arc) => arc.line))]).toEqual(['OWN', 'R'])
    // The owner itself may always use its stock; an item rule outranks the owner's general one.
    const itemRule = arcsOf(
      network({
        lots: [lot('L', 'HUB', 'WATER', 500, { owner: 'ORG-A' })],
        lines: [line('Q', 'S', 'WATER', 10, { requester: 'ORG-Q' })],
        rules: [rule('ORG-A', 'none'), rule('ORG-A', 'any', { item: 'WATER' })],
      }),
    )
    expect(itemRule.length).toBeGreaterThan(0)
  })

  it('hands over stock already at the destination without an asset', () => {
    const arcs = arcsOf(network({ lots: [lot('L', 'S', 'WATER', 500)] }))
    expect(arcs).toEqual([
      expect.objectContaining({
        asset: null,
        origin: 'S',
        destination: 'S',
        minutes: 0,
        route: null,
      }),
    ])
  })

  it('plans nothing on an asset in maintenance, outside its window, or too small for one unit', () => {
    const only = (asset: ReturnType<typeof truck>) =>
      arcsOf(network({ assets: [asset], lines: [line('A', 'S', 'WATER', 100)] }))
    expect(only(truck('T', 'HUB', { status: 'maintenance' }))).toEqual([])
    expect(only(truck('T', 'HUB', { availableFrom: at(1440) }))).toEqual([])
    expect(only(truck('T', 'HUB', { payloadKg: 5 }))).toEqual([])
    // Available from 20:00: it can still arrive by the horizon's end (24:00) on a 4-hour road.
    expect(only(truck('T', 'HUB', { availableFrom: at(1200) }))).toHaveLength(1)
    expect(only(truck('T', 'HUB', { availableFrom: at(1201) }))).toEqual([])
  })
})
