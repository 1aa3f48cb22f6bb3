import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  dueStages,
  type LineChange,
  type ProgressStage,
  type ProposalFacts,
} from '../../../src/domain/federation/proposal-progress.js'
import {
  type ProposalState,
  type ProposalStep,
  proposalState,
  stepProposal,
} from '../../../src/domain/federation/proposal.js'

const steps: readonly ProposalStep[] = ['accept', 'decline', 'withdraw']

describe('a proposal state machine', () => {
  it('reads withdrawn from the record and lets a decision win over it', () => {
    expect(proposalState(null, { withdrawnAt: null })).toBe('proposed')
    expect(proposalState(null, {})).toBe('proposed')
    expect(proposalState(null, { withdrawnAt: '2026-01-02T00:00:00Z' })).toBe('withdrawn')
    expect(proposalState({ decision: 'accepted' }, { withdrawnAt: '2026-01-02T00:00:00Z' })).toBe(
      'accepted',
    )
  })

  test.prop([fc.array(fc.constantFrom(...steps), { maxLength: 12 })])(
    'is decided once: the first step sets it, a repeat of that step is the same answer, any other is refused naming it',
    (sequence) => {
      let state: ProposalState = 'proposed'
      let first: ProposalStep | null = null
      for (const step of sequence) {
        const outcome = stepProposal(state, step)
        if (first === null) {
          expect(outcome.code).toBe('apply')
          if (outcome.code === 'apply') state = outcome.to
          first = step
        } else if (step === first) expect(outcome).toEqual({ code: 'exists' })
        else expect(outcome).toEqual({ code: 'refused', as: state })
      }
      // Nothing but the first step ever changed it; in particular a withdrawn one is never accepted.
      const expected = { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' } as const
      expect(state).toBe(first ? expected[first] : 'proposed')
    },
  )
})

/** The counters a request line reaches when every due stage is applied as facts become known. */
function follow(quantity: number, timeline: readonly ProposalFacts[]) {
  const applied = new Set<ProgressStage>()
  const line = { planned: 0, dispatched: 0, delivered: 0 }
  const apply = (change: LineChange) => {
    line.planned += change.planned ?? 0
    line.dispatched += change.dispatched ?? 0
    line.delivered += change.delivered ?? 0
  }
  for (const facts of timeline) {
    for (const due of dueStages([quantity], applied, facts)) {
      applied.add(due.stage)
      apply(due.changes[0] ?? {})
    }
    // Each counter stays within the one before it, and a second look owes nothing.
    expect(line.planned).toBeGreaterThanOrEqual(line.dispatched)
    expect(line.dispatched).toBeGreaterThanOrEqual(line.delivered)
    expect(line.delivered).toBeGreaterThanOrEqual(0)
    expect(dueStages([quantity], applied, facts)).toEqual([])
  }
  return line
}

const at = (
  state: ProposalState,
  consignment: string | null = null,
  received: number[] | null = null,
): ProposalFacts => ({ state, consignment, received })

describe('what a proposal owes its request lines', () => {
  it('plans, dispatches and delivers as the peer consignment goes, up to what was sent', () => {
    expect(
      follow(60, [
        at('proposed'),
        at('accepted', 'planned'),
        at('accepted', 'dispatched'),
        at('accepted', 'dispatched', [55]),
        at('accepted', 'received', [55]),
      ]),
    ).toEqual({ planned: 60, dispatched: 60, delivered: 55 })
    // A surplus is stock, not more delivered.
    expect(follow(10, [at('accepted', 'dispatched', [12])])).toEqual({
      planned: 10,
      dispatched: 10,
      delivered: 10,
    })
  })

  it('releases the line when declined, withdrawn or cancelled before leaving', () => {
    const released = { planned: 0, dispatched: 0, delivered: 0 }
    expect(follow(30, [at('proposed'), at('declined')])).toEqual(released)
    expect(follow(30, [at('withdrawn')])).toEqual(released)
    expect(follow(30, [at('accepted', 'planned'), at('accepted', 'cancelled')])).toEqual(released)
  })

  it('follows the goods when a withdrawal crossed an acceptance that then left', () => {
    expect(
      follow(20, [at('withdrawn'), at('accepted', 'dispatched'), at('accepted', 'received', [20])]),
    ).toEqual({ planned: 20, dispatched: 20, delivered: 20 })
  })

  const states: ProposalState[] = ['proposed', 'accepted', 'declined', 'withdrawn']
  const statuses = [null, 'planned', 'loading', 'dispatched', 'arrived', 'received', 'cancelled']
  test.prop([
    fc.integer({ min: 1, max: 500 }),
    fc.array(
      fc.record({
        state: fc.constantFrom(...states),
        consignment: fc.constantFrom(...statuses),
        received: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
      }),
      { maxLength: 8 },
    ),
  ])(
    'whatever facts arrive in whatever order, counters stay ordered and each stage is owed once',
    (quantity, timeline) => {
      follow(
        quantity,
        timeline.map((f) => at(f.state, f.consignment, f.received === null ? null : [f.received])),
      )
    },
  )
})
