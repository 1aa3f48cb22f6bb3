/**
 * Properties of every plan, the optimum's and greedy's, on random small snapshots: never more than a
 * lot has or a line wants, loads within payload and volume, no closed leg, no owner's stock to a
 * requester its rule leaves out, no lot arriving expired, nothing late, no asset in two places at
 * once or outside its window — and the optimum never worse than greedy, tier by tier.
 */
import { test as fcTest } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { makePlan } from '../../src/solver/make-plan.js'
import { lexicographic } from '../../src/domain/allocation/plan.js'
import { broken, snapshots } from './random-snapshots.js'

describe('plan properties', () => {
  fcTest.prop([snapshots], { numRuns: 60 })(
    'the optimum and greedy keep stock, loads, legs, rules, expiry, times and asset timelines',
    async (s) => {
      const { plan, greedy } = await makePlan(s)
      expect(broken(s, plan)).toBeNull()
      expect(broken(s, greedy)).toBeNull()
    },
  )

  fcTest.prop([snapshots], { numRuns: 60 })(
    'the optimum is never worse than greedy: equal in every tier or better in the first that differs',
    async (s) => {
      const { plan, greedy } = await makePlan(s)
      expect(lexicographic(plan, greedy, false)).toBeGreaterThanOrEqual(0)
      // The linear program's bound, which rounding has not touched, is never below greedy either
      // (to the solver's tolerance).
      const differs = plan.bound.tiers.findIndex(
        (t, i) => Math.abs(t.fulfilment - greedy.tiers[i]!.fulfilment) > 1e-6,
      )
      if (differs >= 0)
        expect(plan.bound.tiers[differs]!.fulfilment).toBeGreaterThan(
          greedy.tiers[differs]!.fulfilment,
        )
    },
  )
})
