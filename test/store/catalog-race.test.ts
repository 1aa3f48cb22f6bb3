/**
 * Kysely's migrator lists every schema's tables before it runs anything; on PostgreSQL that listing
 * fails in several ways when another session changes a schema meanwhile. A failure before any
 * migration ran is tried again (nothing was written); one after is not.
 */
import { describe, expect, it } from 'vitest'
import { isCatalogRace } from '../../src/store/kysely/kysely-store.js'

describe('isCatalogRace', () => {
  it('tries again what failed before any migration ran, whatever the catalog said', () => {
    for (const message of [
      'schema "kz_test_0123" does not exist',
      'relation "kz_test_0123.places" does not exist',
      'column "proof" of relation "consignments" does not exist',
      'cache lookup failed for relation 16384',
    ])
      expect(isCatalogRace(new Error(message), []), message).toBe(true)
    expect(isCatalogRace(new Error('relation "places" does not exist'), undefined)).toBe(true)
  })

  it('does not once a migration ran, nor when nothing failed', () => {
    expect(
      isCatalogRace(new Error('column "proof" of relation "consignments" does not exist'), [
        { status: 'Error' },
      ]),
    ).toBe(false)
    expect(isCatalogRace(undefined, [])).toBe(false)
  })
})
