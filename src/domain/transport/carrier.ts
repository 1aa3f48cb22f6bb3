/**
 * @module domain/transport/carrier
 * Whether an asset may carry a consignment over its route, at the time it is planned: in service,
 * within its availability window, and able to use every leg (its kind's modes, its range).
 */
import { type Asset, isWithinWindow } from './asset.js'
import { legModesOf } from './fastest-route.js'
import type { LegMode } from './leg.js'

/** Statuses in which an asset may carry a consignment: offered, or already tasked to this work. */
export const carryingAssetStatuses: readonly Asset['status'][] = ['available', 'tasked']

export type CarrierCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly field: string; readonly reason: string }

/**
 * Can this asset carry a consignment over these legs, now: in service, within its availability
 * window, able to use each leg's mode (fastest-route's rules for its kind), and in range of each
 * air or sea leg. The first problem is named, with the asset and the leg.
 */
export function checkCarrier(
  asset: Pick<Asset, 'name' | 'kind' | 'status' | 'availableFrom' | 'availableUntil' | 'rangeKm'>,
  legs: readonly {
    readonly id: string
    readonly mode: LegMode
    readonly distanceKm: number
  }[],
  now: string,
): CarrierCheck {
  const named = `asset "${asset.name}"`
  if (!carryingAssetStatuses.includes(asset.status))
    return {
      ok: false,
      field: 'asset',
      reason: `${named} is ${asset.status === 'maintenance' ? 'in maintenance' : asset.status}; only an asset that is ${carryingAssetStatuses.join(' or ')} may carry a consignment`,
    }
  if (!isWithinWindow(asset, now)) {
    const window = [
      asset.availableFrom ? `from ${asset.availableFrom}` : '',
      asset.availableUntil ? `until ${asset.availableUntil}` : '',
    ].filter(Boolean)
    return {
      ok: false,
      field: 'asset',
      reason: `${named} is offered ${window.join(' ')}; now (${now}) is outside that window`,
    }
  }
  const modes = legModesOf(asset.kind)
  for (const [index, leg] of legs.entries()) {
    if (!modes.includes(leg.mode))
      return {
        ok: false,
        field: `route[${index}]`,
        reason: `leg ${leg.id} is by ${leg.mode}, which ${named} (a ${asset.kind}) cannot use; it uses ${modes.join(' and ')}`,
      }
    if (leg.mode !== 'road' && asset.rangeKm !== null && leg.distanceKm > asset.rangeKm)
      return {
        ok: false,
        field: `route[${index}]`,
        reason: `leg ${leg.id} is ${leg.distanceKm} km, beyond the ${asset.rangeKm} km range of ${named}`,
      }
  }
  return { ok: true }
}
