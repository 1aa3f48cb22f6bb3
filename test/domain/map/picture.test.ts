import { describe, expect, it } from 'vitest'
import { isLate, latestPosition, mostUrgent, travelPath } from '../../../src/domain/map/picture.js'

const legs = new Map(
  [
    { id: 'ab', from: 'a', to: 'b' },
    { id: 'cb', from: 'c', to: 'b' },
    { id: 'cd', from: 'c', to: 'd' },
  ].map((leg) => [leg.id, leg]),
)

describe('a consignment path', () => {
  it('follows the route from the origin, entering each leg from the end it has reached', () => {
    expect(travelPath('a', 'd', ['ab', 'cb', 'cd'], legs)).toEqual(['a', 'b', 'c', 'd'])
    expect(travelPath('d', 'a', ['cd', 'cb', 'ab'], legs)).toEqual(['d', 'c', 'b', 'a'])
  })

  it('is the straight line without a route, or when the route does not chain', () => {
    expect(travelPath('a', 'd', [], legs)).toEqual(['a', 'd'])
    expect(travelPath('a', 'd', ['ab', 'cd'], legs)).toEqual(['a', 'd'])
    expect(travelPath('a', 'd', ['ab', 'gone'], legs)).toEqual(['a', 'd'])
  })

  it('ends at the destination even when the route stops short of it', () => {
    expect(travelPath('a', 'd', ['ab'], legs)).toEqual(['a', 'b', 'd'])
  })
})

describe('late against the ETA', () => {
  const now = new Date('2026-01-02T05:00:00Z')
  it('is late on its way after the ETA, not before it, and never without one', () => {
    expect(isLate('dispatched', '2026-01-02T04:59:59Z', null, now)).toBe(true)
    expect(isLate('dispatched', '2026-01-02T05:00:00Z', null, now)).toBe(false)
    expect(isLate('dispatched', null, null, now)).toBe(false)
  })

  it('is late when it arrived after the ETA, whatever the time now', () => {
    expect(isLate('arrived', '2026-01-02T01:00:00Z', '2026-01-02T01:00:01Z', now)).toBe(true)
    expect(isLate('arrived', '2026-01-02T01:00:00Z', '2026-01-02T00:30:00Z', now)).toBe(false)
  })
})

describe('the most urgent priority and the latest position', () => {
  it('picks life-saving over life-sustaining over other, and null for none', () => {
    expect(mostUrgent(['other', 'life-sustaining', 'other'])).toBe('life-sustaining')
    expect(mostUrgent(['other', 'life-saving'])).toBe('life-saving')
    expect(mostUrgent([])).toBeNull()
  })

  it('takes the last event with coordinates', () => {
    const at = (n: number) => `2026-01-02T0${n}:00:00.000Z`
    expect(
      latestPosition([
        { at: at(1), lat: null, lon: null },
        { at: at(2), lat: 37, lon: 137 },
        { at: at(3), lat: null, lon: null },
      ]),
    ).toEqual({ at: at(2), lat: 37, lon: 137 })
    expect(latestPosition([{ at: at(1), lat: null, lon: null }])).toBeNull()
  })
})
