/**
 * @module web/pledges/pledge-model
 * Pledges as the web app reads them (types from src/contract/requests.ts), which actions a pledge's
 * status allows (as domain/requests/pledge.ts: offered → confirmed or withdrawn; confirmed → received
 * into stock or withdrawn; a capability is never received into stock) and who may take them.
 */
import type { SessionView } from '@contract/access.js'
import {
  type pledgeActions,
  type pledgeSchema,
  pledgeStatuses,
  type triages,
} from '@contract/requests.js'
import type { z } from 'zod'

export type Pledge = z.infer<typeof pledgeSchema>
export type PledgeStatus = (typeof pledgeStatuses)[number]
export type PledgeAction = (typeof pledgeActions)[number]
export type Triage = (typeof triages)[number]

export interface PledgeList {
  pledges: Pledge[]
  total: number
  limit: number
  offset: number
}

export function isPledgeStatus(value: string): value is PledgeStatus {
  return (pledgeStatuses as readonly string[]).includes(value)
}

export function allowedPledgeActions(pledge: Pick<Pledge, 'status' | 'kind'>): PledgeAction[] {
  switch (pledge.status) {
    case 'offered':
      return ['confirm', 'withdraw']
    case 'confirmed':
      return pledge.kind === 'item' ? ['receive', 'withdraw'] : ['withdraw']
    default:
      return []
  }
}

/** Record, confirm, receive and withdraw pledges, and receive donations (domain/access/permissions.ts). */
export function mayWritePledges(session: SessionView): boolean {
  return session.user.roles.some((role) => ['admin', 'planner', 'logistician'].includes(role))
}
