/**
 * @module app/dashboard-sheets
 * Each dashboard figure's table as plain CSV (header row, UTF-8 without BOM and CRLF, like the other
 * exports): the same numbers the page shows, one row per row of the figure. Places and partners are
 * given by code and both names; a place not released to the reader by its id only.
 */
import type { NamedRef } from '../domain/dashboard/figures.js'
import { type SheetColumn, sheetFileName, writeSheet } from '../interop/exchange/sheet.js'
import type { AppContext } from './context.js'
import { type DashboardOptions, type Figure, type FigureName, readFigure } from './dashboard.js'
import type { ExportedSheet } from './exchange.js'
import type { Viewer } from './ports.js'

type Row<N extends FigureName> = Figure<N> extends { rows: (infer R)[] } ? R : never

function named<T>(what: string, tag: string, ref: (row: T) => NamedRef): SheetColumn<T>[] {
  const title = what.charAt(0).toUpperCase() + what.slice(1)
  return [
    { header: `${title} code`, hashtag: `${tag}+code`, value: (r) => ref(r).code ?? ref(r).id },
    { header: title, hashtag: `${tag}+name+i_en`, value: (r) => ref(r).nameEn },
    { header: `${title} (Japanese)`, hashtag: `${tag}+name+i_ja`, value: (r) => ref(r).nameJa },
  ]
}

const stockColumns: SheetColumn<Row<'stock'>>[] = [
  ...named<Row<'stock'>>('place', '#loc', (r) => r.place),
  { header: 'Category', hashtag: '#item+type', value: (r) => r.category },
  { header: 'Posted', hashtag: '#value+posted', value: (r) => r.posted },
  { header: 'Pending', hashtag: '#value+pending', value: (r) => r.pending },
  { header: 'Available', hashtag: '#value+available', value: (r) => r.available },
  { header: 'Weight (kg)', hashtag: '#value+weight', value: (r) => r.weightKg },
  { header: 'Volume (m3)', hashtag: '#value+volume', value: (r) => r.volumeM3 },
]

type Day = Figure<'pipeline'>['days'][number]
const pipelineColumns: SheetColumn<Day>[] = [
  { header: 'Day', hashtag: '#date', value: (r) => r.day },
  { header: 'Requested', hashtag: '#value+requested', value: (r) => r.requested },
  { header: 'Validated', hashtag: '#value+validated', value: (r) => r.validated },
  { header: 'Planned', hashtag: '#value+planned', value: (r) => r.planned },
  { header: 'Dispatched', hashtag: '#value+dispatched', value: (r) => r.dispatched },
  { header: 'Delivered', hashtag: '#value+delivered', value: (r) => r.delivered },
]

const unmetColumns: SheetColumn<Row<'unmet'>>[] = [
  ...named<Row<'unmet'>>('place', '#loc', (r) => r.place),
  { header: 'Priority', hashtag: '#priority', value: (r) => r.priority },
  { header: 'Open quantity', hashtag: '#value+open', value: (r) => r.openQuantity },
  { header: 'Open weight (kg)', hashtag: '#value+weight', value: (r) => r.openWeightKg },
  { header: 'Lines', hashtag: '#meta+lines', value: (r) => r.lines },
]

const consignmentColumns: SheetColumn<Row<'consignments'>>[] = [
  { header: 'Consignment', hashtag: '#meta+id', value: (r) => r.id },
  { header: 'State', hashtag: '#status', value: (r) => r.state },
  ...named<Row<'consignments'>>('origin', '#loc+origin', (r) => r.origin),
  ...named<Row<'consignments'>>('destination', '#loc+destination', (r) => r.destination),
  { header: 'Dispatched at', hashtag: '#date+dispatched', value: (r) => r.dispatchedAt },
  { header: 'ETA', hashtag: '#date+eta', value: (r) => r.eta },
  { header: 'Minutes late or to ETA', hashtag: '#value+minutes', value: (r) => r.minutes },
  { header: 'Quantity', hashtag: '#value+quantity', value: (r) => r.quantity },
]

type Partner = Figure<'contributions'>['partners'][number]
/** One row per partner; stock received by category spreads over a quantity and a weight column each. */
function contributionColumns(categories: readonly string[]): SheetColumn<Partner>[] {
  const inCategory = (p: Partner, category: string) =>
    p.received.find((r) => r.category === category)
  return [
    ...named<Partner>('organisation', '#org', (p) => p.organisation),
    { header: 'Received quantity', hashtag: '#value+received', value: (p) => p.receivedQuantity },
    {
      header: 'Received weight (kg)',
      hashtag: '#value+received+weight',
      value: (p) => p.receivedWeightKg,
    },
    ...categories.flatMap((category): SheetColumn<Partner>[] => [
      {
        header: `Received quantity: ${category}`,
        hashtag: `#value+received+${category}`,
        value: (p) => inCategory(p, category)?.quantity ?? 0,
      },
      {
        header: `Received weight (kg): ${category}`,
        hashtag: `#value+received+weight+${category}`,
        value: (p) => inCategory(p, category)?.weightKg ?? 0,
      },
    ]),
    { header: 'Pledges confirmed', hashtag: '#value+pledged', value: (p) => p.pledgesConfirmed },
    {
      header: 'Pledges received',
      hashtag: '#value+pledged+received',
      value: (p) => p.pledgesReceived,
    },
    {
      header: 'Consignments delivered',
      hashtag: '#value+delivered',
      value: (p) => p.consignmentsDelivered,
    },
  ]
}

function sheetOf(name: FigureName, figure: Figure<FigureName>): { text: string; count: number } {
  const write = <T>(columns: readonly SheetColumn<T>[], rows: readonly T[]) => ({
    text: writeSheet(columns, rows, 'csv'),
    count: rows.length,
  })
  switch (name) {
    case 'stock':
      return write(stockColumns, (figure as Figure<'stock'>).rows)
    case 'pipeline':
      return write(pipelineColumns, (figure as Figure<'pipeline'>).days)
    case 'unmet':
      return write(unmetColumns, (figure as Figure<'unmet'>).rows)
    case 'consignments':
      return write(consignmentColumns, (figure as Figure<'consignments'>).rows)
    case 'contributions': {
      const { categories, partners } = figure as Figure<'contributions'>
      return write(contributionColumns(categories), partners)
    }
  }
}

/** A figure's table as a CSV download, computed exactly as on the page. */
export async function exportFigure(
  ctx: AppContext,
  viewer: Viewer,
  name: FigureName,
  options: DashboardOptions,
): Promise<ExportedSheet> {
  const { figure, at } = await readFigure(ctx, viewer, name, options)
  return { fileName: sheetFileName(`dashboard-${name}`, 'csv', at), ...sheetOf(name, figure) }
}
