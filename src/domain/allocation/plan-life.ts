/**
 * @module domain/allocation/plan-life
 * A plan's life (DESIGN.md, "Allocation"): `running → draft | failed | cancelled` as its solve ends;
 * `draft → approved` (its consignments are created in `planned`, reserving their stock) `→ done` when
 * every consignment it still has is received; `draft | approved → discarded` — an approved plan only
 * while none of its consignments has left (discarding cancels its planned ones). Pure: the caller
 * says how its consignments stand.
 */
import type { ModelSize } from './linear-model.js'
import type { RecordEnvelope } from '../records/record.js'

export const planStatuses = [
  'running',
  'draft',
  'failed',
  'cancelled',
  'approved',
  'done',
  'discarded',
] as const
export type PlanStatus = (typeof planStatuses)[number]

export const planActions = ['finish', 'fail', 'cancel', 'approve', 'complete', 'discard'] as const
export type PlanAction = (typeof planActions)[number]

const transitions: Record<PlanStatus, Partial<Record<PlanAction, PlanStatus>>> = {
  running: { finish: 'draft', fail: 'failed', cancel: 'cancelled' },
  draft: { approve: 'approved', discard: 'discarded' },
  approved: { complete: 'done', discard: 'discarded' },
  failed: {},
  cancelled: {},
  done: {},
  discarded: {},
}

/** What a plan's consignments have become, for the guards of `complete` and `discard`. */
export interface ConsignmentCounts {
  /** Not cancelled: planned, loading, dispatched, arrived or received. */
  readonly live: number
  /** Loading, dispatched, arrived or received: the goods are no longer just reserved. */
  readonly moving: number
  readonly received: number
}

export type PlanTransition =
  | { readonly ok: true; readonly status: PlanStatus }
  | { readonly ok: false; readonly reason: string; readonly allowed: PlanAction[] }

export function allowedPlanActions(status: PlanStatus): PlanAction[] {
  return planActions.filter((action) => transitions[status][action] !== undefined)
}

export function transitionPlan(
  status: PlanStatus,
  action: PlanAction,
  counts: ConsignmentCounts = { live: 0, moving: 0, received: 0 },
): PlanTransition {
  const next = transitions[status][action]
  const allowed = allowedPlanActions(status)
  const refuse = (reason: string): PlanTransition => ({ ok: false, reason, allowed })
  if (!next)
    return refuse(`a ${status} plan cannot ${action}; allowed: ${allowed.join(', ') || 'none'}`)
  if (action === 'discard' && status === 'approved' && counts.moving > 0)
    return refuse(
      `${counts.moving} of its consignments are already loading or on their way; receive or cancel them one by one instead`,
    )
  if (action === 'complete' && (counts.live === 0 || counts.received < counts.live))
    return refuse(`${counts.received} of its ${counts.live} consignments are received`)
  return { ok: true, status: next }
}

/** Requested and delivered on time, per tier, as plans compare. */
export interface PlanTierFigures {
  readonly tier: string
  readonly lines: number
  readonly requested: number
  readonly delivered: number
  readonly fulfilment: number
}

/** What a list shows of a solved plan. */
export interface PlanFigures {
  readonly source: 'optimum' | 'greedy'
  readonly tiers: readonly PlanTierFigures[]
  readonly consignmentsPlanned: number
  readonly unmetQuantity: number
}

export interface SnapshotSummary {
  readonly start: string
  readonly horizonHours: number
  readonly lots: number
  readonly lines: number
  readonly items: number
  readonly places: number
  readonly legs: number
  readonly closedLegs: number
  readonly assets: number
  readonly rules: number
  readonly stockUnits: number
  readonly requestedUnits: number
}

export interface PlanTimings {
  readonly snapshotMs: number
  readonly buildMs: number | null
  readonly solveMs: number | null
  readonly interpretMs: number | null
}

/** A plan as stored: its envelope and state; the snapshot and result are read apart (they are large). */
export interface PlanRecord extends RecordEnvelope {
  readonly status: PlanStatus
  readonly operation: string | null
  readonly note: string | null
  readonly start: string
  readonly horizonHours: number
  readonly snapshotSummary: SnapshotSummary | null
  readonly figures: PlanFigures | null
  readonly failure: { readonly code: string; readonly message: string } | null
  /** Created by its approval, one per sortie, in sortie order. */
  readonly consignments: readonly string[]
  /** Planned consignments of earlier approved plans that this one re-plans (cancelled at approval). */
  readonly released: readonly string[]
  /** The approved plan it is compared with. */
  readonly replaces: string | null
  readonly modelSize: ModelSize | null
  readonly timings: PlanTimings | null
  readonly approvedAt: string | null
  readonly finishedAt: string | null
  readonly discardedAt: string | null
}
