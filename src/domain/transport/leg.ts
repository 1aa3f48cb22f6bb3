/**
 * @module domain/transport/leg
 * Legs of the route network: a stretch between two places by air, sea or road, with its distance,
 * its transit time and whether it is open, damaged or closed (a road cut by a landslide). A leg is
 * used both ways. Its transit time is at the mode's reference speed (route-network.ts); a faster or
 * slower craft scales air and sea times, while a road's time is the road's, whatever the truck.
 */
import { v5 as uuidv5 } from 'uuid'
import type { Problem } from '../problem.js'
import type { RecordEnvelope } from '../records/record.js'

export const legModes = ['air', 'sea', 'road'] as const
export type LegMode = (typeof legModes)[number]

export const legStatuses = ['open', 'damaged', 'closed'] as const
export type LegStatus = (typeof legStatuses)[number]

export interface LegFields {
  readonly mode: LegMode
  /** Place ids; the pair is unordered (stored with the lower place code first). */
  readonly from: string
  readonly to: string
  readonly distanceKm: number
  readonly transitMinutes: number
  readonly status: LegStatus
  /** Why it is damaged or closed, or what was changed by hand. */
  readonly note: string | null
}

export interface Leg extends RecordEnvelope, LegFields {
  /** Changed by hand since it was derived: deriving again leaves it as it is. */
  readonly edited: boolean
}

/** Fixed namespace of derived legs' ids: the same places and mode give the same leg id on every node. */
const LEG_NAMESPACE = '3b8f2d47-9c1e-4f6a-8d25-7e0b4c9a1f63'

/** The deterministic id of the leg between two places (by code, in either order) by one mode. */
export function legId(mode: LegMode, codeA: string, codeB: string): string {
  const [first, second] = codeA < codeB ? [codeA, codeB] : [codeB, codeA]
  return uuidv5(`leg:${mode}:${first}:${second}`, LEG_NAMESPACE)
}

export interface LegChanges {
  readonly status?: LegStatus | undefined
  readonly distanceKm?: number | undefined
  readonly transitMinutes?: number | undefined
  readonly note?: string | null | undefined
}

/** Checks an edit; a damaged or closed leg must say why, so those planning around it know. */
export function checkLegChanges(leg: LegFields, changes: LegChanges): Problem[] {
  const problems: Problem[] = []
  if (
    changes.distanceKm !== undefined &&
    !(Number.isFinite(changes.distanceKm) && changes.distanceKm > 0 && changes.distanceKm <= 40_000)
  )
    problems.push({ field: 'distanceKm', message: 'km, greater than 0' })
  if (
    changes.transitMinutes !== undefined &&
    !(Number.isInteger(changes.transitMinutes) && changes.transitMinutes > 0)
  )
    problems.push({ field: 'transitMinutes', message: 'a whole number of minutes, greater than 0' })
  const status = changes.status ?? leg.status
  const note = changes.note === undefined ? leg.note : changes.note
  if (status !== 'open' && changes.status !== undefined && changes.status !== leg.status && !note)
    problems.push({
      field: 'reason',
      message: `say why the leg is ${status} (a landslide, a bridge down, a closed runway …)`,
    })
  return problems
}

/** The edited leg, its version moved on. */
export function applyLegChanges(leg: Leg, changes: LegChanges, at: string): Leg {
  const becomesOpen = changes.status === 'open' && leg.status !== 'open'
  return {
    ...leg,
    status: changes.status ?? leg.status,
    distanceKm: changes.distanceKm ?? leg.distanceKm,
    transitMinutes: changes.transitMinutes ?? leg.transitMinutes,
    // Reopening without a word clears the reason it was closed for.
    note: changes.note !== undefined ? changes.note : becomesOpen ? null : leg.note,
    edited: true,
    updatedAt: at,
    version: leg.version + 1,
  }
}
