/**
 * @module app/sitrep
 * The situation report of an operation: its current picture as the reader may see it — the
 * dashboard's figures for the operation (same numbers: they are read by app/dashboard.ts), the
 * requests by status and the quantities asked for and delivered, the people in shelters within its
 * affected area where places carry counts, and a map of the places holding stock, the destinations
 * with unmet needs and the consignments in flight — printed as an HTML page or a PDF, in English or
 * Japanese, with times in the zone asked for. An operation the reader may not see is not found.
 */
import type { NamedRef } from '../domain/dashboard/figures.js'
import { areaPolygons, boundsOf, type Polygon } from '../domain/sitrep/area.js'
import { peopleInShelters, tallyRequests } from '../domain/sitrep/figures.js'
import { renderSitrepHtml } from '../interop/sitrep/html.js'
import { drawMap, type MapFlow, type MapPoint } from '../interop/sitrep/map.js'
import { renderSitrepPdf } from '../interop/sitrep/pdf.js'
import type { Sitrep, SitrepLanguage } from '../interop/sitrep/report.js'
import type { AppContext } from './context.js'
import { type Dashboard, readDashboard } from './dashboard.js'
import { Refusal } from './errors.js'
import type { Viewer } from './ports.js'
import { waybillFontUrl } from './waybill.js'
import { waybillFonts } from './waybill-fonts.js'
import { worldLand } from './world-atlas.js'

export const sitrepFormats = ['html', 'pdf'] as const
export type SitrepFormat = (typeof sitrepFormats)[number]

export interface SitrepOptions {
  readonly lang: SitrepLanguage
  /** The IANA zone the report's times and the pipeline's days are in. */
  readonly zone: string
  /** Days of pipeline, up to today. */
  readonly days: number
}

/** Consignments are "due soon" within this many hours, as on the dashboard by default. */
const DUE_WITHIN_HOURS = 24
const PAGE = 1000

const nameOf = (lang: SitrepLanguage, ref: NamedRef) =>
  (lang === 'ja' ? (ref.nameJa ?? ref.nameEn) : (ref.nameEn ?? ref.nameJa)) ?? ref.code ?? ref.id

async function allRequests(ctx: AppContext, operation: string, viewer: Viewer) {
  const requests = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.store.listRequests(
      { operation, sort: 'createdAt', limit: PAGE, offset },
      viewer,
    )
    requests.push(...page.rows)
    if (page.rows.length < PAGE) return requests
  }
}

/** Places that may carry counts of people, inside the box around the affected area. */
async function placesInArea(ctx: AppContext, area: readonly Polygon[], viewer: Viewer) {
  const box = boundsOf(area.flatMap((polygon) => polygon[0] ?? []))
  if (!box) return []
  const places = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.store.listPlaces(
      {
        types: ['municipality', 'shelter', 'evacuation-site'],
        bbox: box,
        sort: 'code',
        limit: PAGE,
        offset,
      },
      viewer,
    )
    places.push(...page.rows)
    if (page.rows.length < PAGE) return places
  }
}

/** The consignments on their way for the operation (serving one of its requests), as the dashboard. */
async function inFlightOf(ctx: AppContext, operation: string, viewer: Viewer) {
  const ids = await ctx.store.requestIdsOf(operation, viewer)
  return (await ctx.store.consignmentsInFlight(viewer)).filter((c) =>
    c.requests.some((id) => ids.has(id)),
  )
}

async function mapOf(
  ctx: AppContext,
  viewer: Viewer,
  lang: SitrepLanguage,
  dashboard: Dashboard,
  inFlight: Awaited<ReturnType<typeof inFlightOf>>,
  area: readonly Polygon[],
  late: ReadonlySet<string>,
) {
  const ids = new Set([
    ...dashboard.stock.rows.filter((r) => r.available > 0).map((r) => r.place.id),
    ...dashboard.unmet.rows.map((r) => r.place.id),
    ...inFlight.flatMap((c) => [c.origin.id, c.destination.id]),
  ])
  const places = new Map(
    (await Promise.all([...ids].map((id) => ctx.store.getPlace(id, viewer))))
      .filter((place) => place !== null)
      .map((place) => [place.id, place]),
  )
  const point = (ref: NamedRef, kind: MapPoint['kind'], labelled = true): MapPoint[] => {
    const place = places.get(ref.id)
    return place
      ? [{ kind, lon: place.lon, lat: place.lat, label: labelled ? nameOf(lang, ref) : '' }]
      : []
  }
  const unique = <T extends { place: NamedRef }>(rows: T[]) => [
    ...new Map(rows.map((r) => [r.place.id, r.place])).values(),
  ]
  const awaiting = unique(dashboard.unmet.rows)
  const named = new Set(awaiting.map((ref) => ref.id))
  // A place both holding stock and awaiting more gets both marks and one name.
  const points = [
    ...unique(dashboard.stock.rows.filter((r) => r.available > 0)).flatMap((ref) =>
      point(ref, 'hub', !named.has(ref.id)),
    ),
    ...awaiting.flatMap((ref) => point(ref, 'destination')),
  ]
  const flows: MapFlow[] = inFlight.flatMap((c) => {
    const from = places.get(c.origin.id)
    const to = places.get(c.destination.id)
    return from && to
      ? [{ from: [from.lon, from.lat], to: [to.lon, to.lat], late: late.has(c.id) }]
      : []
  })
  if (points.length === 0 && flows.length === 0 && area.length === 0) return null
  return drawMap({ land: await worldLand(), area, points, flows })
}

