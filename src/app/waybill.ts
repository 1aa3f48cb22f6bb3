/**
 * @module app/waybill
 * The printable waybill of a consignment: gathers what it says (places, asset, route, every lot sent
 * with its weight and volume, totals) in English or Japanese, as the viewer may see it, and prints it
 * as an HTML page or a PDF. A consignment the viewer may not see is not found; a place, asset or item
 * it may not see is shown by its id.
 */
import type { Item } from '../domain/catalog/item.js'
import type { Place } from '../domain/places/place.js'
import type { Consignment } from '../domain/transport/consignment.js'
import {
  type Waybill,
  type WaybillItem,
  type WaybillLanguage,
  type WaybillLeg,
  type WaybillPlace,
  waybillRows,
} from '../domain/transport/waybill.js'
import { renderWaybillHtml } from '../interop/waybill/html.js'
import { renderWaybillPdf } from '../interop/waybill/pdf.js'
import { getConsignment } from './consignments.js'
import type { AppContext } from './context.js'
import type { Viewer } from './ports.js'
import { waybillFonts, waybillFontVersion } from './waybill-fonts.js'

export const waybillFormats = ['html', 'pdf'] as const
export type WaybillFormat = (typeof waybillFormats)[number]

export interface WaybillOptions {
  readonly lang: WaybillLanguage
  /** Protocol and host of the node's web app, e.g. https://kizuna.example.org: the QR code's target. */
  readonly baseUrl: string
}

const named = (lang: WaybillLanguage, en: string | null, ja: string | null) =>
  (lang === 'ja' ? (ja ?? en) : (en ?? ja)) ?? null

const placeOf = (lang: WaybillLanguage, id: string, place: Place | null): WaybillPlace =>
  place
    ? { code: place.code, name: named(lang, place.nameEn, place.nameJa) ?? place.code }
    : { code: id, name: id }

/** The web app's receipt screen for a consignment, as its QR code holds it. */
export function receiveUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/consignments/${id}/receive`
}

async function routeOf(
  ctx: AppContext,
  consignment: Consignment,
  viewer: Viewer,
  lang: WaybillLanguage,
): Promise<WaybillLeg[]> {
  if (consignment.route.length === 0) return []
  const legs = new Map((await ctx.store.getLegs(consignment.route)).map((leg) => [leg.id, leg]))
  const ids = [...new Set([...legs.values()].flatMap((leg) => [leg.from, leg.to]))]
  const places = new Map(
    await Promise.all(
      ids.map(async (id) => [id, placeOf(lang, id, await ctx.store.getPlace(id, viewer))] as const),
    ),
  )
  const name = (id: string) => places.get(id)?.name ?? id
  // Legs are travelled either way: follow them from the origin.
  let at = consignment.origin
  return consignment.route.flatMap((legId) => {
    const leg = legs.get(legId)
    if (!leg) return []
    const [from, to] = leg.from === at ? [leg.from, leg.to] : [leg.to, leg.from]
    at = to
    return [{ mode: leg.mode, from: name(from), to: name(to), distanceKm: leg.distanceKm }]
  })
}

export async function gatherWaybill(
  ctx: AppContext,
  id: string,
  viewer: Viewer,
  options: WaybillOptions,
): Promise<Waybill> {
  const { lang } = options
  const consignment = await getConsignment(ctx, id, viewer)
  const itemIds = [...new Set(consignment.lines.map((line) => line.item))]
  const [origin, destination, asset, items, organisations, route] = await Promise.all([
    ctx.store.getPlace(consignment.origin, viewer),
    ctx.store.getPlace(consignment.destination, viewer),
    consignment.asset ? ctx.store.getAsset(consignment.asset, viewer) : null,
    Promise.all(itemIds.map((item) => ctx.store.getItem(item, viewer))),
    ctx.store.listOrganisations(viewer),
    routeOf(ctx, consignment, viewer, lang),
  ])
  const itemMap = new Map<string, WaybillItem>(
    items
      .filter((item): item is Item => item !== null)
      .map((item) => [
        item.id,
        {
          code: item.code,
          name: named(lang, item.nameEn, item.nameJa) ?? item.code,
          unit: item.unit,
          unitWeightG: item.unitWeightG,
          unitVolumeMl: item.unitVolumeMl,
        },
      ]),
  )
  const orgNames = new Map(
    organisations.map((org) => [org.id, named(lang, org.nameEn, org.nameJa) ?? org.code]),
  )
  const { rows, totals } = waybillRows(consignment.lines, itemMap, orgNames)
  return {
    id: consignment.id,
    lang,
    status: consignment.status,
    shipper: orgNames.get(consignment.org) ?? consignment.org,
    origin: placeOf(lang, consignment.origin, origin),
    destination: placeOf(lang, consignment.destination, destination),
    asset: asset
      ? {
          name: asset.name,
          kind: asset.kind,
          type: asset.type,
          payloadKg: asset.payloadKg,
          volumeM3: asset.volumeM3,
        }
      : null,
    route,
    rows,
    totals,
    note: consignment.note,
    createdAt: consignment.createdAt,
    dispatchedAt: consignment.dispatchedAt,
    issuedAt: ctx.clock.now().toISOString(),
    receiveUrl: receiveUrl(options.baseUrl, consignment.id),
  }
}

export interface PrintedWaybill {
  readonly contentType: string
  readonly fileName: string
  readonly body: string | Buffer
}

/** Where the HTML page loads its font from: the node's font route under `baseUrl`. */
export function waybillFontUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/fonts/noto-sans-jp-400.ttf?v=${waybillFontVersion}`
}

export async function printWaybill(
  ctx: AppContext,
  id: string,
  viewer: Viewer,
  options: WaybillOptions & { readonly format: WaybillFormat; readonly fontUrl?: string },
): Promise<PrintedWaybill> {
  const waybill = await gatherWaybill(ctx, id, viewer, options)
  const fileName = `waybill-${waybill.id}-${waybill.lang}.${options.format}`
  if (options.format === 'pdf')
    return {
      contentType: 'application/pdf',
      fileName,
      body: await renderWaybillPdf(waybill, await waybillFonts()),
    }
  return {
    contentType: 'text/html; charset=utf-8',
    fileName,
    body: renderWaybillHtml(waybill, {
      fontUrl: options.fontUrl ?? waybillFontUrl(options.baseUrl),
    }),
  }
}
