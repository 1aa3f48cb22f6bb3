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
  | 'operation'
  | 'pledge'

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
  /** Validate, reject and close requests: the hub's coordinators. */
  'request-review': { read: roles, write: ['admin', 'planner'] },
  /** Task capability lines to partners (planners), and answer a tasking (the partner's people). */
  'capability-task': { read: roles, write: ['admin', 'planner', 'logistician'] },
  operation: { read: roles, write: ['admin', 'planner'] },
  /** Record, confirm, receive and withdraw pledges; receive donations (at places one handles). */
  pledge: { read: roles, write: ['admin', 'planner', 'logistician'] },
}

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
  if (
    (resource === 'user' || resource === 'token') &&
    targetOrg !== undefined &&
    principal.org !== nodeOrg
  ) {
    return targetOrg === principal.org
  }
  return true
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
