/**
 * @module app/exchange
 * Exports of requests, pledges, stock and a 3W as HXL-tagged or plain CSV. Every read goes through
 * the store's releasability-filtered reads, the same ones the list routes use, so a file never holds
 * what its reader may not see; names of items and places the reader may not see are left empty.
 */
import type { Account } from '../domain/ledger/account.js'
import type { Pledge, PledgeStatus } from '../domain/requests/pledge.js'
import type { Request, RequestStatus } from '../domain/requests/request.js'
import type { ItemFacts, PlaceFacts, SheetLookups } from '../interop/exchange/lookups.js'
import { pledgeColumns } from '../interop/exchange/pledge-sheet.js'
import { requestColumns, requestLineRows } from '../interop/exchange/request-sheet.js'
import { type SheetFormat, sheetFileName, writeSheet } from '../interop/exchange/sheet.js'
import { stockColumns } from '../interop/exchange/stock-sheet.js'
import { threeW, threeWColumns } from '../interop/exchange/three-w.js'
import type { AppContext } from './context.js'
import type { Page, Viewer } from './ports.js'

export interface ExportedSheet {
  readonly fileName: string
  readonly text: string
  /** Records read (requests, pledges, accounts, or 3W rows). */
  readonly count: number
}

const PAGE = 1000

/** Every page of a paged read. */
async function everything<T>(read: (limit: number, offset: number) => Promise<Page<T>>) {
  const rows: T[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await read(PAGE, offset)
    rows.push(...page.rows)
    if (page.rows.length < PAGE || rows.length >= page.total) return rows
  }
}

/** Items, places, organisations and operations by id, as the viewer may see them. */
async function lookupsFor(
  ctx: AppContext,
  viewer: Viewer,
  ids: { items: Iterable<string>; places: Iterable<string> },
): Promise<SheetLookups> {
  const items = new Map<string, ItemFacts>()
  for (const id of new Set(ids.items)) {
    const item = await ctx.store.getItem(id, viewer)
    if (item) items.set(id, item)
  }
  const places = new Map<string, PlaceFacts>()
  for (const id of new Set(ids.places)) {
    const place = await ctx.store.getPlace(id, viewer)
    if (place) places.set(id, place)
  }
  const organisations = new Map((await ctx.store.listOrganisations(viewer)).map((o) => [o.id, o]))
  const operations = new Map((await ctx.store.listOperations(viewer)).map((o) => [o.id, o]))
  return {
    item: (id) => items.get(id),
    place: (id) => places.get(id),
    organisation: (id) => organisations.get(id),
    operation: (id) => operations.get(id),
  }
}

export interface RequestExportFilter {
  readonly status?: readonly RequestStatus[] | undefined
  readonly destination?: string | undefined
  readonly org?: string | undefined
  readonly operation?: string | undefined
}

function readRequests(ctx: AppContext, viewer: Viewer, filter: RequestExportFilter) {
  return everything((limit, offset) =>
    ctx.store.listRequests({ ...filter, sort: 'createdAt', limit, offset }, viewer),
  )
}

const itemIds = (requests: readonly Request[]) =>
  requests.flatMap((r) => r.lines.flatMap((l) => (l.kind === 'item' ? [l.item] : [])))

export async function exportRequests(
  ctx: AppContext,
  viewer: Viewer,
  filter: RequestExportFilter,
  format: SheetFormat,
): Promise<ExportedSheet> {
  const requests = await readRequests(ctx, viewer, filter)
  const lookups = await lookupsFor(ctx, viewer, {
    items: itemIds(requests),
    places: requests.map((r) => r.destination),
  })
  return {
    fileName: sheetFileName('requests', format, ctx.clock.now()),
    text: writeSheet(requestColumns(lookups), requestLineRows(requests), format),
    count: requests.length,
  }
}

export interface PledgeExportFilter {
  readonly status?: PledgeStatus | undefined
  readonly org?: string | undefined
}

function readPledges(ctx: AppContext, viewer: Viewer, filter: PledgeExportFilter) {
  return everything((limit, offset) => ctx.store.listPledges({ ...filter, limit, offset }, viewer))
}

const pledgeRefs = (pledges: readonly Pledge[]) => ({
  items: pledges.flatMap((p) => (p.item ? [p.item] : [])),
  places: pledges.flatMap((p) => (p.place ? [p.place] : [])),
})

export async function exportPledges(
  ctx: AppContext,
  viewer: Viewer,
  filter: PledgeExportFilter,
  format: SheetFormat,
): Promise<ExportedSheet> {
  const pledges = await readPledges(ctx, viewer, filter)
  const lookups = await lookupsFor(ctx, viewer, pledgeRefs(pledges))
  return {
    fileName: sheetFileName('pledges', format, ctx.clock.now()),
    text: writeSheet(pledgeColumns(lookups), pledges, format),
    count: pledges.length,
  }
}

export interface StockExportFilter {
  readonly place?: string | undefined
  readonly item?: string | undefined
  readonly owner?: string | undefined
  readonly category?: string | undefined
}

export async function exportStock(
  ctx: AppContext,
  viewer: Viewer,
  filter: StockExportFilter,
  format: SheetFormat,
): Promise<ExportedSheet> {
  const balances = await everything((limit, offset) =>
    ctx.store.listBalances({ ...filter, kind: 'stock', nonZero: true, limit, offset }, viewer),
  )
  const organisations = new Map((await ctx.store.listOrganisations(viewer)).map((o) => [o.id, o]))
  const rows = balances.map((row) => ({
    account: row.account,
    item: row.item,
    place: row.place,
    owner: organisations.get(row.account.owner),
  }))
  return {
    fileName: sheetFileName('stock', format, ctx.clock.now()),
    text: writeSheet(stockColumns, rows, format),
    count: rows.length,
  }
}

export async function exportThreeW(
  ctx: AppContext,
  viewer: Viewer,
  filter: { readonly operation?: string | undefined },
  format: SheetFormat,
): Promise<ExportedSheet> {
  const requests = await readRequests(ctx, viewer, filter)
  const pledges = (await readPledges(ctx, viewer, {})).filter(
    (p) => !filter.operation || p.operation === filter.operation,
  )
  // Stock issued to people counts for the 3W whatever the operation: accounts carry none.
  const issued: Account[] = filter.operation
    ? []
    : (
        await everything((limit, offset) =>
          ctx.store.listBalances({ kind: 'issued', nonZero: true, limit, offset }, viewer),
        )
      ).map((row) => row.account)
  const refs = pledgeRefs(pledges)
  const lookups = await lookupsFor(ctx, viewer, {
    items: [...itemIds(requests), ...refs.items, ...issued.map((a) => a.item)],
    places: [...requests.map((r) => r.destination), ...refs.places, ...issued.map((a) => a.where)],
  })
  const rows = threeW({ requests, pledges, issued }, lookups)
  return {
    fileName: sheetFileName('3w', format, ctx.clock.now()),
    text: writeSheet(threeWColumns(lookups), rows, format),
    count: rows.length,
  }
}
