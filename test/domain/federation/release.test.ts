/**
 * What leaves a node for a peer of a given organisation: by the event's share and its record's
 * organisation; never reference data, never the node's own access and federation records.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src/domain/events/chain.js'
import {
  mayNameOwner,
  needsOwnerLookup,
  ownerInBody,
  ownerMatters,
  releaseOf,
} from '../../../src/domain/federation/release.js'

const owned = (org: string) => ({ org, home: 'node-a' })

describe('releasability of an event', () => {
  it("keeps an `own` event for its organisation: not to another's peer, to its own", () => {
    const event = { kind: 'request.created', share: 'own' }
    expect(releaseOf(event, owned('org-a'), 'org-b')).toBe('not_released')
    expect(releaseOf(event, owned('org-b'), 'org-b')).toBe('released')
  })

  it('releases a listed event to the organisations listed and its own, and `all` to every partner', () => {
    const listed = { kind: 'place.created', share: '["org-b","org-c"]' }
    expect(releaseOf(listed, owned('org-a'), 'org-b')).toBe('released')
    expect(releaseOf(listed, owned('org-a'), 'org-d')).toBe('not_released')
    expect(releaseOf(listed, owned('org-d'), 'org-d')).toBe('released')
    expect(releaseOf({ kind: 'place.created', share: 'all' }, owned('org-a'), 'org-z')).toBe(
      'released',
    )
  })

  it('releases an event whose organisation is unknown only to the organisations its share lists', () => {
    const unknown = { org: null, home: null }
    expect(releaseOf({ kind: 'x.y', share: 'own' }, unknown, 'org-b')).toBe('not_released')
    expect(releaseOf({ kind: 'x.y', share: '["org-b"]' }, unknown, 'org-b')).toBe('released')
  })

  it('does not replicate reference data, nor users, tokens, peers or the node key', () => {
    expect(
      releaseOf({ kind: 'item.imported', share: 'all' }, { org: 'public', home: 'public' }, 'o'),
    ).toBe('reference')
    for (const kind of ['user.signed_in', 'token.created', 'peer.added', 'node.key_rotated'])
      expect(releaseOf({ kind, share: 'all' }, owned('org-b'), 'org-b')).toBe('node_local')
    expect(releaseOf({ kind: 'node.initialised', share: 'all' }, owned('org-a'), 'org-b')).toBe(
      'released',
    )
  })

  it('reads the owner from a body that is a record, and asks for a lookup only when it must', () => {
    expect(ownerInBody('{"home":"node-a","id":"r1","org":"org-a"}')).toEqual(owned('org-a'))
    expect(ownerInBody('{"status":"validated"}')).toEqual({ org: null, home: null })
    expect(ownerInBody('[1,2]')).toEqual({ org: null, home: null })
    expect(needsOwnerLookup({ share: 'own' }, { org: null, home: null })).toBe(true)
    expect(needsOwnerLookup({ share: 'all' }, { org: null, home: null })).toBe(false)
    expect(needsOwnerLookup({ share: 'own' }, owned('org-a'))).toBe(false)
  })

  test.prop([
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.option(fc.string()),
    fc.option(fc.constantFrom('public', 'node-a')),
  ])('never skips parsing a body that names its owner at the top', (rest, org, home) => {
    const body = canonicalJson({
      ...rest,
      ...(org === null ? {} : { org }),
      ...(home === null ? {} : { home }),
    })
    const owner = ownerInBody(body)
    if (owner.org !== null || owner.home === 'public') expect(mayNameOwner(body)).toBe(true)
  })

  test.prop([
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.option(fc.constantFrom('public', 'org-a', 'org-b')),
    fc.option(fc.constantFrom('public', 'node-a')),
    fc.constantFrom('all', 'own', '["org-b"]'),
    fc.constantFrom('org-a', 'org-b'),
  ])(
    "decides the same without the body's owner wherever it says the owner does not matter",
    (rest, org, home, share, asker) => {
      const body = canonicalJson({
        ...rest,
        ...(org === null ? {} : { org }),
        ...(home === null ? {} : { home }),
      })
      const event = { kind: 'request.created', share, body }
      if (!ownerMatters(event))
        expect(releaseOf(event, { org: null, home: null }, asker)).toBe(
          releaseOf(event, ownerInBody(body), asker),
        )
    },
  )

  it('says the owner matters for an event not shared with all, or a body that may be reference data', () => {
    expect(ownerMatters({ share: 'all', body: '{"home":"node-a","org":"org-a"}' })).toBe(false)
    expect(ownerMatters({ share: 'all', body: '{"home":"public","org":"public"}' })).toBe(true)
    expect(ownerMatters({ share: 'own', body: '{"home":"node-a","org":"org-a"}' })).toBe(true)
    expect(ownerMatters({ share: '["org-b"]', body: '{}' })).toBe(true)
  })
})
