/**
 * Who may do what (`may`, `mayGrant`) and how long a sign-in lasts (`sessionState`,
 * `signInRetryAfterSeconds`): pure functions, checked against the rules written out here rather than
 * against the matrix they implement, so a change to the matrix fails a test.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  type Action,
  may,
  mayGrant,
  type Principal,
  permissionMatrix,
  type Resource,
  type Role,
  roles,
  whyRefused,
} from '../../../src/domain/access/permissions.js'
import {
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  type SessionTimes,
  SIGN_IN_FAILURES_MAX,
  SIGN_IN_WINDOW_MS,
  sessionState,
  signInRetryAfterSeconds,
} from '../../../src/domain/access/session-policy.js'

const NODE_ORG = 'org-node'
const PARTNER = 'org-partner'
const OTHER_PARTNER = 'org-other'

function principal(held: readonly Role[], org = NODE_ORG): Principal {
  return { kind: 'user', id: 'u', userId: 'u', org, roles: held }
}

/** The rules as the access-control design states them: who may read and write each kind of record. */
const everyone: readonly Role[] = roles
const rules: Record<Resource, Record<Action, readonly Role[]>> = {
  item: { read: everyone, write: ['admin', 'logistician'] },
  place: { read: everyone, write: ['admin', 'logistician'] },
  'place-status': { read: everyone, write: ['admin', 'logistician', 'requester'] },
  organisation: { read: everyone, write: ['admin'] },
  user: { read: ['admin'], write: ['admin'] },
  token: { read: ['admin'], write: ['admin'] },
  audit: { read: ['admin'], write: [] },
  stock: { read: everyone, write: ['admin', 'logistician'] },
  'allocation-rule': { read: everyone, write: ['admin', 'logistician'] },
  request: { read: everyone, write: ['admin', 'requester'] },
  'request-review': { read: everyone, write: ['admin', 'planner'] },
  'capability-task': { read: everyone, write: ['admin', 'planner'] },
  'capability-answer': { read: everyone, write: ['admin', 'planner', 'logistician'] },
  operation: { read: everyone, write: ['admin', 'planner'] },
  pledge: { read: everyone, write: ['admin', 'planner', 'logistician'] },
  asset: { read: everyone, write: ['admin', 'planner', 'logistician'] },
  leg: { read: everyone, write: ['admin', 'planner', 'logistician'] },
  consignment: { read: everyone, write: ['admin', 'logistician'] },
  peer: { read: ['admin'], write: ['admin'] },
  dashboard: { read: everyone, write: [] },
  map: { read: everyone, write: [] },
  plan: { read: everyone, write: ['admin', 'planner'] },
}
const resources = Object.keys(rules) as Resource[]
const actions: Action[] = ['read', 'write']

describe('the permission matrix', () => {
  it('covers exactly the resources and actions of the rules, and no role outside the five', () => {
    expect(Object.keys(permissionMatrix).sort()).toEqual([...resources].sort())
    for (const resource of resources) {
      expect(Object.keys(permissionMatrix[resource]).sort()).toEqual(['read', 'write'])
      for (const action of actions)
        expect([...permissionMatrix[resource][action]].sort()).toEqual(
          [...rules[resource][action]].sort(),
        )
    }
  })

  describe('for a caller of the node organisation with one role', () => {
    for (const resource of resources)
      for (const action of actions)
        for (const role of roles) {
          const allowed = rules[resource][action].includes(role)
          it(`${allowed ? 'lets' : 'refuses'} a ${role} ${action} ${resource} records`, () => {
            expect(may(principal([role]), action, resource, NODE_ORG)).toBe(allowed)
          })
        }
  })

  it('refuses a caller that holds no role at all, for every resource and action', () => {
    for (const resource of resources)
      for (const action of actions)
        expect(may(principal([]), action, resource, NODE_ORG)).toBe(false)
  })

  test.prop([fc.subarray([...roles]), fc.constantFrom(...resources), fc.constantFrom(...actions)])(
    'lets a caller with several roles do exactly what any one of its roles may',
    (held, resource, action) => {
      const expected = held.some((role) => rules[resource][action].includes(role))
      expect(may(principal(held), action, resource, NODE_ORG)).toBe(expected)
    },
  )

  it('refuses everyone, even an admin, a write of the audit trail', () => {
    expect(may(principal([...roles]), 'write', 'audit', NODE_ORG)).toBe(false)
  })
})

