/**
 * @module domain/transport/asset
 * Transport assets partners offer — aircraft, helicopters, ships and landing craft, trucks — with what
 * they carry (payload kg, usable volume m³), how fast and how far they go, where they are based, when
 * they are available and whether they are now. Reference types (C-130J, CH-47 …) fill in the figures.
 */
import type { Problem } from '../problem.js'
import type { RecordEnvelope } from '../records/record.js'

export const assetKinds = ['fixed-wing', 'helicopter', 'ship', 'truck'] as const
export type AssetKind = (typeof assetKinds)[number]

export const assetStatuses = ['available', 'tasked', 'maintenance', 'unavailable'] as const
export type AssetStatus = (typeof assetStatuses)[number]

/** A common type from data/asset-types.csv, its figures from public specifications. */
export interface AssetType {
  readonly code: string
  readonly kind: AssetKind
  readonly nameEn: string
  readonly nameJa: string | null
  readonly payloadKg: number
  readonly volumeM3: number
  readonly speedKmh: number
  readonly rangeKm: number | null
  /** Which of the figures are estimates rather than published specifications, in words. */
  readonly estimates: string | null
  readonly source: string
}

export interface AssetFields {
  readonly kind: AssetKind
  /** Code of a reference type, or null for a custom asset described by its own figures. */
  readonly type: string | null
  /** Name, tail or hull number: "JASDF C-2 68-1203", "LCAC-2105", "Truck 品川 100 あ 12-34". */
  readonly name: string
  readonly payloadKg: number
  readonly volumeM3: number
  readonly speedKmh: number
  /** How far it goes without refuelling, where that matters (aircraft, landing craft); null when not. */
  readonly rangeKm: number | null
  /** The place it operates from (an air base, a port, a depot). */
  readonly base: string
  readonly availableFrom: string | null
  readonly availableUntil: string | null
}

export interface Asset extends RecordEnvelope, AssetFields {
  readonly status: AssetStatus
  readonly statusNote: string | null
}

const PAYLOAD_KG_MAX = 1_000_000_000
const VOLUME_M3_MAX = 10_000_000
const SPEED_KMH_MAX = 3_000
const RANGE_KM_MAX = 40_000

/** The rules an asset must satisfy, each problem naming its field and what is accepted. */
export function checkAsset(asset: AssetFields): Problem[] {
  const problems: Problem[] = []
  if (!(assetKinds as readonly string[]).includes(asset.kind))
    problems.push({
      field: 'kind',
      message: `unknown kind "${asset.kind}"; expected one of ${assetKinds.join(', ')}`,
    })
  if (asset.name.trim() === '')
    problems.push({ field: 'name', message: 'a name, tail or hull number is required' })
  if (
    !(Number.isInteger(asset.payloadKg) && asset.payloadKg > 0 && asset.payloadKg <= PAYLOAD_KG_MAX)
  )
    problems.push({
      field: 'payloadKg',
      message: `${asset.payloadKg} is not a payload: a whole number of kg, greater than 0`,
    })
  if (!(Number.isFinite(asset.volumeM3) && asset.volumeM3 > 0 && asset.volumeM3 <= VOLUME_M3_MAX))
    problems.push({
      field: 'volumeM3',
      message: `${asset.volumeM3} is not a usable volume: m³, greater than 0`,
    })
  if (!(Number.isFinite(asset.speedKmh) && asset.speedKmh > 0 && asset.speedKmh <= SPEED_KMH_MAX))
    problems.push({
      field: 'speedKmh',
      message: `${asset.speedKmh} is not a cruise speed: km/h, greater than 0 and at most ${SPEED_KMH_MAX}`,
    })
  if (
    asset.rangeKm !== null &&
    !(Number.isFinite(asset.rangeKm) && asset.rangeKm > 0 && asset.rangeKm <= RANGE_KM_MAX)
  )
    problems.push({
      field: 'rangeKm',
      message: `${asset.rangeKm} is not a range: km, greater than 0, or null when it does not matter`,
    })
  for (const field of ['availableFrom', 'availableUntil'] as const) {
    const value = asset[field]
    if (value !== null && Number.isNaN(Date.parse(value)))
      problems.push({ field, message: `"${value}" is not an ISO 8601 time` })
  }
  if (
    asset.availableFrom !== null &&
    asset.availableUntil !== null &&
    Date.parse(asset.availableUntil) <= Date.parse(asset.availableFrom)
  )
    problems.push({
      field: 'availableUntil',
      message: `the availability window ends (${asset.availableUntil}) before it starts (${asset.availableFrom})`,
    })
  return problems
}

/** Is the asset offered at `at` (its window, if any, holds the instant)? Its status is separate. */
export function isWithinWindow(
  asset: Pick<AssetFields, 'availableFrom' | 'availableUntil'>,
  at: string,
): boolean {
  const t = Date.parse(at)
  if (asset.availableFrom !== null && t < Date.parse(asset.availableFrom)) return false
  if (asset.availableUntil !== null && t >= Date.parse(asset.availableUntil)) return false
  return true
}

/**
 * The figures of a new asset: what the caller gave, and from its reference type what it did not. A
 * custom asset (no type) must give payload, volume and speed itself.
 */
export function withTypeFigures(
  given: {
    readonly kind?: AssetKind | undefined
    readonly payloadKg?: number | undefined
    readonly volumeM3?: number | undefined
    readonly speedKmh?: number | undefined
    readonly rangeKm?: number | null | undefined
  },
  type: AssetType | null,
):
  | {
      ok: true
      figures: Pick<AssetFields, 'kind' | 'payloadKg' | 'volumeM3' | 'speedKmh' | 'rangeKm'>
    }
  | { ok: false; problems: Problem[] } {
  const problems: Problem[] = []
  if (type && given.kind !== undefined && given.kind !== type.kind)
    problems.push({
      field: 'kind',
      message: `type ${type.code} is a ${type.kind}, not a ${given.kind}`,
    })
  const kind = given.kind ?? type?.kind
  const payloadKg = given.payloadKg ?? type?.payloadKg
  const volumeM3 = given.volumeM3 ?? type?.volumeM3
  const speedKmh = given.speedKmh ?? type?.speedKmh
  const rangeKm = given.rangeKm !== undefined ? given.rangeKm : (type?.rangeKm ?? null)
  const missing = (field: string) =>
    problems.push({ field, message: 'required for an asset without a reference type' })
  if (kind === undefined) missing('kind')
  if (payloadKg === undefined) missing('payloadKg')
  if (volumeM3 === undefined) missing('volumeM3')
  if (speedKmh === undefined) missing('speedKmh')
  if (
    problems.length > 0 ||
    kind === undefined ||
    payloadKg === undefined ||
    volumeM3 === undefined ||
    speedKmh === undefined
  )
    return { ok: false, problems }
  return { ok: true, figures: { kind, payloadKg, volumeM3, speedKmh, rangeKm } }
}
