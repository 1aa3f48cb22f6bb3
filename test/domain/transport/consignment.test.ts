/**
 * The consignment's pure rules: its state machine (properties over random action sequences), the load
 * check, the split of a receipt over lots, the shape of a route, and whether an asset may carry it.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { checkCarrier } from '../../../src/domain/transport/carrier.js'
import {
  allowedConsignmentActions,
  type ConsignmentStatus,
  checkLoad,
  checkRoute,
  consignmentActions,
  splitReceipt,
  transitionConsignment,
} from '../../../src/domain/transport/consignment.js'

const order: ConsignmentStatus[] = ['planned', 'loading', 'dispatched', 'arrived', 'received']

describe('consignment state machine', () => {
  test.prop([fc.array(fc.constantFrom(...consignmentActions), { maxLength: 20 })])(
    'only moves forward, never cancels after dispatch, and names the allowed actions when it refuses',
    (actions) => {
      let status: ConsignmentStatus = 'planned'
      for (const action of actions) {
        const result = transitionConsignment(status, action)
        if (result.ok) {
          expect(allowedConsignmentActions(status)).toContain(action)
          if (result.status === 'cancelled') expect(['planned', 'loading']).toContain(status)
          else expect(order.indexOf(result.status)).toBeGreaterThan(order.indexOf(status))
          status = result.status
        } else {
          expect(result.allowed).toEqual(allowedConsignmentActions(status))
          expect(result.reason).toContain(`allowed: ${result.allowed.join(', ') || 'none'}`)
        }
      }
    },
  )

  it('refuses cancelling a dispatched consignment and says how the goods come back', () => {
    const result = transitionConsignment('dispatched', 'cancel')
    expect(result).toMatchObject({ ok: false, allowed: ['arrive', 'receive'] })
    expect(result.ok ? '' : result.reason).toMatch(/receive them/)
  })
})

describe('load check', () => {
  const water = { item: 'w', code: 'KZ-W', unitWeightG: 2100, unitVolumeMl: 2200 }
  it('refuses a load over the payload with the excess named', () => {
    const check = checkLoad([{ item: 'w', quantity: 2000 }], [water], {
      payloadKg: 4000,
      volumeM3: 20,
    })
    expect(check).toMatchObject({ ok: false, weightKg: 4200, excessKg: 200, excessM3: 0 })
    expect(check.reason).toContain('200 kg over the payload of 4000 kg')
  })
  it('lists items the catalog does not weigh', () => {
    const check = checkLoad([{ item: 'x', quantity: 1 }], [], { payloadKg: 1, volumeM3: 1 })
    expect(check).toMatchObject({ ok: true, unmeasured: ['x'] })
  })
})

describe('receipt split', () => {
  test.prop([
    fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
    fc.integer({ min: 0, max: 600 }),
  ])(
    'puts every unit in transit into stock or loss, and only the excess is surplus',
    (sizes, received) => {
      const picks = sizes.map((quantity, i) => ({
        lot: `L${i}`,
        expiresOn: null,
        quantity,
        pendingId: `${i}`,
      }))
      const sent = sizes.reduce((s, q) => s + q, 0)
      const split = splitReceipt(picks, received)
      for (const [i, lot] of split.lots.entries()) {
        expect(lot.received + lot.missing).toBe(sizes[i])
        expect(lot.received).toBeGreaterThanOrEqual(0)
      }
      const into = split.lots.reduce((s, l) => s + l.received, 0)
      expect(into + split.surplus).toBe(received)
      expect(split.surplus).toBe(Math.max(0, received - sent))
    },
  )
})

describe('route check', () => {
  const leg = (id: string, from: string, to: string, status = 'open') => ({ id, from, to, status })
  it('accepts legs chained either way from origin to destination', () => {
    expect(checkRoute('A', 'C', [leg('1', 'B', 'A'), leg('2', 'B', 'C')])).toEqual({ ok: true })
  })
  it('refuses a closed leg or a gap, naming the index', () => {
    expect(checkRoute('A', 'C', [leg('1', 'A', 'B', 'closed')])).toMatchObject({
      ok: false,
      index: 0,
    })
    expect(checkRoute('A', 'C', [leg('1', 'A', 'B'), leg('2', 'D', 'C')])).toMatchObject({
      ok: false,
      index: 1,
    })
    expect(checkRoute('A', 'C', [leg('1', 'A', 'B')])).toMatchObject({ ok: false, index: 0 })
  })
  it('refuses a leg repeated or a loop back to a place already passed', () => {
    expect(
      checkRoute('A', 'C', [
        leg('1', 'A', 'B'),
        leg('1', 'A', 'B'),
        leg('1', 'A', 'B'),
        leg('2', 'B', 'C'),
      ]),
    ).toEqual({
      ok: false,
      index: 1,
      reason: 'leg 1 comes back to a place the route has already passed',
    })
    expect(
      checkRoute('A', 'C', [
        leg('1', 'A', 'B'),
        leg('2', 'B', 'D'),
        leg('3', 'D', 'A'),
        leg('4', 'A', 'C'),
      ]),
    ).toMatchObject({ ok: false, index: 2 })
    // Passing the destination and coming back to it is a loop too.
    expect(
      checkRoute('A', 'C', [leg('1', 'A', 'C'), leg('2', 'C', 'D'), leg('3', 'D', 'C')]),
    ).toMatchObject({ ok: false, index: 2 })
  })
})

describe('carrier check', () => {
  const helicopter = {
    name: 'JGSDF CH-47JA 52-3101',
    kind: 'helicopter' as const,
    status: 'available' as const,
    availableFrom: '2026-01-01T00:00:00.000Z',
    availableUntil: '2026-02-01T00:00:00.000Z',
    rangeKm: 740,
  }
  const now = '2026-01-10T00:00:00.000Z'
  const air = { id: 'air-1', mode: 'air' as const, distanceKm: 120 }
  const road = { id: 'road-1', mode: 'road' as const, distanceKm: 30 }

  it('accepts an asset in service, within its window, on legs of its modes and range', () => {
    expect(checkCarrier(helicopter, [air], now)).toEqual({ ok: true })
    expect(checkCarrier({ ...helicopter, status: 'tasked' }, [], now)).toEqual({ ok: true })
    const truck = {
      ...helicopter,
      kind: 'truck' as const,
      availableFrom: null,
      availableUntil: null,
    }
    expect(checkCarrier(truck, [road], now)).toEqual({ ok: true })
    // An aircraft reaches its airport by road: the first and last stretch by truck.
    expect(checkCarrier({ ...truck, kind: 'fixed-wing' }, [road, air, road], now)).toEqual({
      ok: true,
    })
  })

  it('refuses an asset in maintenance or unavailable, naming it and what is accepted', () => {
    expect(checkCarrier({ ...helicopter, status: 'maintenance' }, [], now)).toEqual({
      ok: false,
      field: 'asset',
      reason:
        'asset "JGSDF CH-47JA 52-3101" is in maintenance; only an asset that is available or tasked may carry a consignment',
    })
    expect(checkCarrier({ ...helicopter, status: 'unavailable' }, [], now)).toMatchObject({
      ok: false,
      field: 'asset',
    })
  })

  it('refuses outside the availability window, naming the window', () => {
    expect(checkCarrier(helicopter, [], '2026-02-01T00:00:00.000Z')).toEqual({
      ok: false,
      field: 'asset',
      reason:
        'asset "JGSDF CH-47JA 52-3101" is offered from 2026-01-01T00:00:00.000Z until 2026-02-01T00:00:00.000Z; now (2026-02-01T00:00:00.000Z) is outside that window',
    })
    expect(
      checkCarrier({ ...helicopter, availableUntil: null }, [], '2025-12-31T23:59:59.000Z'),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('offered from 2026-01-01') })
  })

  it('refuses a leg of a mode the kind cannot use, or beyond its range, naming the leg', () => {
    expect(checkCarrier(helicopter, [air, road], now)).toEqual({
      ok: false,
      field: 'route[1]',
      reason:
        'leg road-1 is by road, which asset "JGSDF CH-47JA 52-3101" (a helicopter) cannot use; it uses air',
    })
    const ship = { ...helicopter, kind: 'ship' as const, rangeKm: null }
    expect(checkCarrier(ship, [air], now)).toMatchObject({
      field: 'route[0]',
      reason: expect.stringContaining('it uses sea and road'),
    })
    expect(checkCarrier(helicopter, [{ ...air, distanceKm: 741 }], now)).toEqual({
      ok: false,
      field: 'route[0]',
      reason: 'leg air-1 is 741 km, beyond the 740 km range of asset "JGSDF CH-47JA 52-3101"',
    })
  })
})
