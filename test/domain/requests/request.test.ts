import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  allowedActions,
  allowedCapabilityActions,
  capabilityActions,
  capabilityStatuses,
  capabilityTransition,
  deriveStatus,
  type ItemLine,
  overlap,
  possibleDuplicateWarning,
  recordProgress,
  recordRequestProgress,
  requestActions,
  requestStatuses,
  trackingCodeFragment,
  transition,
} from '../../../src/domain/requests/request.js'

const line = (quantity: number, overrides: Partial<ItemLine> = {}): ItemLine => ({
  id: 'l',
  kind: 'item',
  item: 'water',
  quantity,
  priority: 'life-saving',
  neededBy: null,
  quantityPlanned: 0,
  quantityDispatched: 0,
  quantityDelivered: 0,
  ...overrides,
})

describe('request life', () => {
  it('goes draft → submitted → validated, and names the allowed actions when refused', () => {
    expect(transition({ status: 'draft', lines: [] }, 'submit')).toEqual({
      ok: true,
      status: 'submitted',
    })
    expect(transition({ status: 'submitted', lines: [line(10)] }, 'validate')).toEqual({
      ok: true,
      status: 'validated',
    })
    expect(transition({ status: 'draft', lines: [] }, 'validate')).toEqual({
      ok: false,
      allowed: ['submit', 'cancel'],
    })
    expect(transition({ status: 'validated', lines: [] }, 'validate')).toEqual({
      ok: false,
      allowed: ['cancel'],
    })
  })

  it('may be cancelled before anything is delivered, and closed only once delivered', () => {
    expect(transition({ status: 'planned', lines: [] }, 'cancel')).toMatchObject({ ok: true })
    expect(transition({ status: 'partially-delivered', lines: [] }, 'cancel')).toEqual({
      ok: false,
      allowed: [],
    })
    expect(transition({ status: 'delivered', lines: [] }, 'close')).toEqual({
      ok: true,
      status: 'closed',
    })
    expect(transition({ status: 'dispatched', lines: [] }, 'close')).toMatchObject({ ok: false })
  })

  test.prop([fc.constantFrom(...requestStatuses), fc.constantFrom(...requestActions)])(
    'allows exactly the actions it names',
    (status, action) => {
      const result = transition({ status, lines: [] }, action)
      expect(result.ok).toBe(allowedActions(status).includes(action))
    },
  )

  test.prop([
    fc.constantFrom('closed', 'cancelled', 'rejected') as fc.Arbitrary<
      'closed' | 'cancelled' | 'rejected'
    >,
    fc.constantFrom(...requestActions),
  ])('never leaves an ended state', (status, action) => {
    expect(transition({ status, lines: [] }, action).ok).toBe(false)
  })
})

