/**
 * The consignment's pure rules: its state machine (properties over random action sequences), the load
 * check, the split of a receipt over lots, and the shape of a route.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
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
})
