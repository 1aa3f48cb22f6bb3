/**
 * Callers for API tests: a user with given roles (in the node's organisation or another) and an API
 * token for them, as request headers.
 */
import type { AppContext } from '../../src/app/context.js'
import { createToken, createUser } from '../../src/app/users.js'
import type { Role } from '../../src/domain/access/permissions.js'

let counter = 0

export async function tokenHeaders(
  ctx: AppContext,
  roles: Role[],
  org?: string,
): Promise<{ authorization: string; userId: string; org: string }> {
  counter += 1
  const { user } = await createUser(ctx, 'cli', {
    username: `caller-${counter}-${roles.join('-')}`,
    displayName: null,
    roles,
    org,
    password: 'correct horse battery staple',
  })
  const { secret } = await createToken(ctx, 'cli', {
    name: 'test',
    role: roles[0] as Role,
    userId: user.id,
  })
  return { authorization: `Bearer ${secret}`, userId: user.id, org: user.org }
}
