/**
 * @module interop/exchange/stock-sheet
 * Stock balances as a HXL sheet: one row per stock account (place, item, owner, lot), with the lot's
 * expiry and the quantities posted, pending out and available, in the item's base unit.
 */
import type { Account } from '../../domain/ledger/account.js'
import { available } from '../../domain/ledger/account.js'
import type { ItemFacts, OrganisationFacts } from './lookups.js'
import type { SheetColumn } from './sheet.js'

export interface StockRow {
  readonly account: Account
  readonly item: ItemFacts
  readonly place: { code: string; nameEn: string | null; nameJa: string | null } | null
  readonly owner: OrganisationFacts | undefined
}

export const stockColumns: readonly SheetColumn<StockRow>[] = [
  { header: 'Place code', hashtag: '#loc+code', value: (r) => r.place?.code ?? r.account.where },
  { header: 'Place', hashtag: '#loc+name+i_en', value: (r) => r.place?.nameEn },
  { header: 'Place (Japanese)', hashtag: '#loc+name+i_ja', value: (r) => r.place?.nameJa },
  { header: 'Item code', hashtag: '#item+code', value: (r) => r.item.code },
  { header: 'Item', hashtag: '#item+name+i_en', value: (r) => r.item.nameEn },
  { header: 'Item (Japanese)', hashtag: '#item+name+i_ja', value: (r) => r.item.nameJa },
  { header: 'Category', hashtag: '#item+type', value: (r) => r.item.category },
  { header: 'Unit', hashtag: '#meta+unit', value: (r) => r.item.unit },
  { header: 'Owner code', hashtag: '#org+code', value: (r) => r.owner?.code },
  { header: 'Owner', hashtag: '#org+name', value: (r) => r.owner?.nameEn },
  { header: 'Lot', hashtag: '#meta+lot', value: (r) => r.account.lot },
  { header: 'Expires on', hashtag: '#date+expiry', value: (r) => r.account.expiresOn },
  { header: 'Posted', hashtag: '#value+posted', value: (r) => r.account.posted },
  { header: 'Pending out', hashtag: '#value+pending', value: (r) => r.account.pendingOut },
  { header: 'Available', hashtag: '#value+available', value: (r) => available(r.account) },
]
