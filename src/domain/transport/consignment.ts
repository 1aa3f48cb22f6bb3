/**
 * @module domain/transport/consignment
 * A consignment takes stock from one place to another: its lines (item, lot, owner, quantity), the
 * requests it serves, its life `planned → loading → dispatched → arrived → received` (or `cancelled`
 * before dispatch), the check of its load against the asset, and the split of a receipt into what
 * reached stock, what was lost on the way and what came in surplus. Pure: no clock, no I/O.
 */
import type { RecordEnvelope } from '../records/record.js'
import type { TrackingEvent } from './tracking.js'

export const consignmentStatuses = [
  'planned',
  'loading',
  'dispatched',
  'arrived',
  'received',
  'cancelled',
] as const
export type ConsignmentStatus = (typeof consignmentStatuses)[number]

export const consignmentActions = ['load', 'dispatch', 'arrive', 'receive', 'cancel'] as const
export type ConsignmentAction = (typeof consignmentActions)[number]

/** Why less arrived than was sent. */
export const shortfallReasons = [
  'short-shipped',
  'damaged',
  'stolen',
  'spoiled',
  'lost',
  'other',
] as const
export type ShortfallReason = (typeof shortfallReasons)[number]

/** One lot a line was reserved from, and the pending transfer that holds it. */
export interface ConsignmentPick {
  readonly lot: string
  readonly expiresOn: string | null
  readonly quantity: number
  readonly pendingId: string
}

export interface ConsignmentLine {
  readonly id: string
  readonly item: string
  /** The lot asked for, or null when lots were picked first-expiry-first-out. */
  readonly lot: string | null
  readonly owner: string
  readonly quantity: number
  /** The request line it serves, if any. */
  readonly request: string | null
  readonly requestLine: string | null
  readonly picks: ConsignmentPick[]
  /** Set at receipt. */
  readonly quantityReceived: number | null
  readonly discrepancyReason: string | null
}

/** What the consignment keeps of its proof of delivery: the name, signature and photo live apart. */
export interface ProofOfDelivery {
  readonly receivedAt: string
  readonly lat: number | null
  readonly lon: number | null
  /** The stored proof (signature, photo) kept outside the event body, and its hash. */
  readonly proofId: string
  readonly proofHash: string
}

export interface Consignment extends RecordEnvelope {
  readonly origin: string
  readonly destination: string
  /** Leg ids in travel order; empty for a direct leg (a helicopter or truck straight there). */
  readonly route: string[]
  readonly asset: string | null
  readonly status: ConsignmentStatus
  readonly lines: ConsignmentLine[]
  readonly note: string | null
  readonly dispatchedAt: string | null
  readonly arrivedAt: string | null
  readonly receivedAt: string | null
  readonly cancelledAt: string | null
  readonly proof: ProofOfDelivery | null
  /** The estimated time of arrival its latest estimate gave (dispatch, a position, a delay). */
  readonly eta: string | null
  /** Departed, position, delayed, arrived: in time order. */
  readonly tracking: TrackingEvent[]
}

const transitions: Record<
  ConsignmentStatus,
  Partial<Record<ConsignmentAction, ConsignmentStatus>>
> = {
  // Loading and arrival are optional steps of tracking: a truck may leave without a loading stage.
  planned: { load: 'loading', dispatch: 'dispatched', cancel: 'cancelled' },
  loading: { dispatch: 'dispatched', cancel: 'cancelled' },
  dispatched: { arrive: 'arrived', receive: 'received' },
  arrived: { receive: 'received' },
  received: {},
  cancelled: {},
}

export function allowedConsignmentActions(status: ConsignmentStatus): ConsignmentAction[] {
  return Object.keys(transitions[status]) as ConsignmentAction[]
}

export type ConsignmentTransition =
  | { readonly ok: true; readonly status: ConsignmentStatus }
  | { readonly ok: false; readonly reason: string; readonly allowed: ConsignmentAction[] }

export function transitionConsignment(
  status: ConsignmentStatus,
  action: ConsignmentAction,
): ConsignmentTransition {
  const next = transitions[status][action]
  if (next) return { ok: true, status: next }
  const allowed = allowedConsignmentActions(status)
  return {
    ok: false,
    reason: `a ${status} consignment cannot ${action}${action === 'cancel' && (status === 'dispatched' || status === 'arrived') ? ' (the goods have left: receive them, recording any shortfall)' : ''}; allowed: ${allowed.join(', ') || 'none'}`,
    allowed,
  }
}

