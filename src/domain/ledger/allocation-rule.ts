/**
 * @module domain/ledger/allocation-rule
 * An owner's allocation rule says who may receive its stock (sharing says who may *see* it). Rules may
 * name an item, a place, both or neither; the most specific one applies. Without any rule, stock may go
 * to any partner, which is what most donors at a shared hub expect.
 */
import type { AllocationAllowance } from '../access/permissions.js'

export interface AllocationRule {
  readonly id: string
  /** The owner of the stock. */
  readonly org: string
  readonly item: string | null
  readonly place: string | null
  readonly allowed: AllocationAllowance
  readonly note: string | null
}

/** The rule that applies to stock of `item` at `place` owned by `owner`: item and place, then item, then place, then none. */
export function ruleFor(
  rules: readonly AllocationRule[],
  owner: string,
  item: string,
  place: string,
): AllocationRule | null {
  const own = rules.filter((rule) => rule.org === owner)
  return (
    own.find((r) => r.item === item && r.place === place) ??
    own.find((r) => r.item === item && r.place === null) ??
    own.find((r) => r.item === null && r.place === place) ??
    own.find((r) => r.item === null && r.place === null) ??
    null
  )
}
