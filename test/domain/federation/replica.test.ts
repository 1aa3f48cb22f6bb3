/**
 * Applying pages to replicas: whatever order pages arrive in, twice or late, the replicas and the
 * checkpoint end as they would in order — and a page that disagrees with what was received is refused.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { ChainEvent } from '../../../src/domain/events/chain.js'
import type { ReplicationPage } from '../../../src/domain/federation/page.js'
import {
  type Checkpoint,
  planApply,
  startCheckpoint,
} from '../../../src/domain/federation/replica.js'
import { chainOf, pageOf } from './fixtures.js'

/** The asker's side in memory: replicas by seq, and the checkpoint. */
interface Replicas {
  events: Map<number, ChainEvent>
  checkpoint: Checkpoint
}

function applyTo(replicas: Replicas, page: ReplicationPage): string {
  const plan = planApply(replicas.checkpoint, page)
  if (plan.code === 'apply') {
    for (const event of plan.events) replicas.events.set(event.seq, event)
    replicas.checkpoint = plan.checkpoint
  }
  return plan.code
}

/** Delivers pages in the given order, again and again (a puller asking anew), until none applies. */
function deliver(pages: readonly ReplicationPage[]): Replicas {
  const replicas: Replicas = { events: new Map(), checkpoint: startCheckpoint }
  for (let progress = true; progress; ) {
    progress = false
    for (const page of pages) if (applyTo(replicas, page) === 'apply') progress = true
  }
  return replicas
}

const released = (event: ChainEvent) => event.share !== 'own'

describe('applying pages', () => {
  test.prop(
    [
      fc.array(fc.constantFrom('all', 'own', '["org-b"]'), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 9 }),
      // Extra pages: answers to other checkpoints, other limits, when the head was lower.
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 }), fc.nat()), { maxLength: 20 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.func(fc.integer()),
    ],
    { numRuns: 300 },
  )(
    'ends with the same replicas and checkpoint whatever the order, with duplicates and late pages',
    (shares, limit, extras, duplicates, order) => {
      const chain = chainOf(shares.map((share) => ({ org: 'org-a', share })))
      const n = chain.length
      const inOrder: ReplicationPage[] = []
      for (let after = 0; after < n; after += limit)
        inOrder.push(pageOf(chain, { after, limit, keep: released }))
      const expected = deliver(inOrder)
      expect(expected.checkpoint).toEqual({ seq: n, hash: chain[n - 1]?.hash })
      expect([...expected.events.keys()]).toEqual(chain.filter(released).map((e) => e.seq))

      const late = extras.map(([after, pageLimit, head]) => {
        const headThen = Math.max(after % (n + 1), head % (n + 1))
        return pageOf(chain, {
          after: after % (n + 1),
          limit: pageLimit,
          head: headThen,
          keep: released,
        })
      })
      const all = [...inOrder, ...late, ...duplicates.map((i) => inOrder[i % inOrder.length]!)]
      const shuffled = all
        .map((page, i) => ({ page, key: order(i) }))
        .sort((a, b) => a.key - b.key)
        .map(({ page }) => page)
      const actual = deliver(shuffled)
      expect(actual.checkpoint).toEqual(expected.checkpoint)
      expect([...actual.events.entries()].sort(([a], [b]) => a - b)).toEqual(
        [...expected.events.entries()].sort(([a], [b]) => a - b),
      )
    },
  )

  const chain = chainOf(Array.from({ length: 10 }, () => ({ org: 'org-a', share: 'all' })))

  it('applies only the events after the checkpoint from a page that overlaps it', () => {
    const plan = planApply({ seq: 4, hash: chain[3]!.hash }, pageOf(chain, { after: 2, limit: 5 }))
    expect(plan).toEqual({
      code: 'apply',
      events: chain.slice(4, 7),
      checkpoint: { seq: 7, hash: chain[6]!.hash },
    })
  })

  it('calls a page that covers nothing new stale, and one after a gap ahead', () => {
    const at5 = { seq: 5, hash: chain[4]!.hash }
    expect(planApply(at5, pageOf(chain, { after: 0, limit: 5 }))).toEqual({ code: 'stale' })
    expect(planApply(at5, pageOf(chain, { after: 7, limit: 2 }))).toEqual({ code: 'ahead' })
  })

  it("refuses a page whose home's history differs from what was received, naming the seq", () => {
    const forked = chainOf([
      ...Array.from({ length: 4 }, () => ({ org: 'org-a', share: 'all' })),
      ...Array.from({ length: 6 }, () => ({ org: 'org-a', share: 'all', note: 'rewritten' })),
    ])
    const at6 = { seq: 6, hash: chain[5]!.hash }
    expect(planApply(at6, pageOf(forked, { after: 6, limit: 3 }))).toEqual({
      code: 'chain_broken',
      seq: 6,
    })
    expect(planApply(at6, pageOf(forked, { after: 3, limit: 6 }))).toEqual({
      code: 'chain_broken',
      seq: 6,
    })
  })
})