describe('line progress', () => {
  it('follows its item lines: partially planned, planned, dispatched, partially delivered, delivered', () => {
    const lines = [line(10, { quantityPlanned: 4 }), line(5)]
    expect(deriveStatus({ status: 'validated', lines })).toBe('partially-planned')
    expect(
      deriveStatus({
        status: 'validated',
        lines: [line(10, { quantityPlanned: 10 }), line(5, { quantityPlanned: 5 })],
      }),
    ).toBe('planned')
    expect(
      deriveStatus({
        status: 'planned',
        lines: [line(10, { quantityPlanned: 10, quantityDispatched: 10 })],
      }),
    ).toBe('dispatched')
    expect(
      deriveStatus({
        status: 'dispatched',
        lines: [line(10, { quantityPlanned: 10, quantityDispatched: 10, quantityDelivered: 3 })],
      }),
    ).toBe('partially-delivered')
    expect(
      deriveStatus({
        status: 'partially-delivered',
        lines: [line(10, { quantityPlanned: 10, quantityDispatched: 10, quantityDelivered: 10 })],
      }),
    ).toBe('delivered')
    expect(deriveStatus({ status: 'draft', lines: [line(10, { quantityPlanned: 10 })] })).toBe(
      'draft',
    )
  })

  it('refuses progress that skips a stage or goes beyond what was asked', () => {
    expect(recordProgress(line(10), { planned: 11 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/exceeds the 10 requested/),
    })
    expect(recordProgress(line(10, { quantityPlanned: 5 }), { dispatched: 6 })).toMatchObject({
      ok: false,
    })
    expect(
      recordProgress(line(10, { quantityPlanned: 5, quantityDispatched: 5 }), { delivered: 6 }),
    ).toMatchObject({ ok: false })
    expect(recordProgress(line(10), { planned: -1 })).toMatchObject({ ok: false })
  })

  test.prop([
    fc.integer({ min: 1, max: 1000 }),
    fc.array(
      fc.record({
        stage: fc.constantFrom('planned', 'dispatched', 'delivered'),
        n: fc.integer({ min: -50, max: 200 }),
      }),
      { maxLength: 30 },
    ),
  ])(
    'keeps delivered ≤ dispatched ≤ planned ≤ requested whatever is recorded',
    (quantity, changes) => {
      let current = line(quantity)
      for (const { stage, n } of changes) {
        const result = recordProgress(current, { [stage]: n })
        if (result.ok) current = result.line
      }
      expect(current.quantityDelivered).toBeLessThanOrEqual(current.quantityDispatched)
      expect(current.quantityDispatched).toBeLessThanOrEqual(current.quantityPlanned)
      expect(current.quantityPlanned).toBeLessThanOrEqual(quantity)
      expect(current.quantityDelivered).toBeGreaterThanOrEqual(0)
    },
  )
})

describe('capability lines', () => {
  const capability = {
    id: 'c',
    kind: 'capability' as const,
    capability: 'airlift' as const,
    description: 'lift 20 t',
    quantity: 20,
    unit: 't',
    priority: 'life-saving' as const,
    neededBy: null,
    taskedTo: null,
  }
  it('follow validated → tasked → accepted → in progress → completed, or declined and tasked again', () => {
    expect(capabilityTransition({ ...capability, status: 'validated' }, 'task')).toEqual({
      ok: true,
      status: 'tasked',
    })
    expect(capabilityTransition({ ...capability, status: 'tasked' }, 'decline')).toEqual({
      ok: true,
      status: 'declined',
    })
    expect(capabilityTransition({ ...capability, status: 'declined' }, 'task')).toEqual({
      ok: true,
      status: 'tasked',
    })
    expect(capabilityTransition({ ...capability, status: 'accepted' }, 'start')).toEqual({
      ok: true,
      status: 'in-progress',
    })
    expect(capabilityTransition({ ...capability, status: 'in-progress' }, 'complete')).toEqual({
      ok: true,
      status: 'completed',
    })
    expect(capabilityTransition({ ...capability, status: 'validated' }, 'complete')).toEqual({
      ok: false,
      allowed: ['task'],
    })
    expect(capabilityTransition({ ...capability, status: null }, 'task')).toEqual({
      ok: false,
      allowed: [],
    })
  })

  it('are no longer tasked, accepted or started once their request is cancelled, rejected or closed', () => {
    for (const requestStatus of ['cancelled', 'rejected', 'closed'] as const) {
      expect(
        capabilityTransition({ ...capability, status: 'validated' }, 'task', requestStatus),
      ).toEqual({ ok: false, allowed: [] })
      expect(
        capabilityTransition({ ...capability, status: 'tasked' }, 'accept', requestStatus),
      ).toEqual({ ok: false, allowed: ['decline'] })
      expect(allowedCapabilityActions('accepted', requestStatus)).toEqual([])
    }
  })

  it('may still be declined or completed by the partner once their request is cancelled', () => {
    expect(
      capabilityTransition({ ...capability, status: 'tasked' }, 'decline', 'cancelled'),
    ).toEqual({ ok: true, status: 'declined' })
    expect(
      capabilityTransition({ ...capability, status: 'in-progress' }, 'complete', 'cancelled'),
    ).toEqual({ ok: true, status: 'completed' })
  })

  test.prop([
    fc.constantFrom(...capabilityStatuses),
    fc.constantFrom(...capabilityActions),
    fc.constantFrom(...requestStatuses),
  ])(
    'allows exactly the actions it names, whatever the request',
    (status, action, requestStatus) => {
      const result = capabilityTransition({ ...capability, status }, action, requestStatus)
      expect(result.ok).toBe(allowedCapabilityActions(status, requestStatus).includes(action))
    },
  )
})

