/**
 * The plan screens' pure rules: a tier's fulfilment as a share of its lines, the comparison rows (plan,
 * greedy, LP bound, rounding loss), unmet quantities grouped by reason in the API's order, the map's
 * flows (one per origin → destination, tonnes summed, the most urgent tier aboard), line widths, and a
 * running plan's progress as a message. The module is pure, so the unit project runs it in Node.
 */
import { describe, expect, it } from 'vitest'
import {
  flowsOf,
  flowWeight,
  fulfilmentShare,
  progressMessage,
  progressShare,
  type Tier,
  tierRows,
  unmetByReason,
} from '../../../web/src/plans/plan-rules.js'

const line = (id: string, tier: Tier, planned: number) => ({ line: id, tier, planned })
const sortie = (
  id: string,
  origin: string,
  destination: string,
  loadKg: number,
  lines: string[],
) => ({
  id,
  origin,
  destination,
  loadKg,
  lines: lines.map((each) => ({ line: each })),
})

const result = {
  lines: [line('a', 'life-saving', 80), line('b', 'life-saving', 0), line('c', 'other', 10)],
  consignments: [
    sortie('truck/1', 'komatsu', 'wajima', 2000, ['c']),
    sortie('truck/2', 'komatsu', 'wajima', 1500, ['a', 'c']),
    sortie('heli/1', 'kanazawa', 'suzu', 250, ['c']),
  ],
  unmet: [
    { line: 'a', quantity: 20, reason: 'no-capacity' as const },
    { line: 'c', quantity: 5, reason: 'no-stock' as const },
    { line: 'b', quantity: 50, reason: 'no-stock' as const },
    { line: 'x', quantity: 1, reason: 'not-allowed' as const },
  ],
  bound: {
    tiers: [
      { tier: 'life-saving' as const, delivered: 100, fulfilment: 1.25 },
      { tier: 'life-sustaining' as const, delivered: 0, fulfilment: 0 },
      { tier: 'other' as const, delivered: 10, fulfilment: 1 },
    ],
  },
  roundingLoss: [
    { tier: 'life-saving' as const, delivered: 20, fulfilment: 0.45 },
    { tier: 'life-sustaining' as const, delivered: 0, fulfilment: 0 },
    { tier: 'other' as const, delivered: 0, fulfilment: 0 },
  ],
  comparison: {
    tiers: [
      {
        tier: 'life-saving' as const,
        requested: 150,
        plan: { delivered: 80, fulfilment: 0.8 },
        greedy: { delivered: 50, fulfilment: 0.5 },
      },
      {
        tier: 'life-sustaining' as const,
        requested: 0,
        plan: { delivered: 0, fulfilment: 0 },
        greedy: { delivered: 0, fulfilment: 0 },
      },
      {
        tier: 'other' as const,
        requested: 15,
        plan: { delivered: 10, fulfilment: 10 / 15 },
        greedy: { delivered: 15, fulfilment: 1 },
      },
    ],
  },
}

const tiers = [
  { tier: 'other' as const, lines: 1, requested: 15, delivered: 10, fulfilment: 10 / 15 },
  { tier: 'life-saving' as const, lines: 2, requested: 150, delivered: 80, fulfilment: 0.8 },
  { tier: 'life-sustaining' as const, lines: 0, requested: 0, delivered: 0, fulfilment: 0 },
]

describe('fulfilmentShare', () => {
  it('is the mean over the tier’s lines, and null for a tier without lines', () => {
    expect(fulfilmentShare(1.5, 2)).toBe(0.75)
    expect(fulfilmentShare(0, 3)).toBe(0)
    expect(fulfilmentShare(0, 0)).toBeNull()
  })
})

