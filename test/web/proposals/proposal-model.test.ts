/**
 * The Proposals screen's rules: who sees which buttons — a logistician accepts or declines an incoming
 * proposal still proposed; a planner withdraws an outgoing one not decided yet.
 */
import { describe, expect, it } from 'vitest'
import type { SessionView } from '../../../src/contract/access.js'
import {
  mayDecide,
  mayWithdraw,
  type ProposalBody,
} from '../../../web/src/proposals/proposal-model.js'

const session = (roles: string[]) => ({ user: { roles } }) as unknown as SessionView
const proposal = (over: Partial<ProposalBody>) =>
  ({
    incoming: false,
    state: 'proposed',
    decision: null,
    consignmentStatus: null,
    ...over,
  }) as ProposalBody

describe('proposal buttons and notes', () => {
  it('offers withdraw to planners on their own undecided proposals only', () => {
    expect(mayWithdraw(session(['planner']), proposal({}))).toBe(true)
    expect(mayWithdraw(session(['admin']), proposal({}))).toBe(true)
    expect(mayWithdraw(session(['logistician']), proposal({}))).toBe(false)
    expect(mayWithdraw(session(['planner']), proposal({ incoming: true }))).toBe(false)
    for (const state of ['accepted', 'declined', 'withdrawn'] as const)
      expect(mayWithdraw(session(['planner']), proposal({ state }))).toBe(false)
    // Nobody decides a withdrawn one.
    expect(
      mayDecide(session(['logistician']), proposal({ incoming: true, state: 'withdrawn' })),
    ).toBe(false)
  })
})