describe('progress on a request', () => {
  it('refuses to deliver to a draft, naming the actions a draft allows', () => {
    expect(
      recordRequestProgress({ status: 'draft', lines: [line(10)] }, 'l', { delivered: 10 }),
    ).toEqual({
      ok: false,
      reason:
        'a request that is draft has nothing planned, dispatched or delivered; allowed: submit, cancel',
      allowed: ['submit', 'cancel'],
    })
    for (const status of ['submitted', 'rejected', 'cancelled', 'closed'] as const)
      expect(recordRequestProgress({ status, lines: [line(10)] }, 'l', { planned: 1 }).ok).toBe(
        false,
      )
  })

  it('moves a line of a validated request and derives the request status from its lines', () => {
    const planned = recordRequestProgress({ status: 'validated', lines: [line(10)] }, 'l', {
      planned: 10,
    })
    expect(planned).toMatchObject({ ok: true, status: 'planned' })
    if (!planned.ok) return
    const delivered = recordRequestProgress({ status: planned.status, lines: planned.lines }, 'l', {
      dispatched: 10,
      delivered: 4,
    })
    expect(delivered).toMatchObject({ ok: true, status: 'partially-delivered' })
  })

  it('refuses a skipped stage, an unknown line and a capability line, with the allowed actions', () => {
    const request = { status: 'validated' as const, lines: [line(10)] }
    expect(recordRequestProgress(request, 'l', { delivered: 1 })).toMatchObject({
      ok: false,
      reason: 'delivered 1 exceeds dispatched 0',
      allowed: ['cancel'],
    })
    expect(recordRequestProgress(request, 'nope', { planned: 1 })).toMatchObject({ ok: false })
  })
})

describe('duplicates', () => {
  it('measures how much a request repeats an open one for the same place', () => {
    const a = { destination: 'p', lines: [line(1, { item: 'water' }), line(1, { item: 'rice' })] }
    expect(overlap(a, { destination: 'p', lines: [line(5, { item: 'water' })] })).toBe(0.5)
    expect(overlap(a, { destination: 'q', lines: [line(5, { item: 'water' })] })).toBe(0)
  })

  it('warns of a possible duplicate with a stable code, the request it repeats, and an English message', () => {
    expect(possibleDuplicateWarning({ id: 'r1', code: 'RQ-KXM2P7AB' })).toEqual({
      code: 'possible_duplicate',
      message: 'largely repeats open request RQ-KXM2P7AB for the same place',
      request: 'r1',
      requestCode: 'RQ-KXM2P7AB',
    })
  })
})

describe('searching by tracking code', () => {
  it('keeps the letters and digits of a search, upper case and without the dash', () => {
    expect(trackingCodeFragment('rq-kxm2')).toBe('RQKXM2')
    expect(trackingCodeFragment(' RQKXM2P7AB ')).toBe('RQKXM2P7AB')
    expect(trackingCodeFragment('ｒｑ－ｋｘｍ')).toBe('RQKXM')
    expect(trackingCodeFragment('kxm')).toBe('KXM')
  })

  it('looks for no code when fewer than 3 letters or digits are given', () => {
    for (const q of ['rq', 'RQ-', 'k', '%_', '輪島', '  '])
      expect(trackingCodeFragment(q)).toBeNull()
  })
})