describe('the organisation rule', () => {
  it('lets an admin of the node organisation add and change partner organisations', () => {
    expect(may(principal(['admin']), 'write', 'organisation', NODE_ORG)).toBe(true)
    expect(may(principal(['admin']), 'write', 'organisation', NODE_ORG, PARTNER)).toBe(true)
  })

  it('refuses an admin of a partner organisation a change to any organisation, even its own', () => {
    expect(may(principal(['admin'], PARTNER), 'write', 'organisation', NODE_ORG)).toBe(false)
    expect(may(principal(['admin'], PARTNER), 'write', 'organisation', NODE_ORG, PARTNER)).toBe(
      false,
    )
  })

  it("lets a partner's callers read organisations like anyone signed in", () => {
    for (const role of roles)
      expect(may(principal([role], PARTNER), 'read', 'organisation', NODE_ORG)).toBe(true)
  })

  it('refuses a non-admin of the node organisation a change to an organisation', () => {
    for (const role of roles.filter((r) => r !== 'admin'))
      expect(may(principal([role]), 'write', 'organisation', NODE_ORG)).toBe(false)
  })
})

describe('the peers rule', () => {
  it("lets only admins of the node's organisation read and change its peers", () => {
    for (const action of actions) {
      expect(may(principal(['admin']), action, 'peer', NODE_ORG)).toBe(true)
      expect(may(principal(['admin'], PARTNER), action, 'peer', NODE_ORG)).toBe(false)
      expect(whyRefused(principal(['admin'], PARTNER), action, 'peer', NODE_ORG)).toBe(
        "the node's peers are its own administration: only admins of the organisation that runs this node may",
      )
    }
  })
})

describe('the own-organisation rule for users and tokens', () => {
  for (const resource of ['user', 'token'] as const)
    for (const action of actions) {
      it(`lets a partner's admin ${action} ${resource}s of its own organisation`, () => {
        expect(may(principal(['admin'], PARTNER), action, resource, NODE_ORG, PARTNER)).toBe(true)
      })

      it(`refuses a partner's admin a ${action} of ${resource}s of the node or another partner`, () => {
        expect(may(principal(['admin'], PARTNER), action, resource, NODE_ORG, NODE_ORG)).toBe(false)
        expect(may(principal(['admin'], PARTNER), action, resource, NODE_ORG, OTHER_PARTNER)).toBe(
          false,
        )
      })

      it(`lets an admin of the node ${action} ${resource}s of every organisation`, () => {
        for (const target of [NODE_ORG, PARTNER, OTHER_PARTNER])
          expect(may(principal(['admin']), action, resource, NODE_ORG, target)).toBe(true)
      })

      it(`lets a partner's admin past the route check for ${resource}s when no record is named yet`, () => {
        expect(may(principal(['admin'], PARTNER), action, resource, NODE_ORG)).toBe(true)
      })

      it(`refuses a partner's non-admin ${resource} ${action}s even in its own organisation`, () => {
        for (const role of roles.filter((r) => r !== 'admin'))
          expect(may(principal([role], PARTNER), action, resource, NODE_ORG, PARTNER)).toBe(false)
      })
    }

  it('applies the target organisation only to users and tokens, not to catalog records', () => {
    expect(may(principal(['logistician'], PARTNER), 'write', 'item', NODE_ORG, NODE_ORG)).toBe(true)
    expect(may(principal(['viewer'], PARTNER), 'read', 'place', NODE_ORG, OTHER_PARTNER)).toBe(true)
  })
})

describe("the hub's decisions on requests and the tasked partner's answers", () => {
  for (const resource of ['request-review', 'capability-task'] as const) {
    it(`lets the node organisation's planners and admins write ${resource}, and nobody of a partner`, () => {
      for (const role of ['planner', 'admin'] as const) {
        expect(may(principal([role]), 'write', resource, NODE_ORG)).toBe(true)
        expect(may(principal([role], PARTNER), 'write', resource, NODE_ORG)).toBe(false)
        expect(may(principal([role], PARTNER), 'write', resource, NODE_ORG, PARTNER)).toBe(false)
      }
      expect(may(principal(['planner'], PARTNER), 'read', resource, NODE_ORG)).toBe(true)
    })

    it(`says why a partner's planner may not write ${resource}: it is the hub's decision`, () => {
      expect(whyRefused(principal(['planner'], PARTNER), 'write', resource, NODE_ORG)).toMatch(
        /hub's decision: only planners and admins of the organisation that runs this node/,
      )
    })
  }

  it('refuses a logistician of the node the tasking of a capability, naming who may', () => {
    expect(may(principal(['logistician']), 'write', 'capability-task', NODE_ORG)).toBe(false)
    expect(whyRefused(principal(['logistician']), 'write', 'capability-task', NODE_ORG)).toBe(
      'your role (logistician) may not write capability-task records; admin, planner may',
    )
  })

  it("lets the tasked organisation's planners, logisticians and admins answer, and nobody else", () => {
    for (const role of ['planner', 'logistician', 'admin'] as const) {
      expect(may(principal([role], PARTNER), 'write', 'capability-answer', NODE_ORG, PARTNER)).toBe(
        true,
      )
      expect(may(principal([role]), 'write', 'capability-answer', NODE_ORG, PARTNER)).toBe(false)
      expect(
        may(principal([role], OTHER_PARTNER), 'write', 'capability-answer', NODE_ORG, PARTNER),
      ).toBe(false)
    }
    expect(
      may(principal(['requester'], PARTNER), 'write', 'capability-answer', NODE_ORG, PARTNER),
    ).toBe(false)
    expect(
      whyRefused(principal(['admin']), 'write', 'capability-answer', NODE_ORG, PARTNER),
    ).toMatch(/only the organisation tasked/)
  })
})