/** What one unit of an item weighs and takes up; null when the catalog does not say. */
export interface UnitFigures {
  readonly item: string
  readonly code: string
  readonly unitWeightG: number | null
  readonly unitVolumeMl: number | null
}

export interface LoadCheck {
  readonly ok: boolean
  readonly weightKg: number
  readonly volumeM3: number
  readonly payloadKg: number
  readonly capacityM3: number
  /** How far over: 0 when within. */
  readonly excessKg: number
  readonly excessM3: number
  /** Item codes whose weight or volume the catalog lacks: left out of the totals. */
  readonly unmeasured: string[]
  readonly reason: string | null
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places

/** Weighs and measures the lines against an asset's payload (kg) and usable volume (m³). */
export function checkLoad(
  lines: readonly { item: string; quantity: number }[],
  figures: readonly UnitFigures[],
  asset: { readonly payloadKg: number; readonly volumeM3: number },
): LoadCheck {
  const byItem = new Map(figures.map((f) => [f.item, f]))
  let grams = 0
  let millilitres = 0
  const unmeasured = new Set<string>()
  for (const line of lines) {
    const f = byItem.get(line.item)
    if (f?.unitWeightG == null || f.unitVolumeMl == null) unmeasured.add(f?.code ?? line.item)
    grams += (f?.unitWeightG ?? 0) * line.quantity
    millilitres += (f?.unitVolumeMl ?? 0) * line.quantity
  }
  const weightKg = round(grams / 1000, 3)
  const volumeM3 = round(millilitres / 1_000_000, 3)
  const excessKg = Math.max(0, round(weightKg - asset.payloadKg, 3))
  const excessM3 = Math.max(0, round(volumeM3 - asset.volumeM3, 3))
  const over = [
    excessKg > 0
      ? `${weightKg} kg is ${excessKg} kg over the payload of ${asset.payloadKg} kg`
      : '',
    excessM3 > 0
      ? `${volumeM3} m³ is ${excessM3} m³ over the usable volume of ${asset.volumeM3} m³`
      : '',
  ].filter(Boolean)
  return {
    ok: over.length === 0,
    weightKg,
    volumeM3,
    payloadKg: asset.payloadKg,
    capacityM3: asset.volumeM3,
    excessKg,
    excessM3,
    unmeasured: [...unmeasured],
    reason: over.length > 0 ? `the load is too much for the asset: ${over.join('; ')}` : null,
  }
}

/** How a line's received quantity is spread over the lots it was reserved from. */
export interface LotReceipt {
  readonly lot: string
  readonly expiresOn: string | null
  /** Into stock at the destination. */
  readonly received: number
  /** Out of transit to loss. */
  readonly missing: number
}

export interface LineReceipt {
  readonly lots: LotReceipt[]
  /** More than was sent, in the first lot. */
  readonly surplus: number
}

/**
 * Splits what was received over a line's lots in the order they were picked (earliest expiry first),
 * so the missing quantity comes off the last lots. Every unit in transit ends in stock or loss.
 */
export function splitReceipt(picks: readonly ConsignmentPick[], received: number): LineReceipt {
  let left = received
  const lots = picks.map((pick) => {
    const into = Math.min(pick.quantity, Math.max(0, left))
    left -= into
    return {
      lot: pick.lot,
      expiresOn: pick.expiresOn,
      received: into,
      missing: pick.quantity - into,
    }
  })
  return { lots, surplus: Math.max(0, left) }
}

/**
 * Checks the shape of a route: legs chained end to end from origin to destination, each open, and no
 * place passed twice (a leg repeated, or a loop back, carries the goods around for nothing).
 */
export function checkRoute(
  origin: string,
  destination: string,
  legs: readonly {
    readonly id: string
    readonly from: string
    readonly to: string
    readonly status: string
  }[],
): { ok: true } | { ok: false; index: number; reason: string } {
  let at = origin
  const passed = new Set([origin])
  for (const [index, leg] of legs.entries()) {
    if (leg.status === 'closed')
      return { ok: false, index, reason: `leg ${leg.id} is closed; choose another route` }
    // Legs are used both ways.
    if (leg.from === at) at = leg.to
    else if (leg.to === at) at = leg.from
    else return { ok: false, index, reason: `leg ${leg.id} does not start where the route is` }
    if (passed.has(at))
      return {
        ok: false,
        index,
        reason: `leg ${leg.id} comes back to a place the route has already passed`,
      }
    passed.add(at)
  }
  if (legs.length > 0 && at !== destination)
    return {
      ok: false,
      index: legs.length - 1,
      reason: 'the route does not end at the destination',
    }
  return { ok: true }
}
