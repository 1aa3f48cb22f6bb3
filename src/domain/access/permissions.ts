/**
 * @module domain/access/permissions
 * Who may do what: one pure function over one permission matrix. Each issue adds its records here.
 * Releasability (who may *see* a record) is separate: see domain/records/share.ts.
 */

export const roles = ['viewer', 'requester', 'logistician', 'planner', 'admin'] as const
export type Role = (typeof roles)[number]

export type Action = 'read' | 'write'
export type Resource =
  | 'item'
  | 'place'
  | 'place-status'
  | 'organisation'
  | 'user'
  | 'token'
  | 'audit'
  | 'stock'
  | 'allocation-rule'
  | 'request'
  | 'request-review'
  | 'capability-task'
  | 'capability-answer'
  | 'operation'
  | 'pledge'
  | 'asset'
  | 'leg'
  | 'consignment'
  | 'peer'
  | 'dashboard'
  | 'map'
  | 'plan'

/** The caller, once signed in (a user by session) or authenticated (an API token scoped to one role). */
export interface Principal {
  readonly kind: 'user' | 'token'
  /** The user's id, or the token's. */
  readonly id: string
  readonly userId: string
  readonly org: string
  readonly roles: readonly Role[]
}

/** For each resource and action, the roles that may. Any signed-in role may read reference data. */
export const permissionMatrix: Readonly<
  Record<Resource, Readonly<Record<Action, readonly Role[]>>>
> = {
  item: { read: roles, write: ['admin', 'logistician'] },
  place: { read: roles, write: ['admin', 'logistician'] },
  'place-status': { read: roles, write: ['admin', 'logistician', 'requester'] },
  organisation: { read: roles, write: ['admin'] },
  user: { read: ['admin'], write: ['admin'] },
  token: { read: ['admin'], write: ['admin'] },
  audit: { read: ['admin'], write: [] },
  stock: { read: roles, write: ['admin', 'logistician'] },
  'allocation-rule': { read: roles, write: ['admin', 'logistician'] },
  /** Draft, submit and cancel requests for assistance (for the requester's own organisation). */
  request: { read: roles, write: ['admin', 'requester'] },
  /** Validate, reject and close requests: the hub's decision, so only its own organisation's (`may`). */
  'request-review': { read: roles, write: ['admin', 'planner'] },
  /** Task a capability line to a partner: the hub's planners, of its own organisation (`may`). */
  'capability-task': { read: roles, write: ['admin', 'planner'] },
  /** Accept, decline, start and complete a tasking: the people of the organisation tasked (`may`). */
  'capability-answer': { read: roles, write: ['admin', 'planner', 'logistician'] },
  operation: { read: roles, write: ['admin', 'planner'] },
  /** Record, confirm, receive and withdraw pledges; receive donations (at places one handles). */
  pledge: { read: roles, write: ['admin', 'planner', 'logistician'] },
  /** Record a transport asset and change its status: its own organisation's (or the node's, app/assets.ts). */
  asset: { read: roles, write: ['admin', 'planner', 'logistician'] },
  /** Close, open and edit legs of the route network, and derive it again. */
  leg: { read: roles, write: ['admin', 'planner', 'logistician'] },
  /** Consignments: made, dispatched and cancelled by the origin's organisation, received by the
   * destination's (app/consignments.ts decides the organisation). */
  consignment: { read: roles, write: ['admin', 'logistician'] },
  /** The peers registry and its sync state: the node's own administration (`may`). */
  peer: { read: ['admin'], write: ['admin'] },
  /** The dashboard's figures: read by anyone signed in, each counting only what its reader may see. */
  dashboard: { read: roles, write: [] },
  /** The map's layers: read by anyone signed in, each showing only what its reader may see. */
  map: { read: roles, write: [] },
  /** Allocation plans: run, approved and discarded by the hub's planners; read by anyone signed in. */
  plan: { read: roles, write: ['admin', 'planner'] },
}

