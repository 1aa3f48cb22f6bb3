/**
 * @module domain/records/share
 * Releasability (DESIGN.md, principle 3): who may see a record. Applied at the source by every query,
 * export and replication page.
 */

/** `own`: only the record's organisation; `all`: every partner; or a list of organisation ids. */
export type Share = 'own' | 'all' | string[]

/** The organisation of reference data (catalog, public places): the same on every node, seen by all. */
export const PUBLIC = 'public'

export interface Releasable {
  readonly org: string
  readonly share: Share
}

/** True when `orgId` may see the record. The owning organisation always may. */
export function isReleasableTo(record: Releasable, orgId: string): boolean {
  if (record.share === 'all' || record.org === orgId) return true
  if (record.share === 'own') return false
  return record.share.includes(orgId)
}

/** The stored text form of a share: `own`, `all`, or a JSON array of ids sorted for stable hashing. */
export function encodeShare(share: Share): string {
  if (share === 'own' || share === 'all') return share
  return JSON.stringify([...new Set(share)].sort())
}

export function decodeShare(text: string): Share {
  if (text === 'own' || text === 'all') return text
  const parsed: unknown = JSON.parse(text)
  if (!Array.isArray(parsed) || !parsed.every((entry) => typeof entry === 'string')) {
    throw new Error(`stored share is neither own, all nor a list of ids: ${text.slice(0, 80)}`)
  }
  return parsed
}
