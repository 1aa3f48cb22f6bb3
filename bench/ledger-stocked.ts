/**
 * The ledger benches' stock (bench/ledger-ab.ts, bench/ledger-profile.ts): 4 places × 75 items
 * of one node, each account supplied with plenty, and submits of 1,000 transfers of 1 unit between two
 * places of an item — the shape bench/ledger.ts uses. (bench/ledger-ab.ts builds the same from two
 * code versions at once, so it keeps its own copy.)
 */
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../src/app/context.js'
import { createItem } from '../src/app/items.js'
import type { AccountRef, LedgerWriter, TransferRequest } from '../src/app/ledger-writer.js'
import { createPlace } from '../src/app/places.js'
import type { Actor } from '../src/domain/records/record.js'
import { itemDraft, placeDraft } from '../test/support/fixtures.js'

/** Creates the places and items (codes marked by `tag`) and supplies every stock account. */
export async function stockedAccounts(
  ctx: AppContext,
  actor: Actor,
  writer: LedgerWriter,
  tag: string,
): Promise<[AccountRef, AccountRef][]> {
  const places: string[] = []
  for (let p = 0; p < 4; p++)
    places.push((await createPlace(ctx, actor, placeDraft({ code: `HUB:${tag}-${p}` }))).place.id)
  const refs: AccountRef[] = []
  for (let i = 0; i < 75; i++) {
    const item = (await createItem(ctx, actor, itemDraft({ code: `KZ-${tag}-${i}` }))).item.id
    for (const where of places) refs.push({ kind: 'stock', where, item, owner: actor.org, lot: '' })
  }
  await writer.submit(
    actor,
    refs.map((to) => ({
      id: uuidv7(),
      mode: 'single' as const,
      from: { kind: 'supply' as const, where: 'Donor', item: to.item, owner: actor.org },
      to,
      quantity: 1_000_000_000,
      reason: 'received',
    })),
  )
  return refs.flatMap((from) =>
    refs.filter((to) => to.item === from.item && to.where !== from.where).map((to) => [from, to]),
  ) as [AccountRef, AccountRef][]
}

/** 1,000 moves of 1 unit, each between a random pair of `pairs`. */
export const moves = (pairs: readonly [AccountRef, AccountRef][]): TransferRequest[] =>
  Array.from({ length: 1000 }, () => {
    const [from, to] = pairs[Math.floor(Math.random() * pairs.length)] as [AccountRef, AccountRef]
    return { id: uuidv7(), mode: 'single', from, to, quantity: 1, reason: 'moved' }
  })