export async function gatherSitrep(
  ctx: AppContext,
  operationId: string,
  viewer: Viewer,
  options: SitrepOptions,
): Promise<Sitrep> {
  const { lang, zone } = options
  const operation = await ctx.store.getOperation(operationId, viewer)
  if (!operation)
    throw new Refusal('not_found', `operation: no operation ${operationId}`, [
      { field: 'id', message: 'unknown operation, or not released to you' },
    ])
  const dashboard = await readDashboard(ctx, viewer, {
    operation: operation.id,
    zone,
    days: options.days,
    dueWithinHours: DUE_WITHIN_HOURS,
  })
  const area = areaPolygons(operation.area)
  const [requests, inFlight, sheltered, reader] = await Promise.all([
    allRequests(ctx, operation.id, viewer),
    inFlightOf(ctx, operation.id, viewer),
    placesInArea(ctx, area, viewer),
    ctx.store.getOrganisation(viewer?.org ?? ctx.node.org),
  ])
  const rows = dashboard.consignments.rows
  const late = new Set(rows.filter((r) => r.state === 'late').map((r) => r.id))
  const stockByCategory = new Map<
    string,
    { posted: number; pending: number; available: number; weightKg: number }
  >()
  for (const row of dashboard.stock.rows) {
    const sums = stockByCategory.get(row.category) ?? {
      posted: 0,
      pending: 0,
      available: 0,
      weightKg: 0,
    }
    sums.posted += row.posted
    sums.pending += row.pending
    sums.available += row.available
    sums.weightKg += row.weightKg
    stockByCategory.set(row.category, sums)
  }
  const stockRows = [...stockByCategory].map(([category, sums]) => ({ category, ...sums }))
  const sum = (key: 'posted' | 'pending' | 'available' | 'weightKg') =>
    stockRows.reduce((total, row) => total + row[key], 0)
  const stages = ['requested', 'validated', 'planned', 'dispatched', 'delivered'] as const
  const readerName = reader
    ? ((lang === 'ja' ? (reader.nameJa ?? reader.nameEn) : reader.nameEn) ?? reader.code)
    : (viewer?.org ?? ctx.node.org)
  return {
    lang,
    zone,
    generatedAt: dashboard.generatedAt,
    reader: readerName,
    operation: {
      id: operation.id,
      name: operation.name,
      startedOn: operation.startedOn,
      endedOn: operation.endedOn,
      hasArea: area.length > 0,
    },
    requests: tallyRequests(requests),
    people: peopleInShelters(sheltered, area),
    stock: {
      rows: stockRows,
      // Sums of kilograms rounded to grams: adding decimals must not show 0.30000000000000004.
      totals: {
        posted: sum('posted'),
        pending: sum('pending'),
        available: sum('available'),
        weightKg: Math.round(sum('weightKg') * 1000) / 1000,
      },
      places: new Set(dashboard.stock.rows.map((r) => r.place.id)).size,
    },
    consignments: {
      inFlight: inFlight.length,
      late: late.size,
      dueSoon: rows.length - late.size,
      withoutEta: dashboard.consignments.withoutEta,
      dueWithinHours: DUE_WITHIN_HOURS,
      rows: rows.map((r) => ({
        id: r.id,
        state: r.state,
        origin: nameOf(lang, r.origin),
        destination: nameOf(lang, r.destination),
        eta: r.eta,
        minutes: r.minutes,
        quantity: r.quantity,
      })),
    },
    unmet: {
      byPriority: dashboard.unmet.byPriority,
      rows: dashboard.unmet.rows.map(({ place, ...rest }) => ({
        place: nameOf(lang, place),
        ...rest,
      })),
    },
    pipeline: {
      days: dashboard.pipeline.days,
      totals: Object.fromEntries(
        stages.map((stage) => [
          stage,
          dashboard.pipeline.days.reduce((total, day) => total + day[stage], 0),
        ]),
      ) as Sitrep['pipeline']['totals'],
    },
    contributions: dashboard.contributions.partners.map((p) => ({
      partner: nameOf(lang, p.organisation),
      receivedQuantity: p.receivedQuantity,
      receivedWeightKg: p.receivedWeightKg,
      pledgesConfirmed: p.pledgesConfirmed,
      pledgesReceived: p.pledgesReceived,
      consignmentsDelivered: p.consignmentsDelivered,
    })),
    map: await mapOf(ctx, viewer, lang, dashboard, inFlight, area, late),
  }
}

export interface PrintedSitrep {
  readonly contentType: string
  readonly fileName: string
  readonly body: string | Buffer
}

export async function printSitrep(
  ctx: AppContext,
  operationId: string,
  viewer: Viewer,
  options: SitrepOptions & {
    readonly format: SitrepFormat
    /** Where the HTML page loads its Japanese font from; the node's own route by default. */
    readonly fontUrl?: string
  },
): Promise<PrintedSitrep> {
  const sitrep = await gatherSitrep(ctx, operationId, viewer, options)
  const day = sitrep.generatedAt.slice(0, 10)
  const fileName = `sitrep-${sitrep.operation.id}-${day}-${sitrep.lang}.${options.format}`
  if (options.format === 'pdf')
    return {
      contentType: 'application/pdf',
      fileName,
      body: await renderSitrepPdf(sitrep, await waybillFonts()),
    }
  return {
    contentType: 'text/html; charset=utf-8',
    fileName,
    body: renderSitrepHtml(sitrep, { fontUrl: options.fontUrl ?? waybillFontUrl('') }),
  }
}
