/**
 * @module store/kysely/pledge-columns
 * The columns a pledge list sorts and searches by, taken from the pledge (its body holds the rest).
 * Written with every save, replicas' included, and by migration 0014 for pledges stored before it.
 */
import { searchText } from '../../domain/places/place.js'
import type { Pledge } from '../../domain/requests/pledge.js'

type PledgeFields = Partial<
  Pick<
    Pledge,
    | 'item'
    | 'place'
    | 'quantity'
    | 'availableFrom'
    | 'availableUntil'
    | 'description'
    | 'capability'
    | 'conditions'
  >
>

export function pledgeColumns(pledge: PledgeFields) {
  return {
    item: pledge.item ?? null,
    place: pledge.place ?? null,
    quantity: pledge.quantity ?? null,
    available_from: pledge.availableFrom ?? null,
    available_until: pledge.availableUntil ?? null,
    search: searchText([pledge.description, pledge.capability, pledge.conditions]),
  }
}
