/**
 * A consignment worth a waybill, made through the use cases on a test node: water from two lots
 * (first expiry first), blankets without an expiry, tarpaulins the catalog has no weight for, a
 * 4-tonne truck and a two-leg road route whose second leg is stored the other way round. And the
 * readers tests need to check what was printed: a PDF's text, and the QR code of a waybill page.
 */
import jsQRModule from 'jsqr'
import { v7 as uuidv7 } from 'uuid'
import { assetTypesFromFile, createAsset } from '../../src/app/assets.js'
import { createConsignment } from '../../src/app/consignments.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createPlace } from '../../src/app/places.js'
import { receiveStock, type StockContext } from '../../src/app/stock.js'
import type { Share } from '../../src/domain/records/share.js'
import type { Leg } from '../../src/domain/transport/leg.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { itemDraft, placeDraft } from './fixtures.js'
import type { TestNode } from './stores.js'

// jsqr is CommonJS whose module.exports is the function; its types describe an ES default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default

/** What pdf.js's Node canvas factory gives (the DOM's types are not in this project's lib). */
interface NodeCanvas {
  readonly canvas: { readonly width: number; readonly height: number }
  readonly context: {
    getImageData(
      x: number,
      y: number,
      w: number,
      h: number,
    ): {
      data: ArrayLike<number>
      width: number
      height: number
    }
  }
}

export interface WaybillFixture {
  readonly hub: string
  readonly depot: string
  readonly shelter: string
  readonly consignment: string
  /** A consignment shared with no one but the node's organisation. */
  readonly ownOnly: string
}

export async function makeWaybillFixture(node: TestNode): Promise<WaybillFixture> {
  const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
  const owner = node.ctx.node.org
  const stock: StockContext = { ctx: node.ctx, writer: new LedgerWriter(node.ctx) }
  const place = async (code: string, nameEn: string, nameJa: string, lat: number) =>
    (await createPlace(node.ctx, actor, placeDraft({ code, nameEn, nameJa, lat }))).place.id
  const hub = await place('HUB:A', 'Komatsu hub', '小松拠点', 36.4)
  const depot = await place('HUB:MID', 'Anamizu depot', '穴水集積所', 37.2)
  const shelter = await place('WH:B', 'Wajima warehouse', '輪島倉庫', 37.4)
  const item = async (overrides: Parameters<typeof itemDraft>[0]) =>
    (await createItem(node.ctx, actor, itemDraft(overrides))).item.id
  const water = await item({})
  const blanket = await item({
    code: 'KZ-TEST-002',
    nameEn: 'Blanket, fleece',
    nameJa: '毛布',
    category: 'nfi',
    unit: 'piece',
    unitWeightG: 1500,
    unitVolumeMl: 6000,
    shelfLifeDays: null,
  })
  const tarpaulin = await item({
    code: 'KZ-TEST-003',
    nameEn: 'Tarpaulin, 4 x 6 m',
    nameJa: 'ブルーシート 4×6m',
    category: 'shelter',
    unit: 'sheet',
    unitWeightG: null,
    unitVolumeMl: null,
    shelfLifeDays: null,
  })
  const receipts: [string, number, string, string | null][] = [
    [water, 100, 'L1', '2030-01-01'],
    [water, 50, 'L0', '2029-01-01'],
    [blanket, 40, 'B1', null],
    [tarpaulin, 10, '', null],
  ]
  for (const [what, quantity, lot, expiresOn] of receipts)
    await receiveStock(stock, actor, {
      id: uuidv7(),
      place: hub,
      item: what,
      owner,
      quantity,
      lot: lot || undefined,
      expiresOn,
      source: 'JRC',
    })
  const types = await assetTypesFromFile(bundledAssetTypesPath)()
  const truck = await createAsset(
    node.ctx,
    actor,
    { type: 'TRUCK-4T', name: 'Truck 7', base: hub },
    types,
  )
  const at = node.clock.now().toISOString()
  const leg = (from: string, to: string, distanceKm: number): Leg => ({
    id: uuidv7(),
    home: node.ctx.node.id,
    org: owner,
    share: 'all',
    createdAt: at,
    updatedAt: at,
    version: 1,
    mode: 'road',
    from,
    to,
    distanceKm,
    transitMinutes: 60,
    status: 'open',
    note: null,
    edited: true,
  })
  // The second leg is stored from the shelter to the depot: the route travels it backwards.
  const legs = [leg(hub, depot, 112), leg(shelter, depot, 31)]
  await node.store.transact((tx) => tx.insertLegs(legs))
  const make = async (share: Share, lines: { item: string; quantity: number }[]) =>
    (
      await createConsignment(stock, actor, {
        origin: hub,
        destination: shelter,
        route: legs.map((l) => l.id),
        asset: truck.asset.id,
        lines: lines.map((line) => ({ ...line, owner })),
        note: 'Keep dry <fragile>',
        share,
      })
    ).consignment.id
  const consignment = await make('all', [
    { item: water, quantity: 70 },
    { item: blanket, quantity: 30 },
    { item: tarpaulin, quantity: 5 },
  ])
  const ownOnly = await make('own', [{ item: water, quantity: 1 }])
  return { hub, depot, shelter, consignment, ownOnly }
}

/** The text of every page of a PDF, by pdf.js (the legacy build runs in Node), and its font names. */
export async function readPdf(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise
  const texts: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'))
  }
  await pdf.destroy()
  return { text: texts.join('\n'), pages: texts.length }
}

/**
 * Decodes the QR code on a PDF's first page: pdf.js draws the page (with @napi-rs/canvas, its Node
 * canvas) at 108 dpi, as a scanner would see a printout, and jsQR reads the bitmap.
 */
export async function decodePdfQr(bytes: Uint8Array): Promise<string | null> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise
  try {
    const page = await pdf.getPage(1)
    const viewport = page.getViewport({ scale: 1.5 })
    const factory = pdf.canvasFactory as { create(w: number, h: number): NodeCanvas }
    const { canvas, context } = factory.create(viewport.width, viewport.height)
    await page.render({ canvas, canvasContext: context, viewport } as unknown as Parameters<
      typeof page.render
    >[0]).promise
    const image = context.getImageData(0, 0, canvas.width, canvas.height)
    return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null
  } finally {
    await pdf.destroy()
  }
}

/** The names of the fonts a PDF embeds as TrueType (FontFile2), e.g. "ABCDEF+NotoSansJP-Regular". */
export function embeddedTrueTypeFonts(bytes: Uint8Array): string[] {
  // pdfkit writes font dictionaries as plain objects (only content streams are compressed).
  const text = Buffer.from(bytes).toString('latin1')
  if (!text.includes('/FontFile2')) return []
  return [...text.matchAll(/\/FontName \/([A-Z]{6}\+[A-Za-z0-9-]+)/g)].map((m) => m[1] ?? '')
}

/**
 * Decodes the QR code of a waybill page: the SVG path's runs of modules are painted into a bitmap, 4 pixels
 * per module with the quiet zone, and read back by jsQR.
 */
export function decodeQrSvg(html: string): string | null {
  const svg = /<svg[^>]*viewBox="0 0 (\d+) (\d+)"[^>]*>.*?<path d="([^"]+)"/s.exec(html)
  if (!svg) return null
  const side = Number(svg[1])
  const scale = 4
  const width = side * scale
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255)
  for (const [, x, y, n] of (svg[3] ?? '').matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g))
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale * Number(n); dx++) {
        const at = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4
        pixels[at] = pixels[at + 1] = pixels[at + 2] = 0
      }
  return jsQR(pixels, width, width)?.data ?? null
}
