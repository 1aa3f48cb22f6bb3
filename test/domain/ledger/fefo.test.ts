import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { type LotAvailable, pickFefo } from '../../../src/domain/ledger/fefo.js'

const TODAY = '2026-03-01'
const lot = (code: string, expiresOn: string | null, available: number): LotAvailable => ({
  lot: code,
  expiresOn,
  available,
})

describe('pickFefo: first expiry, first out', () => {
  it('takes the lot that expires first, then the next', () => {
    const result = pickFefo(
      [lot('B', '2026-09-01', 5), lot('A', '2026-04-01', 5), lot('C', '2026-06-01', 5)],
      7,
      TODAY,
    )
    expect(result.picks).toEqual([
      { lot: 'A', expiresOn: '2026-04-01', quantity: 5 },
      { lot: 'C', expiresOn: '2026-06-01', quantity: 2 },
    ])
    expect(result.shortfall).toBe(0)
    expect(result.expiredQuantity).toBe(0)
  })

  it('never picks an expired lot, and a lot expiring today counts as expired', () => {
    const result = pickFefo(
      [lot('OLD', '2026-02-28', 4), lot('TODAY', TODAY, 3), lot('TOMORROW', '2026-03-02', 10)],
      5,
      TODAY,
    )
    expect(result.picks).toEqual([{ lot: 'TOMORROW', expiresOn: '2026-03-02', quantity: 5 }])
    expect(result.expiredQuantity).toBe(7)
  })

  it('takes lots without an expiry last', () => {
    const result = pickFefo([lot('FOREVER', null, 10), lot('LATE', '2030-12-31', 2)], 5, TODAY)
    expect(result.picks.map((p) => [p.lot, p.quantity])).toEqual([
      ['LATE', 2],
      ['FOREVER', 3],
    ])
  })

  it('breaks ties in expiry by lot code, for dated lots and for lots without expiry', () => {
    const result = pickFefo(
      [
        lot('N2', null, 1),
        lot('D2', '2026-05-01', 1),
        lot('N1', null, 1),
        lot('D1', '2026-05-01', 1),
      ],
      4,
      TODAY,
    )
    expect(result.picks.map((p) => p.lot)).toEqual(['D1', 'D2', 'N1', 'N2'])
  })

  it('reports what could not be found as a shortfall, and what was left out as expired', () => {
    const result = pickFefo(
      [lot('A', '2026-04-01', 3), lot('X', '2026-01-01', 8), lot('N', null, 2)],
      10,
      TODAY,
    )
    expect(result.picks.map((p) => [p.lot, p.quantity])).toEqual([
      ['A', 3],
      ['N', 2],
    ])
    expect(result.shortfall).toBe(5)
    expect(result.expiredQuantity).toBe(8)
  })

  it('passes over lots with nothing available and does not count them as expired', () => {
    const result = pickFefo(
      [lot('EMPTY', '2026-04-01', 0), lot('OWED', '2026-01-01', -2), lot('B', '2026-05-01', 4)],
      2,
      TODAY,
    )
    expect(result.picks).toEqual([{ lot: 'B', expiresOn: '2026-05-01', quantity: 2 }])
    expect(result.expiredQuantity).toBe(0)
  })

  it('picks nothing for nothing', () => {
    expect(pickFefo([lot('A', '2026-04-01', 3)], 0, TODAY)).toEqual({
      picks: [],
      shortfall: 0,
      expiredQuantity: 0,
    })
    expect(pickFefo([], 4, TODAY)).toEqual({ picks: [], shortfall: 4, expiredQuantity: 0 })
  })

  it('refuses a negative quantity to pick (today it returns a negative pick)', () => {
    // pickFefo([A, 2026-04-01, 3], -5, today) → picks [{ A, quantity: -5 }], shortfall 0.
    expect(() => pickFefo([lot('A', '2026-04-01', 3)], -5, TODAY)).toThrow()
  })
})

// Lots with unique codes, dates within a few weeks of today (so some are expired), some without expiry.
const day = (offset: number): string =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
const lotsArb = fc.uniqueArray(
  fc.record({
    lot: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'L1', 'L10', 'L2'),
    expiresOn: fc.option(fc.integer({ min: -5, max: 20 }).map(day), { nil: null, freq: 4 }),
    available: fc.integer({ min: -3, max: 30 }),
  }),
  { selector: (l) => l.lot, maxLength: 8 },
)

/** Earlier expiry first, no expiry last, then lot code: the order lots must be used in. */
const comesBefore = (a: LotAvailable, b: LotAvailable): boolean => {
  const ea = a.expiresOn ?? '9999-99-99'
  const eb = b.expiresOn ?? '9999-99-99'
  return ea < eb || (ea === eb && a.lot < b.lot)
}
const usable = (l: LotAvailable): boolean =>
  l.available > 0 && (l.expiresOn === null || l.expiresOn > TODAY)

describe('pickFefo, for any lots', () => {
  test.prop([lotsArb, fc.integer({ min: 0, max: 120 })])(
    'picks min(quantity, unexpired available), each pick within its lot, and no later lot before an earlier one is used up',
    (lots, quantity) => {
      const { picks, shortfall, expiredQuantity } = pickFefo(lots, quantity, TODAY)
      const unexpired = lots.filter(usable).reduce((sum, l) => sum + l.available, 0)
      const picked = picks.reduce((sum, p) => sum + p.quantity, 0)
      expect(picked).toBe(Math.min(quantity, unexpired))
      expect(shortfall).toBe(quantity - picked)
      expect(expiredQuantity).toBe(
        lots.filter((l) => l.available > 0 && !usable(l)).reduce((sum, l) => sum + l.available, 0),
      )
      expect(new Set(picks.map((p) => p.lot)).size).toBe(picks.length)
      const takenFrom = new Map(picks.map((p) => [p.lot, p.quantity]))
      for (const p of picks) {
        const from = lots.find((l) => l.lot === p.lot)!
        expect(usable(from), `lot ${p.lot} is usable`).toBe(true)
        expect(p.expiresOn).toBe(from.expiresOn)
        expect(p.quantity).toBeGreaterThan(0)
        expect(p.quantity).toBeLessThanOrEqual(from.available)
        // Every usable lot that comes before a picked one is used up.
        for (const earlier of lots.filter((l) => usable(l) && comesBefore(l, from))) {
          expect(takenFrom.get(earlier.lot) ?? 0, `${earlier.lot} before ${from.lot}`).toBe(
            earlier.available,
          )
        }
      }
      // The picks come in the order they are to be taken.
      for (let i = 1; i < picks.length; i++) {
        const a = lots.find((l) => l.lot === picks[i - 1]!.lot)!
        const b = lots.find((l) => l.lot === picks[i]!.lot)!
        expect(comesBefore(a, b)).toBe(true)
      }
    },
  )
})