describe('granting roles', () => {
  test.prop([fc.subarray([...roles], { minLength: 1 })])(
    'lets an admin grant any roles, whether of the node organisation or a partner (which users it may touch is decided by may)',
    (granted) => {
      expect(mayGrant(principal(['admin']), NODE_ORG, granted)).toBe(true)
      expect(mayGrant(principal(['admin'], PARTNER), NODE_ORG, granted)).toBe(true)
    },
  )

  test.prop([
    fc.subarray([...roles]),
    fc.subarray([...roles], { minLength: 1 }),
    fc.constantFrom(NODE_ORG, PARTNER),
  ])('lets anyone else grant exactly the roles it holds itself', (held, granted, org) => {
    fc.pre(!held.includes('admin'))
    const expected = granted.every((role) => held.includes(role))
    expect(mayGrant(principal(held, org), NODE_ORG, granted)).toBe(expected)
  })

  it("lets a partner's admin create the ordinary users of its organisation", () => {
    const partnerAdmin = principal(['admin'], PARTNER)
    expect(mayGrant(partnerAdmin, NODE_ORG, ['viewer'])).toBe(true)
    expect(mayGrant(partnerAdmin, NODE_ORG, ['logistician', 'planner'])).toBe(true)
  })

  it('refuses a logistician of the node organisation the admin role', () => {
    expect(mayGrant(principal(['logistician']), NODE_ORG, ['admin'])).toBe(false)
  })
})

const T0 = Date.parse('2026-03-01T00:00:00.000Z')
const at = (ms: number) => new Date(T0 + ms)
const iso = (ms: number) => at(ms).toISOString()
const MINUTE = 60_000

function session(overrides: Partial<SessionTimes> = {}): SessionTimes {
  return {
    createdAt: iso(0),
    lastSeenAt: iso(0),
    expiresAt: iso(SESSION_ABSOLUTE_MS),
    endedAt: null,
    ...overrides,
  }
}

describe('session state', () => {
  it('keeps the policy at 2 hours idle and 12 hours in all', () => {
    expect(SESSION_IDLE_MS).toBe(2 * 60 * MINUTE)
    expect(SESSION_ABSOLUTE_MS).toBe(12 * 60 * MINUTE)
  })

  it('is active just after sign-in', () => {
    expect(sessionState(session(), at(0))).toBe('active')
  })

  it('is still active a millisecond before 2 hours without a request', () => {
    expect(sessionState(session(), at(SESSION_IDLE_MS - 1))).toBe('active')
  })

  it('expires when idle for 2 hours', () => {
    expect(sessionState(session(), at(SESSION_IDLE_MS))).toBe('idle_expired')
  })

  it('counts idleness from the last request, not from sign-in', () => {
    const seen = session({ lastSeenAt: iso(5 * 60 * MINUTE) })
    expect(sessionState(seen, at(6 * 60 * MINUTE))).toBe('active')
    expect(sessionState(seen, at(7 * 60 * MINUTE))).toBe('idle_expired')
  })

  it('expires 12 hours after sign-in even when used a minute ago', () => {
    const busy = session({ lastSeenAt: iso(SESSION_ABSOLUTE_MS - MINUTE) })
    expect(sessionState(busy, at(SESSION_ABSOLUTE_MS - 1))).toBe('active')
    expect(sessionState(busy, at(SESSION_ABSOLUTE_MS))).toBe('expired')
  })

  it('reports the absolute expiry when a session is both idle and past 12 hours', () => {
    expect(sessionState(session(), at(SESSION_ABSOLUTE_MS + MINUTE))).toBe('expired')
  })

  it('is ended once signed out, however fresh it is', () => {
    expect(sessionState(session({ endedAt: iso(MINUTE) }), at(MINUTE))).toBe('ended')
  })

  test.prop([
    fc.integer({ min: 0, max: SESSION_ABSOLUTE_MS - 1 }),
    fc.integer({ min: 0, max: SESSION_IDLE_MS - 1 }),
  ])(
    'is active whenever the last request is under 2 hours old and 12 hours have not passed',
    (seen, idle) => {
      const now = Math.min(seen + idle, SESSION_ABSOLUTE_MS - 1)
      expect(sessionState(session({ lastSeenAt: iso(seen) }), at(now))).toBe('active')
    },
  )
})

