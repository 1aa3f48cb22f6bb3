/**
 * A plan's life and what moved between two plans: the transitions each status allows, the guards
 * on discarding an approved plan and completing it, and the lines whose quantity, source or asset
 * changed.
 */
import { describe, expect, it } from 'vitest'
import {
  allowedPlanActions,
  type PlanStatus,
  planStatuses,
  transitionPlan,
} from '../../../src/domain/allocation/plan-life.js'
import { movedLines } from '../../../src/domain/allocation/plan-moves.js'

describe('plan life', () => {
  it('allows each status exactly its actions', () => {
    const allowed = Object.fromEntries(planStatuses.map((s) => [s, allowedPlanActions(s)]))
    expect(allowed).toEqual({
      running: ['finish', 'fail', 'cancel'],
      draft: ['approve', 'discard'],
      failed: [],
      cancelled: [],
      approved: ['complete', 'discard'],
      done: [],
      discarded: [],
    })
  })

  it('moves running to draft, failed or cancelled, and a draft to approved', () => {
    const to = (status: PlanStatus, action: Parameters<typeof transitionPlan>[1]) =>
      transitionPlan(status, action)
    expect(to('running', 'finish')).toEqual({ ok: true, status: 'draft' })
    expect(to('running', 'fail')).toEqual({ ok: true, status: 'failed' })
    expect(to('running', 'cancel')).toEqual({ ok: true, status: 'cancelled' })
    expect(to('draft', 'approve')).toEqual({ ok: true, status: 'approved' })
    expect(to('draft', 'discard')).toEqual({ ok: true, status: 'discarded' })
    expect(to('draft', 'cancel')).toEqual({
      ok: false,
      reason: 'a draft plan cannot cancel; allowed: approve, discard',
      allowed: ['approve', 'discard'],
    })
  })

  it('discards an approved plan only while none of its consignments has left', () => {
    expect(transitionPlan('approved', 'discard', { live: 3, moving: 0, received: 0 })).toEqual({
      ok: true,
      status: 'discarded',
    })
    expect(transitionPlan('approved', 'discard', { live: 3, moving: 1, received: 0 })).toEqual({
      ok: false,
      reason:
        '1 of its consignments are already loading or on their way; receive or cancel them one by one instead',
      allowed: ['complete', 'discard'],
    })
  })

  it('completes an approved plan when every consignment it still has is received', () => {
    expect(transitionPlan('approved', 'complete', { live: 2, moving: 2, received: 2 })).toEqual({
      ok: true,
      status: 'done',
    })
    expect(
      transitionPlan('approved', 'complete', { live: 2, moving: 2, received: 1 }),
    ).toMatchObject({
      ok: false,
      reason: '1 of its 2 consignments are received',
    })
    expect(transitionPlan('approved', 'complete', { live: 0, moving: 0, received: 0 }).ok).toBe(
      false,
    )
  })
})

describe('what moved between two plans', () => {
  const lines = new Map([
    ['L1', { request: 'R1', item: 'water' }],
    ['L2', { request: 'R1', item: 'tent' }],
    ['L3', { request: 'R2', item: 'water' }],
  ])

  it('lists the lines whose quantity, source or asset changed, and nothing else', () => {
    const before = [
      { line: 'L1', lot: 'A', quantity: 10, asset: 'T1' },
      { line: 'L2', lot: 'B', quantity: 5, asset: 'T1' },
      { line: 'L3', lot: 'A', quantity: 7, asset: 'T2' },
    ]
    const after = [
      { line: 'L1', lot: 'A', quantity: 4, asset: 'T1' },
      { line: 'L1', lot: 'A', quantity: 6, asset: 'T1' },
      { line: 'L2', lot: 'C', quantity: 3, asset: 'T3' },
    ]
    expect(movedLines(before, after, lines)).toEqual([
      {
        line: 'L2',
        request: 'R1',
        item: 'tent',
        change: ['quantity', 'source', 'asset'],
        before: { quantity: 5, lots: ['B'], assets: ['T1'] },
        after: { quantity: 3, lots: ['C'], assets: ['T3'] },
      },
      {
        line: 'L3',
        request: 'R2',
        item: 'water',
        change: ['quantity', 'source', 'asset'],
        before: { quantity: 7, lots: ['A'], assets: ['T2'] },
        after: { quantity: 0, lots: [], assets: [] },
      },
    ])
  })
})
