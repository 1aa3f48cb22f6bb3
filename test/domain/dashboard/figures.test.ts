/**
 * The dashboard's arithmetic, pure: calendar days in a zone, the pipeline per day (capability lines
 * and events outside the window left out, a cancellation counted against its day), unmet needs,
 * consignments against their ETA at the window's edge, and contributions.
 */
import { describe, expect, it } from 'vitest'
import {
  againstEta,
  calendarDay,
  contributions,
  daysUpTo,
  pipelineByDay,
  unmetNeeds,
} from '../../../src/domain/dashboard/figures.js'
import type { ItemLine, RequestLine } from '../../../src/domain/requests/request.js'

const place = (id: string) => ({ id, code: id.toUpperCase(), nameEn: null, nameJa: null })
const itemLine = (overrides: Partial<ItemLine>): ItemLine => ({
  id: 'l',
  kind: 'item',
  item: 'water',
  quantity: 10,
  priority: 'other',
  neededBy: null,
  quantityPlanned: 0,
  quantityDispatched: 0,
  quantityDelivered: 0,
  ...overrides,
})
const capability: RequestLine = {
  id: 'c',
  kind: 'capability',
  capability: 'airlift',
  description: 'airlift',
  quantity: 3,
  unit: null,
  priority: 'life-saving',
  neededBy: null,
  status: null,
  taskedTo: null,
}

describe('calendar days', () => {
  it('gives the day of an instant in the zone asked for', () => {
    expect(calendarDay('2026-01-02T15:00:00Z', 'Asia/Tokyo')).toBe('2026-01-03')
    expect(calendarDay('2026-01-02T14:59:59Z', 'Asia/Tokyo')).toBe('2026-01-02')
    expect(calendarDay('2026-01-02T15:00:00Z', 'UTC')).toBe('2026-01-02')
  })

  it('counts days back across a month and a year', () => {
    expect(daysUpTo('2026-03-01', 3)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01'])
    expect(daysUpTo('2026-01-01', 2)).toEqual(['2025-12-31', '2026-01-01'])
  })
})

describe('the pipeline per day', () => {
  it('sums item quantities by stage, leaves out capabilities and what falls outside the window', () => {
    const days = pipelineByDay(
      [
        {
          at: '2026-01-01T10:00:00Z',
          kind: 'request.submitted',
          lines: [itemLine({ quantity: 7 }), capability],
          progress: [],
        },
        {
          at: '2026-01-02T10:00:00Z',
          kind: 'request.validated',
          lines: [itemLine({})],
          progress: [],
        },
        {
          at: '2026-01-02T11:00:00Z',
          kind: 'request.progressed',
          lines: null,
          progress: [{ planned: 6 }, { planned: 4, dispatched: 2 }],
        },
        // A consignment cancelled the same day gives its plan back.
        {
          at: '2026-01-02T12:00:00Z',
          kind: 'request.progressed',
          lines: null,
          progress: [{ planned: -4 }],
        },
        {
          at: '2025-12-31T10:00:00Z',
          kind: 'request.submitted',
          lines: [itemLine({})],
          progress: [],
        },
      ],
      'UTC',
      '2026-01-02',
      2,
    )
    expect(days).toEqual([
      { day: '2026-01-01', requested: 7, validated: 0, planned: 0, dispatched: 0, delivered: 0 },
      { day: '2026-01-02', requested: 0, validated: 10, planned: 6, dispatched: 2, delivered: 0 },
    ])
  })
})

describe('unmet needs', () => {
  it('counts what is not yet delivered, with weight where the catalog gives it', () => {
    const needs = unmetNeeds(
      [
        {
          place: place('b'),
          lines: [
            itemLine({ quantity: 10, quantityDelivered: 4, priority: 'life-saving' }),
            itemLine({ quantity: 5, quantityDelivered: 5, priority: 'life-saving' }),
            itemLine({ item: 'tent', quantity: 2, priority: 'other' }),
            capability,
          ],
        },
        { place: place('a'), lines: [itemLine({ quantity: 3, priority: 'life-saving' })] },
      ],
      new Map([
        ['water', 2100],
        ['tent', null],
      ]),
    )
    expect(needs.byPriority).toEqual([
      { priority: 'life-saving', openQuantity: 9, openWeightG: 18_900, lines: 2 },
      { priority: 'life-sustaining', openQuantity: 0, openWeightG: 0, lines: 0 },
      { priority: 'other', openQuantity: 2, openWeightG: 0, lines: 1 },
    ])
    expect(needs.rows.map((r) => [r.place.code, r.priority, r.openQuantity])).toEqual([
      ['A', 'life-saving', 3],
      ['B', 'life-saving', 6],
      ['B', 'other', 2],
    ])
  })
})

describe('consignments against their ETA', () => {
  const flight = (id: string, eta: string | null) => ({
    id,
    origin: place('a'),
    destination: place('b'),
    dispatchedAt: '2026-01-01T00:00:00Z',
    eta,
    lines: [{ quantity: 4 }, { quantity: 1 }],
  })
  it('is late once the ETA has passed and due soon inside the window, whose end is left out', () => {
    const now = new Date('2026-01-02T12:00:00Z')
    const { rows, withoutEta } = againstEta(
      [
        flight('edge', '2026-01-02T14:00:00Z'),
        flight('soon', '2026-01-02T13:59:59Z'),
        flight('now', '2026-01-02T12:00:00Z'),
        flight('late', '2026-01-02T10:29:00+00:00'),
        flight('none', null),
      ],
      now,
      2,
    )
    expect(rows.map((r) => [r.id, r.state, r.minutes, r.quantity, r.eta])).toEqual([
      ['late', 'late', 91, 5, '2026-01-02T10:29:00.000Z'],
      ['now', 'due-soon', 0, 5, '2026-01-02T12:00:00.000Z'],
      ['soon', 'due-soon', 119, 5, '2026-01-02T13:59:59.000Z'],
    ])
    expect(withoutEta).toBe(1)
  })
})

describe('contributions', () => {
  it('counts a delivered consignment once for each owner whose stock it carried', () => {
    const partners = contributions(
      [
        { owner: 'jp', category: 'wash', quantity: 10, weightG: 21_000 },
        { owner: 'jp', category: 'food', quantity: 2, weightG: 10_000 },
      ],
      [
        { org: 'au', status: 'confirmed' },
        { org: 'au', status: 'received' },
        { org: 'au', status: 'received' },
      ],
      [{ owners: ['jp', 'jp', 'au'] }, { owners: ['jp'] }],
    )
    expect(partners).toEqual([
      {
        organisation: 'jp',
        received: [
          { category: 'food', quantity: 2, weightG: 10_000 },
          { category: 'wash', quantity: 10, weightG: 21_000 },
        ],
        receivedQuantity: 12,
        receivedWeightG: 31_000,
        pledgesConfirmed: 0,
        pledgesReceived: 0,
        consignmentsDelivered: 2,
      },
      {
        organisation: 'au',
        received: [],
        receivedQuantity: 0,
        receivedWeightG: 0,
        pledgesConfirmed: 1,
        pledgesReceived: 2,
        consignmentsDelivered: 1,
      },
    ])
  })
})