describe('sign-in throttling', () => {
  const failures = (count: number, msBeforeNow: number, now: number) =>
    Array.from({ length: count }, () => iso(now - msBeforeNow))

  it('keeps the policy at 10 failures in 15 minutes', () => {
    expect(SIGN_IN_FAILURES_MAX).toBe(10)
    expect(SIGN_IN_WINDOW_MS).toBe(15 * MINUTE)
  })

  it('lets anyone try when there are no failures', () => {
    expect(signInRetryAfterSeconds([], at(0))).toBe(0)
  })

  it('lets a username try again after 9 failures', () => {
    expect(signInRetryAfterSeconds(failures(9, 0, 0), at(0))).toBe(0)
  })

  it('makes a username wait 15 minutes after its 10th failure', () => {
    expect(signInRetryAfterSeconds(failures(10, 0, 0), at(0))).toBe(15 * 60)
  })

  it('still makes it wait 11 minutes later, for the 4 minutes left', () => {
    expect(signInRetryAfterSeconds(failures(10, 0, 0), at(11 * MINUTE))).toBe(4 * 60)
  })

  it('lets it try again once the window has passed', () => {
    expect(signInRetryAfterSeconds(failures(10, 0, 0), at(15 * MINUTE))).toBe(0)
    expect(signInRetryAfterSeconds(failures(10, 0, 0), at(16 * MINUTE))).toBe(0)
  })

  it('waits until the 10th most recent failure leaves the window, not the oldest', () => {
    // One failure a minute for 12 minutes: the window frees up when the third one leaves it.
    const spread = Array.from({ length: 12 }, (_, i) => iso(i * MINUTE))
    expect(signInRetryAfterSeconds(spread, at(11 * MINUTE))).toBe(6 * 60)
    expect(signInRetryAfterSeconds(spread, at(17 * MINUTE))).toBe(0)
  })

  it('reads failure times in any order', () => {
    const spread = Array.from({ length: 12 }, (_, i) => iso(i * MINUTE)).reverse()
    expect(signInRetryAfterSeconds(spread, at(11 * MINUTE))).toBe(6 * 60)
  })

  it('rounds a partial second up, and never answers a wait of 0 while blocked', () => {
    expect(signInRetryAfterSeconds(failures(10, 0, 0), at(15 * MINUTE - 1))).toBe(1)
    expect(signInRetryAfterSeconds(failures(10, 0, 0), at(15 * MINUTE - 1001))).toBe(2)
  })

  it('ignores failures older than 15 minutes', () => {
    expect(signInRetryAfterSeconds(failures(50, 15 * MINUTE, 0), at(0))).toBe(0)
  })

  const now = 20 * 24 * 60 * MINUTE
  test.prop([
    fc.array(fc.integer({ min: 0, max: SIGN_IN_WINDOW_MS - 1 }), { maxLength: 9 }),
    fc.array(fc.integer({ min: SIGN_IN_WINDOW_MS, max: 10 * SIGN_IN_WINDOW_MS }), {
      maxLength: 200,
    }),
  ])(
    'never blocks fewer than 10 failures in the window, however many came before',
    (recent, old) => {
      const times = [...recent, ...old].map((ago) => iso(now - ago))
      expect(signInRetryAfterSeconds(times, at(now))).toBe(0)
    },
  )

  test.prop([
    fc.array(fc.integer({ min: 0, max: SIGN_IN_WINDOW_MS - 1 }), { minLength: 10, maxLength: 40 }),
  ])(
    'blocks 10 or more failures in the window for at most 15 minutes, and not a second after the wait',
    (agos) => {
      const times = agos.map((ago) => iso(now - ago))
      const wait = signInRetryAfterSeconds(times, at(now))
      expect(wait).toBeGreaterThan(0)
      expect(wait).toBeLessThanOrEqual(15 * 60)
      expect(signInRetryAfterSeconds(times, at(now + wait * 1000))).toBe(0)
      if (wait > 1)
        expect(signInRetryAfterSeconds(times, at(now + (wait - 1) * 1000 - 1))).toBeGreaterThan(0)
    },
  )
})
