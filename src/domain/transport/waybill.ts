/**
 * @module domain/transport/waybill
 * What a waybill says about a consignment: one row per lot sent (a line reserved first-expiry-first-out
 * from two lots is two rows), each weighed and measured from the catalog's unit figures, and the
 * totals. Weights and volumes are summed in grams and millilitres (integers) and only then shown as kg
 * and m³, so the totals are exact. Pure: the names are resolved before and the text rendered after.
 */
import type { AssetKind } from './asset.js'
import type { ConsignmentLine, ConsignmentStatus } from './consignment.js'
import type { LegMode } from './leg.js'

export const waybillLanguages = ['en', 'ja'] as const
export type WaybillLanguage = (typeof waybillLanguages)[number]

/** An item as the waybill names it, in the chosen language. */
export interface WaybillItem {
  readonly code: string
  readonly name: string
  readonly unit: string
  readonly unitWeightG: number | null
  readonly unitVolumeMl: number | null
}

export interface WaybillRow {
  /** The consignment line, from 1. */
  readonly line: number
  readonly itemCode: string
  readonly itemName: string
  readonly lot: string | null
  readonly expiresOn: string | null
  /** The owner organisation, by name. */
  readonly owner: string
  readonly quantity: number
  readonly unit: string
  /** Null when the catalog does not give the item's unit weight (or volume). */
  readonly weightKg: number | null
  readonly volumeM3: number | null
}

export interface WaybillTotals {
  readonly lines: number
  readonly weightKg: number
  readonly volumeM3: number
  /** Item codes left out of the totals because the catalog lacks their weight or volume. */
  readonly unmeasured: string[]
}

export interface WaybillPlace {
  readonly code: string
  readonly name: string
}

export interface WaybillAsset {
  readonly name: string
  readonly kind: AssetKind
  readonly type: string | null
  readonly payloadKg: number
  readonly volumeM3: number
}

export interface WaybillLeg {
  readonly mode: LegMode
  readonly from: string
  readonly to: string
  readonly distanceKm: number
}

export interface Waybill {
  readonly id: string
  readonly lang: WaybillLanguage
  readonly status: ConsignmentStatus
  /** The organisation on whose behalf the consignment travels. */
  readonly shipper: string
  readonly origin: WaybillPlace
  readonly destination: WaybillPlace
  readonly asset: WaybillAsset | null
  readonly route: WaybillLeg[]
  readonly rows: WaybillRow[]
  readonly totals: WaybillTotals
  readonly note: string | null
  readonly createdAt: string
  readonly dispatchedAt: string | null
  /** When this copy was printed. */
  readonly issuedAt: string
  /** What the QR code holds: the web app's receipt screen for this consignment. */
  readonly receiveUrl: string
}

const kg = (grams: number) => grams / 1000
const m3 = (millilitres: number) => millilitres / 1_000_000

/**
 * The rows and totals of a consignment's lines. `items` and `owners` map ids to what is shown; an
 * item missing from `items` (not visible) is shown by its id and counted as unmeasured.
 */
export function waybillRows(
  lines: readonly ConsignmentLine[],
  items: ReadonlyMap<string, WaybillItem>,
  owners: ReadonlyMap<string, string>,
): { rows: WaybillRow[]; totals: WaybillTotals } {
  const rows: WaybillRow[] = []
  const unmeasured = new Set<string>()
  let grams = 0
  let millilitres = 0
  for (const [index, line] of lines.entries()) {
    const item = items.get(line.item)
    const weightG = item?.unitWeightG ?? null
    const volumeMl = item?.unitVolumeMl ?? null
    if (weightG === null || volumeMl === null) unmeasured.add(item?.code ?? line.item)
    // A line not yet reserved (no picks) is one row with the lot asked for, if any.
    const lots =
      line.picks.length > 0
        ? line.picks
        : [{ lot: line.lot ?? '', expiresOn: null, quantity: line.quantity }]
    for (const pick of lots) {
      grams += (weightG ?? 0) * pick.quantity
      millilitres += (volumeMl ?? 0) * pick.quantity
      rows.push({
        line: index + 1,
        itemCode: item?.code ?? line.item,
        itemName: item?.name ?? line.item,
        lot: pick.lot === '' ? null : pick.lot,
        expiresOn: pick.expiresOn,
        owner: owners.get(line.owner) ?? line.owner,
        quantity: pick.quantity,
        unit: item?.unit ?? '',
        weightKg: weightG === null ? null : kg(weightG * pick.quantity),
        volumeM3: volumeMl === null ? null : m3(volumeMl * pick.quantity),
      })
    }
  }
  return {
    rows,
    totals: {
      lines: lines.length,
      weightKg: kg(grams),
      volumeM3: m3(millilitres),
      unmeasured: [...unmeasured],
    },
  }
}
