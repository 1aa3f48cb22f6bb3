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

/** Roles a user may hand to another user or a token: an admin of the node any; others what they hold. */
export function mayGrant(principal: Principal, nodeOrg: string, granted: readonly Role[]): boolean {
  if (principal.roles.includes('admin') && principal.org === nodeOrg) return true
  return granted.every((role) => principal.roles.includes(role))
}
