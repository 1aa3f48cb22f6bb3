/**
 * @module domain/access/user
 * People who sign in, and API tokens that act for them with one role. Secrets are not part of these
 * values (and so never of an event body): only their hashes are stored, apart.
 */
import type { RecordEnvelope } from '../records/record.js'
import type { Role } from './permissions.js'

export interface User extends RecordEnvelope {
  readonly username: string
  readonly displayName: string | null
  readonly roles: Role[]
  readonly mustChangePassword: boolean
  readonly disabled: boolean
}

export interface ApiToken extends RecordEnvelope {
  readonly userId: string
  readonly name: string
  readonly role: Role
  readonly prefix: string
  readonly lastUsedAt: string | null
  readonly expiresAt: string | null
  readonly revokedAt: string | null
}

export interface Session {
  readonly idHash: string
  readonly userId: string
  readonly csrfToken: string
  readonly createdAt: string
  readonly lastSeenAt: string
  readonly expiresAt: string
  readonly endedAt: string | null
}
