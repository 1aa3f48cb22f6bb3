/**
 * @module contract/access
 * Sign-in, sessions, users, API tokens and the audit log, as the API speaks them.
 */
import { z } from 'zod'
import {
  directoryPageQuerySchema,
  flagQuerySchema,
  listTextSchema,
  pageQuerySchema,
  recordEnvelopeSchema,
  sortSchema,
} from './common.js'

export const roles = ['viewer', 'requester', 'logistician', 'planner', 'admin'] as const
export type RoleName = (typeof roles)[number]

export const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/
export const passwordMinLength = 12

export const loginSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(1024),
})

export const sessionSchema = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string().nullable(),
    roles: z.array(z.enum(roles)),
    mustChangePassword: z.boolean(),
  }),
  org: z.object({
    id: z.string(),
    code: z.string(),
    nameEn: z.string(),
    nameJa: z.string().nullable(),
  }),
  /** This node, and the organisation that runs it (whose admins administer the node). */
  node: z.object({ id: z.string(), org: z.string() }),
  /** Send it back as the `x-csrf-token` header on every state-changing request made with the session cookie. */
  csrfToken: z.string(),
  expiresAt: z.string(),
})
export type SessionView = z.infer<typeof sessionSchema>

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z
    .string()
    .min(passwordMinLength, `at least ${passwordMinLength} characters`)
    .max(1024),
})

export const userSchema = recordEnvelopeSchema.extend({
  username: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(z.enum(roles)),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
})
export type UserView = z.infer<typeof userSchema>

export const userCreateSchema = z.object({
  id: z.uuid().optional(),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(usernamePattern, 'lower-case letters, digits, ".", "_" or "-", 2 to 64 characters'),
  displayName: z.string().trim().max(200).nullable().default(null),
  org: z.uuid().optional().describe("The user's organisation; default: the admin's own"),
  roles: z.array(z.enum(roles)).min(1).max(roles.length),
  password: z
    .string()
    .min(passwordMinLength, `at least ${passwordMinLength} characters`)
    .max(1024)
    .optional()
    .describe('Omit to have a one-time password generated and returned once'),
})

export const userUpdateSchema = z.object({
  version: z.number().int().positive(),
  displayName: z.string().trim().max(200).nullable().optional(),
  roles: z.array(z.enum(roles)).min(1).max(roles.length).optional(),
  disabled: z.boolean().optional(),
})

export const userCreatedSchema = z.object({
  user: userSchema,
  oneTimePassword: z.string().nullable(),
})
export const userSortFields = ['username', 'displayName', 'createdAt'] as const
export const userListQuerySchema = directoryPageQuerySchema.extend({
  q: listTextSchema.describe('Text in the username or display name (any case)'),
  role: z.enum(roles).optional().describe('Users who hold this role'),
  disabled: flagQuerySchema.describe('"true": disabled users only; "false": active ones only'),
  sort: sortSchema(userSortFields, 'username'),
})
export const userListSchema = z.object({
  users: z.array(userSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const tokenSchema = recordEnvelopeSchema.extend({
  name: z.string(),
  userId: z.uuid(),
  role: z.enum(roles),
  /** The first characters of the token, to recognise it; the token itself is shown only once. */
  prefix: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type TokenView = z.infer<typeof tokenSchema>

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(roles),
  userId: z.uuid().optional().describe('Whose token; default: the caller'),
  expiresAt: z.iso.datetime().optional(),
})
export const tokenCreatedSchema = z.object({
  token: tokenSchema,
  secret: z.string().describe('Shown once: use as `Authorization: Bearer <secret>`'),
})
export const tokenSortFields = ['createdAt', 'name', 'lastUsedAt', 'expiresAt'] as const
export const tokenListQuerySchema = directoryPageQuerySchema.extend({
  q: listTextSchema.describe('Text in the name or the first characters of the token (any case)'),
  user: z.uuid().optional().describe("The user's tokens only"),
  revoked: flagQuerySchema.describe('"true": revoked tokens only; "false": those not revoked'),
  sort: sortSchema(tokenSortFields, '-createdAt'),
})
export const tokenListSchema = z.object({
  tokens: z.array(tokenSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const auditQuerySchema = pageQuerySchema.extend({
  actor: z.string().max(200).optional().describe('e.g. user:<id>, token:<id>, cli:<name>, system'),
  kind: z
    .string()
    .max(100)
    .optional()
    .describe('Event kind or its prefix ending in ".", e.g. item. or place.status_reported'),
  subject: z.uuid().optional().describe('The record the event is about'),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
})
export const auditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  subject: z.string(),
  body: z.unknown(),
  hash: z.string(),
})
export const auditListSchema = z.object({
  events: z.array(auditEventSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const organisationCreateSchema = z.object({
  id: z.uuid().optional(),
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'upper-case letters, digits and "-", e.g. AU-DFAT'),
  nameEn: z.string().trim().min(1).max(200),
  nameJa: z.string().trim().max(200).nullable().default(null),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .default(null),
  kind: z.enum(['government', 'military', 'un', 'red-cross', 'ngo', 'private']),
})
export const organisationUpdateSchema = z.object({
  version: z.number().int().positive(),
  nameEn: z.string().trim().min(1).max(200).optional(),
  nameJa: z.string().trim().max(200).nullable().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .optional(),
  kind: z.enum(['government', 'military', 'un', 'red-cross', 'ngo', 'private']).optional(),
})
