/**
 * @module app/directory-ports
 * The directories a node keeps — users, API tokens, partner organisations, operations — as lists that
 * page, sort and filter in the store, like every other list (issue 8). `sort` is a field of the
 * contract's list, descending with a leading "-"; `q` is text in the names.
 */
import type { Role } from '../domain/access/permissions.js'
import type { ApiToken, User } from '../domain/access/user.js'
import type { Organisation } from '../domain/organisations/organisation.js'
import type { Operation } from '../domain/requests/operation.js'
import type { Page, Viewer } from './ports.js'

export interface DirectorySearch {
  readonly q?: string | undefined
  readonly sort?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface UserSearch extends DirectorySearch {
  /** Users of one organisation, or of all when null. */
  readonly org: string | null
  readonly role?: Role | undefined
  readonly disabled?: boolean | undefined
}

export interface TokenSearch extends DirectorySearch {
  /** Tokens of one organisation's users, or of all when null. */
  readonly org: string | null
  readonly user?: string | undefined
  /** Active (not revoked) or revoked. */
  readonly revoked?: boolean | undefined
}

export interface OrganisationSearch extends DirectorySearch {
  readonly kind?: string | undefined
  readonly country?: string | undefined
}

export interface OperationSearch extends DirectorySearch {
  /** Operations not ended (true) or ended (false). */
  readonly open?: boolean | undefined
}

export interface DirectoryReads {
  searchUsers(search: UserSearch): Promise<Page<User>>
  searchTokens(search: TokenSearch): Promise<Page<ApiToken>>
  searchOrganisations(search: OrganisationSearch, viewer: Viewer): Promise<Page<Organisation>>
  searchOperations(search: OperationSearch, viewer: Viewer): Promise<Page<Operation>>
}