/**
 * Decisions that are the hub's own: which requests it takes on (validate, reject, close) and which
 * partner it tasks with a capability. Only the organisation that runs the node makes them.
 */
const hubDecisions: readonly Resource[] = ['request-review', 'capability-task']

/**
 * May `principal` do `action` on `resource`? `nodeOrg` is the organisation that runs this node: its
 * admins administer the node (partners, every user); another organisation's admins manage only their
 * own organisation's users and tokens. `targetOrg` is the organisation of the record acted on, if any.
 */
export function may(
  principal: Principal,
  action: Action,
  resource: Resource,
  nodeOrg: string,
  targetOrg?: string,
): boolean {
  const allowed = permissionMatrix[resource][action]
  if (!principal.roles.some((role) => allowed.includes(role))) return false
  if (resource === 'organisation' && action === 'write') return principal.org === nodeOrg
  if (resource === 'peer') return principal.org === nodeOrg
  if (hubDecisions.includes(resource) && action === 'write') return principal.org === nodeOrg
  // A tasking is answered by the organisation tasked, known once the line is read (`targetOrg`).
  if (resource === 'capability-answer' && action === 'write' && targetOrg !== undefined)
    return principal.org === targetOrg
  if (
    (resource === 'user' || resource === 'token') &&
    targetOrg !== undefined &&
    principal.org !== nodeOrg
  ) {
    return targetOrg === principal.org
  }
  return true
}

/** Why `may` says no, in words the caller can act on: the role, or the organisation, that is missing. */
export function whyRefused(
  principal: Principal,
  action: Action,
  resource: Resource,
  nodeOrg: string,
  targetOrg?: string,
): string {
  const allowed = permissionMatrix[resource][action]
  const held = principal.roles.join(', ') || 'none'
  if (!principal.roles.some((role) => allowed.includes(role)))
    return `your role (${held}) may not ${action} ${resource} records; ${allowed.join(', ') || 'nobody'} may`
  if (resource === 'peer' && principal.org !== nodeOrg)
    return "the node's peers are its own administration: only admins of the organisation that runs this node may"
  if (hubDecisions.includes(resource) && principal.org !== nodeOrg)
    return resource === 'request-review'
      ? "validating, rejecting and closing requests is the hub's decision: only planners and admins of the organisation that runs this node may"
      : "tasking a capability to a partner is the hub's decision: only planners and admins of the organisation that runs this node may"
  if (resource === 'capability-answer' && targetOrg !== undefined && principal.org !== targetOrg)
    return 'only the organisation tasked with this line may accept, decline, start or complete it'
  return `you may not ${action} ${resource} records`
}

/**
 * Roles a principal may hand to a user or a token: an admin any (within the organisations it manages,
 * which `may` decides); anyone else only roles it holds itself.
 */
export function mayGrant(
  principal: Principal,
  _nodeOrg: string,
  granted: readonly Role[],
): boolean {
  if (principal.roles.includes('admin')) return true
  return granted.every((role) => principal.roles.includes(role))
}

/**
 * Stock at a place is moved only by the organisation that runs the place (a partner's stock at a hub run
 * by B is moved by B's logisticians); stock at public places (shelters, airports) by the node's own.
 */
export function mayHandleStockAt(
  principal: Pick<Principal, 'org'>,
  placeOrg: string,
  nodeOrg: string,
): boolean {
  return principal.org === placeOrg || (placeOrg === 'public' && principal.org === nodeOrg)
}

/** An owner's allocation rule: who may receive its stock. */
export type AllocationAllowance = 'any' | 'none' | string[]

export function mayReceiveUnder(
  allowed: AllocationAllowance,
  requesterOrg: string,
  ownerOrg: string,
): boolean {
  if (requesterOrg === ownerOrg) return true
  if (allowed === 'any') return true
  if (allowed === 'none') return false
  return allowed.includes(requesterOrg)
}
