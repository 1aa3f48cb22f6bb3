/**
 * Tracking's pure rules: only a dispatched consignment takes reported events (in every status the
 * refusal names what is allowed), a delay must give the new eta, coordinates come in pairs, times are
 * checked against dispatch and the clock, the ETA at dispatch sums the legs, and the timeline's order
 * and latest ETA.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  allowedConsignmentActions,
  consignmentStatuses,
} from '../../../src/domain/transport/consignment.js'
import {
  CLOCK_SKEW_MS_MAX,
  checkTrackingReport,
  etaAtDispatch,
  inTimeOrder,
  latestEta,
  type TrackingEvent,
  type TrackingReport,
} from '../../../src/domain/transport/tracking.js'

const dispatchedAt = '2026-01-02T03:00:00.000Z'
const now = '2026-01-02T06:00:00.000Z'
const onItsWay = { status: 'dispatched' as const, dispatchedAt }
const report = (fields: Partial<TrackingReport> = {}): TrackingReport => ({
  kind: 'position',
  at: '2026-01-02T05:00:00.000Z',
  lat: 37.05,
  lon: 136.93,
  eta: null,
  note: null,
  ...fields,
})

describe('tracking events and the consignment status', () => {
  test.prop([fc.constantFrom(...consignmentStatuses), fc.constantFrom('position', 'delayed')])(
    'accepts a report only while dispatched, and otherwise names the status and what is allowed',
    (status, kind) => {
      const check = checkTrackingReport(
        { status, dispatchedAt },
        report({ kind: kind as 'position' | 'delayed', eta: '2026-01-02T09:00:00.000Z' }),
        now,
      )
      if (status === 'dispatched') expect(check).toEqual({ ok: true })
      else {
        const allowed = allowedConsignmentActions(status)
        expect(check).toEqual({
          ok: false,
          result: 'not_on_its_way',
          reason: `a ${status} consignment takes no ${kind} events: only a dispatched one, on its way, does; allowed: ${allowed.join(', ') || 'none'}`,
          allowed,
        })
      }
    },
  )
})

describe('a reported event', () => {
  const refused = (fields: Partial<TrackingReport>) => {
    const check = checkTrackingReport(onItsWay, report(fields), now)
    return check.ok ? null : check.result === 'refused' ? [check.field, check.reason] : null
  }

  it('requires the new eta for a delay', () => {
    expect(refused({ kind: 'delayed', note: 'landslide' })).toEqual([
      'eta',
      'a delay must say when the consignment is now expected: give eta',
    ])
    expect(refused({ kind: 'delayed', eta: '2026-01-02T09:00:00.000Z' })).toBeNull()
  })

  it('takes coordinates in pairs, and a position must say where or when', () => {
    expect(refused({ lon: null })?.[0]).toBe('lon')
    expect(refused({ lat: null })?.[0]).toBe('lat')
    expect(refused({ lat: null, lon: null })).toEqual([
      'lat',
      'a position says where (lat and lon, or a note) or gives a new eta',
    ])
    expect(refused({ lat: null, lon: null, note: 'passed Anamizu' })).toBeNull()
    expect(refused({ lat: null, lon: null, eta: '2026-01-02T07:00:00.000Z' })).toBeNull()
  })

  it('refuses a time before dispatch, too far in the future, an eta before the event, and a non-time', () => {
    expect(refused({ at: '2026-01-02T02:59:59.999Z' })).toEqual([
      'at',
      '2026-01-02T02:59:59.999Z is before the consignment was dispatched (2026-01-02T03:00:00.000Z)',
    ])
    expect(refused({ at: dispatchedAt })).toBeNull()
    const ahead = (ms: number) => new Date(Date.parse(now) + ms).toISOString()
    // A device's clock a little ahead is tolerated; further is refused.
    expect(refused({ at: ahead(CLOCK_SKEW_MS_MAX) })).toBeNull()
    expect(refused({ at: ahead(CLOCK_SKEW_MS_MAX + 1) })?.[0]).toBe('at')
    expect(refused({ eta: '2026-01-02T04:59:00.000Z' })).toEqual([
      'eta',
      'the eta 2026-01-02T04:59:00.000Z is before the event itself (2026-01-02T05:00:00.000Z)',
    ])
    expect(refused({ at: 'soon' })).toEqual(['at', '"soon" is not an ISO 8601 time'])
    expect(refused({ eta: 'later' })).toEqual(['eta', '"later" is not an ISO 8601 time'])
  })
})

describe('ETA and timeline', () => {
  it('puts the ETA at dispatch plus the legs transit times, and none without a route', () => {
    expect(etaAtDispatch(dispatchedAt, [{ transitMinutes: 90 }, { transitMinutes: 45 }])).toBe(
      '2026-01-02T05:15:00.000Z',
    )
    expect(etaAtDispatch(dispatchedAt, [])).toBeNull()
  })

  const event = (id: string, kind: TrackingEvent['kind'], at: string, eta: string | null) => ({
    id,
    kind,
    at,
    lat: null,
    lon: null,
    eta,
    note: null,
    actor: 'cli:test',
  })

  it('orders by time, departure first and arrival last at the same instant', () => {
    const t = '2026-01-02T03:00:00.000Z'
    const events = [
      event('b', 'arrived', t, null),
      event('c', 'position', '2026-01-02T04:00:00.000Z', null),
      event('a', 'position', t, null),
      event('z', 'departed', t, '2026-01-02T05:00:00.000Z'),
    ]
    expect(inTimeOrder(events).map((e) => e.id)).toEqual(['z', 'a', 'b', 'c'])
  })

  it('takes the ETA of the latest event that gave one: a late report about earlier does not override', () => {
    const events = [
      event('1', 'departed', '2026-01-02T03:00:00.000Z', '2026-01-02T05:00:00.000Z'),
      event('3', 'delayed', '2026-01-02T05:00:00.000Z', '2026-01-02T09:00:00.000Z'),
      event('4', 'position', '2026-01-02T06:00:00.000Z', null),
      // Reported after the delay, about an hour before it.
      event('5', 'position', '2026-01-02T04:00:00.000Z', '2026-01-02T05:30:00.000Z'),
    ]
    expect(latestEta(events)).toBe('2026-01-02T09:00:00.000Z')
    expect(latestEta(events.slice(0, 1))).toBe('2026-01-02T05:00:00.000Z')
    expect(latestEta([])).toBeNull()
  })
})
