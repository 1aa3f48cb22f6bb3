/**
 * @module domain/ledger/fefo
 * First expiry, first out: which lots to take for a quantity, never an expired lot. Lots without an
 * expiry go last. The date is passed in.
 */

export interface LotAvailable {
  readonly lot: string
  /** YYYY-MM-DD, or null when the lot does not expire. */
  readonly expiresOn: string | null
  readonly available: number
}

export interface Pick {
  readonly lot: string
  readonly expiresOn: string | null
  readonly quantity: number
}

export interface FefoResult {
  readonly picks: Pick[]
  /** What could not be picked from unexpired stock (0 when the whole quantity was found). */
  readonly shortfall: number
  /** Stock left out because it had expired (on or before `today`). */
  readonly expiredQuantity: number
}

export function pickFefo(
  lots: readonly LotAvailable[],
  quantity: number,
  today: string,
): FefoResult {
  // A programmer error, not an outcome: callers validate quantities first.
  if (!(Number.isSafeInteger(quantity) && quantity >= 0))
    throw new Error(`pickFefo: quantity must be a whole number ≥ 0, got ${quantity}`)
  const usable = lots.filter(
    (lot) => lot.available > 0 && (lot.expiresOn === null || lot.expiresOn > today),
  )
  const expiredQuantity = lots
    .filter((lot) => lot.available > 0 && lot.expiresOn !== null && lot.expiresOn <= today)
    .reduce((sum, lot) => sum + lot.available, 0)
  const ordered = [...usable].sort((a, b) => {
    if (a.expiresOn === b.expiresOn) return a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0
    if (a.expiresOn === null) return 1
    if (b.expiresOn === null) return -1
    return a.expiresOn < b.expiresOn ? -1 : 1
  })
  const picks: Pick[] = []
  let left = quantity
  for (const lot of ordered) {
    if (left === 0) break
    const take = Math.min(left, lot.available)
    picks.push({ lot: lot.lot, expiresOn: lot.expiresOn, quantity: take })
    left -= take
  }
  return { picks, shortfall: left, expiredQuantity }
}
