import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { decodeShare, encodeShare, isReleasableTo } from '../../../src/domain/records/share.js'

describe('releasability', () => {
  it('shows a record to its own organisation whatever its share', () => {
    for (const share of ['own', 'all', ['b']] as const)
      expect(isReleasableTo({ org: 'a', share: share as never }, 'a')).toBe(true)
  })
  it('hides an own record from every other organisation', () => {
    expect(isReleasableTo({ org: 'a', share: 'own' }, 'b')).toBe(false)
  })
  it('shows a listed record only to the organisations listed', () => {
    expect(isReleasableTo({ org: 'a', share: ['b', 'c'] }, 'c')).toBe(true)
    expect(isReleasableTo({ org: 'a', share: ['b', 'c'] }, 'd')).toBe(false)
  })
  test.prop([
    fc.oneof(
      fc.constant('own' as const),
      fc.constant('all' as const),
      fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 5 }),
    ),
  ])('stores and reads back the same share', (share) => {
    const decoded = decodeShare(encodeShare(share))
    expect(Array.isArray(share) ? [...(decoded as string[])].sort() : decoded).toEqual(
      Array.isArray(share) ? [...share].sort() : share,
    )
  })
})
