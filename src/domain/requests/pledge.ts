/**
 * @module domain/requests/pledge
 * Pledges: what partners offer. An offered pledge is confirmed by the hub, received into stock on
 * arrival (a ledger receipt), or withdrawn. Donations that arrive unannounced are recorded as pledges
 * received on the spot, triaged: urgent, can wait, not needed.
 */
import type { RecordEnvelope } from '../records/record.js'

export const pledgeStatuses = ['offered', 'confirmed', 'received', 'withdrawn'] as const
export type PledgeStatus = (typeof pledgeStatuses)[number]
export const pledgeActions = ['confirm', 'receive', 'withdraw'] as const
export type PledgeAction = (typeof pledgeActions)[number]
export const triages = ['urgent', 'can-wait', 'not-needed'] as const
export type Triage = (typeof triages)[number]

export interface Pledge extends RecordEnvelope {
  readonly operation: string | null
  readonly kind: 'item' | 'capability'
  readonly item: string | null
  readonly capability: string | null
  readonly description: string | null
  readonly quantity: number
  readonly unit: string | null
  /** Where it will be available (a place id), when known. */
  readonly place: string | null
  readonly availableFrom: string | null
  readonly availableUntil: string | null
  readonly conditions: string | null
  readonly status: PledgeStatus
  readonly unsolicited: boolean
  readonly triage: Triage | null
  /** The ledger batch that received it into stock. */
  readonly receipt: string | null
  /** How much arrived and was received (may differ from what was pledged); null until then. */
  readonly received: number | null
}

const pledgeTransitions: Record<PledgeStatus, Partial<Record<PledgeAction, PledgeStatus>>> = {
  offered: { confirm: 'confirmed', withdraw: 'withdrawn' },
  confirmed: { receive: 'received', withdraw: 'withdrawn' },
  received: {},
  withdrawn: {},
}

export function pledgeTransition(
  pledge: Pick<Pledge, 'status' | 'kind'>,
  action: PledgeAction,
): { ok: true; status: PledgeStatus } | { ok: false; allowed: PledgeAction[] } {
  const allowed = (Object.keys(pledgeTransitions[pledge.status]) as PledgeAction[]).filter(
    (a) => !(a === 'receive' && pledge.kind === 'capability'),
  )
  if (!allowed.includes(action)) return { ok: false, allowed }
  return { ok: true, status: pledgeTransitions[pledge.status][action] as PledgeStatus }
}
