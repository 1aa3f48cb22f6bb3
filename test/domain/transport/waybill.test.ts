/**
 * The waybill's rows and totals, pure: a row per lot picked, a line not yet reserved as one row with
 * the lot asked for, an item the viewer may not see shown by its id, and totals summed in grams and
 * millilitres so that they are exact (and equal to the sum of the rows, property-checked).
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { ConsignmentLine } from '../../../src/domain/transport/consignment.js'
import { type WaybillItem, waybillRows } from '../../../src/domain/transport/waybill.js'

const line = (overrides: Partial<ConsignmentLine>): ConsignmentLine => ({
  id: 'line',
  item: 'water',
  lot: null,
  owner: 'org-1',
  quantity: 1,
  request: null,
  requestLine: null,
  picks: [],
  quantityReceived: null,
  discrepancyReason: null,
  ...overrides,
})
const water: WaybillItem = {
  code: 'KZ-WASH-001',
  name: 'Water',
  unit: 'bottle',
  unitWeightG: 2100,
  unitVolumeMl: 3400,
}
const items = new Map([['water', water]])
const owners = new Map([['org-1', 'Japanese Red Cross Society']])

describe('waybill rows', () => {
  it('shows a line not yet reserved as one row with the lot asked for', () => {
    const { rows, totals } = waybillRows([line({ lot: 'W1', quantity: 3 })], items, owners)
    expect(rows).toEqual([
      {
        line: 1,
        itemCode: 'KZ-WASH-001',
        itemName: 'Water',
        lot: 'W1',
        expiresOn: null,
        owner: 'Japanese Red Cross Society',
        quantity: 3,
        unit: 'bottle',
        weightKg: 6.3,
        volumeM3: 0.0102,
      },
    ])
    expect(totals).toEqual({ lines: 1, weightKg: 6.3, volumeM3: 0.0102, unmeasured: [] })
  })

  it('shows an item it cannot name by its id, out of the totals, and an unknown owner by id', () => {
    const { rows, totals } = waybillRows(
      [line({ item: 'hidden', owner: 'org-9', quantity: 4 }), line({ quantity: 10 })],
      items,
      owners,
    )
    expect(rows[0]).toMatchObject({ itemCode: 'hidden', itemName: 'hidden', owner: 'org-9' })
    expect(rows[0]?.weightKg).toBeNull()
    expect(totals).toEqual({ lines: 2, weightKg: 21, volumeM3: 0.034, unmeasured: ['hidden'] })
  })

  it('counts a known weight even when the volume is unknown', () => {
    const half = new Map([['water', { ...water, unitVolumeMl: null }]])
    const { rows, totals } = waybillRows([line({ quantity: 2 })], half, owners)
    expect([rows[0]?.weightKg, rows[0]?.volumeM3]).toEqual([4.2, null])
    expect(totals).toEqual({ lines: 1, weightKg: 4.2, volumeM3: 0, unmeasured: ['KZ-WASH-001'] })
  })

  test.prop([
    fc.array(fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 4 }), {
      maxLength: 8,
    }),
    fc.integer({ min: 1, max: 50_000 }),
  ])('has a row per lot whose quantities and grams add up to the totals', (lines, grams) => {
    const weighed = new Map([['water', { ...water, unitWeightG: grams }]])
    const consignmentLines = lines.map((lots, i) =>
      line({
        id: `l${i}`,
        quantity: lots.reduce((a, b) => a + b, 0),
        picks: lots.map((quantity, k) => ({
          lot: `L${k}`,
          expiresOn: null,
          quantity,
          pendingId: `p${i}-${k}`,
        })),
      }),
    )
    const { rows, totals } = waybillRows(consignmentLines, weighed, owners)
    expect(rows.length).toBe(lines.flat().length)
    const units = lines.flat().reduce((a, b) => a + b, 0)
    expect(totals.weightKg).toBe((units * grams) / 1000)
    expect(rows.map((r) => r.line)).toEqual(lines.flatMap((lots, i) => lots.map(() => i + 1)))
  })
})
