/**
 * A bearer token's principal is held for a second (app/token-cache): revoking the token or changing
 * its user through this node forgets it at once; a revocation written by another process is honoured
 * once the second has passed; nothing outlives the token's expiry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { authenticateToken } from '../../src/app/sign-in.js'
import { createToken, createUser, revokeToken, updateUser } from '../../src/app/users.js'
import type { Principal } from '../../src/domain/access/permissions.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`bearer tokens held for a second on ${dialect.name}`, () => {
    let node: TestNode
    let admin: Principal
    let userId: string
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      const made = await createUser(node.ctx, 'cli', {
        username: 'ops-admin',
        displayName: null,
        roles: ['admin'],
      })
      admin = {
        kind: 'user',
        id: made.user.id,
        userId: made.user.id,
        org: made.user.org,
        roles: ['admin'],
      }
      userId = (
        await createUser(node.ctx, 'cli', {
          username: 'scanner',
          displayName: null,
          roles: ['logistician'],
        })
      ).user.id
    })
    afterEach(async () => node.close())

    const newToken = async (expiresAt?: string) =>
      createToken(node.ctx, 'cli', {
        name: 'scanner',
        role: 'logistician',
        userId,
        ...(expiresAt ? { expiresAt } : {}),
      })

    it('forgets a token revoked through this node at once', async () => {
      const { token, secret } = await newToken()
      expect(await authenticateToken(node.ctx, secret)).toMatchObject({ id: token.id, userId })
      await revokeToken(node.ctx, admin, token.id)
      expect(await authenticateToken(node.ctx, secret)).toBeNull()
    })

    it("forgets a user's tokens at once when the user is disabled", async () => {
      const { secret } = await newToken()
      expect(await authenticateToken(node.ctx, secret)).not.toBeNull()
      const user = await node.store.getUser(userId, null)
      await updateUser(node.ctx, admin, userId, { version: user?.version ?? 0, disabled: true })
      expect(await authenticateToken(node.ctx, secret)).toBeNull()
    })

    it('honours a revocation written elsewhere once the second has passed', async () => {
      const { token, secret } = await newToken()
      expect(await authenticateToken(node.ctx, secret)).not.toBeNull()
      // As another server process or the CLI would: straight into the database.
      await node.store.transact((tx) => tx.revokeToken(token.id, node.clock.now().toISOString()))
      node.clock.set(new Date(node.clock.now().getTime() + 500).toISOString())
      expect(await authenticateToken(node.ctx, secret)).not.toBeNull()
      node.clock.set(new Date(node.clock.now().getTime() + 600).toISOString())
      expect(await authenticateToken(node.ctx, secret)).toBeNull()
    })

    it("holds nothing past the token's expiry", async () => {
      const expiresAt = new Date(node.clock.now().getTime() + 300).toISOString()
      const { secret } = await newToken(expiresAt)
      expect(await authenticateToken(node.ctx, secret)).not.toBeNull()
      node.clock.set(new Date(node.clock.now().getTime() + 400).toISOString())
      expect(await authenticateToken(node.ctx, secret)).toBeNull()
    })
  })
}