describe('tierRows', () => {
  it('puts the plan beside greedy, the bound and the loss, in tier order', () => {
    expect(tierRows(tiers, result)).toEqual([
      {
        tier: 'life-saving',
        lines: 2,
        requested: 150,
        planned: 80,
        plan: { delivered: 80, share: 0.4 },
        greedy: { delivered: 50, share: 0.25 },
        bound: { delivered: 100, share: 0.625 },
        loss: { delivered: 20, share: 0.225 },
      },
      {
        tier: 'life-sustaining',
        lines: 0,
        requested: 0,
        planned: 0,
        plan: { delivered: 0, share: null },
        greedy: { delivered: 0, share: null },
        bound: { delivered: 0, share: null },
        loss: { delivered: 0, share: null },
      },
      {
        tier: 'other',
        lines: 1,
        requested: 15,
        planned: 10,
        plan: { delivered: 10, share: 10 / 15 },
        greedy: { delivered: 15, share: 1 },
        bound: { delivered: 10, share: 1 },
        loss: { delivered: 0, share: 0 },
      },
    ])
  })
})

describe('unmetByReason', () => {
  it('groups by reason in the API’s order, most urgent lines first, unknown lines left out', () => {
    const groups = unmetByReason(result)
    expect(
      groups.map((group) => ({
        reason: group.reason,
        quantity: group.quantity,
        rows: group.rows.map((row) => `${row.line.line}:${row.quantity}`),
      })),
    ).toEqual([
      { reason: 'no-stock', quantity: 55, rows: ['b:50', 'c:5'] },
      { reason: 'no-capacity', quantity: 20, rows: ['a:20'] },
    ])
  })

  it('says nothing when every line is met', () => {
    expect(unmetByReason({ ...result, unmet: [] })).toEqual([])
  })
})

describe('flowsOf', () => {
  it('joins the sorties of one origin and destination, in tonnes, coloured by the most urgent tier', () => {
    expect(flowsOf(result)).toEqual([
      {
        key: 'komatsu→wajima',
        origin: 'komatsu',
        destination: 'wajima',
        tier: 'life-saving',
        tonnes: 3.5,
        sorties: ['truck/1', 'truck/2'],
      },
      {
        key: 'kanazawa→suzu',
        origin: 'kanazawa',
        destination: 'suzu',
        tier: 'other',
        tonnes: 0.25,
        sorties: ['heli/1'],
      },
    ])
  })
})

describe('flowWeight', () => {
  it('runs from 3 to 12 pixels by the square root of the share of the heaviest flow', () => {
    expect(flowWeight(3.5, 3.5)).toBe(12)
    expect(flowWeight(0.875, 3.5)).toBe(7.5)
    expect(flowWeight(0, 3.5)).toBe(3)
    expect(flowWeight(1, 0)).toBe(3)
  })
})

describe('progressMessage', () => {
  it('says which tier of three is solved, by the stage’s name', () => {
    expect(
      progressMessage({ step: 'solved', stage: 2, of: 5, stageName: 'life-sustaining' }),
    ).toEqual({ key: 'plans.progress.tier', values: { k: 2, n: 3, tier: 'life-sustaining' } })
  })

  it('counts the stages after the tiers, and names the other steps', () => {
    expect(progressMessage({ step: 'solved', stage: 4, of: 5, stageName: 'tonne-hours' })).toEqual({
      key: 'plans.progress.stage',
      values: { k: 4, n: 5 },
    })
    expect(progressMessage({ step: 'snapshot', stage: null, of: null, stageName: null })).toEqual({
      key: 'plans.progress.snapshot',
      values: {},
    })
    expect(progressMessage(null)).toEqual({ key: 'plans.progress.queued', values: {} })
  })

  it('moves the bar forward with each step and stage', () => {
    const solved = (stage: number) =>
      progressShare({ step: 'solved', stage, of: 5, stageName: null })
    expect(progressShare(null)).toBe(0)
    expect(progressShare({ step: 'built', stage: null, of: null, stageName: null })).toBe(0.15)
    expect(solved(1)).toBeCloseTo(0.31, 10)
    expect(solved(5)).toBeCloseTo(0.95, 10)
    expect(progressShare({ step: 'interpreted', stage: null, of: null, stageName: null })).toBe(1)
  })
})
