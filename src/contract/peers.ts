/**
 * @module contract/peers
 * Peers (other nodes this node exchanges events with) and the pages of events they pull.
 */
import { z } from 'zod'
import { directoryPageQuerySchema, listTextSchema, sortSchema } from './common.js'

export const peerStatuses = ['active', 'suspended'] as const

const publicKey = z
  .string()
  .min(40)
  .max(2000)
  .describe('Ed25519 public key: PEM, or base64 on one line as `kizuna peer self` prints it')

export const peerCreateSchema = z.object({
  id: z.uuid().describe("The peer's node id (`kizuna peer self` on that node prints it)"),
  organisation: z
    .uuid()
    .describe(
      'The organisation that runs the peer, as known on this node: what it may receive is decided against it',
    ),
  url: z
    .string()
    .min(1)
    .max(500)
    .describe('Where the peer answers, e.g. https://kizuna.example.org'),
  publicKey,
})

export const peerUpdateSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('suspend'),
    version: z.number().int().positive(),
    reason: z.string().trim().min(1).max(500),
  }),
  z.object({ action: z.literal('reactivate'), version: z.number().int().positive() }),
  z.object({
    action: z.literal('rotate-key'),
    version: z.number().int().positive(),
    publicKey,
    oldKeyValidToSeq: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        "The last seq a page signed with the old key may cover (the peer's `kizuna key rotate` prints it); default: the head it last announced",
      ),
  }),
  z.object({
    action: z.literal('set-url'),
    version: z.number().int().positive(),
    url: z.string().min(1).max(500),
  }),
])

export const peerSchema = z.object({
  id: z.string(),
  organisation: z.string(),
  url: z.string(),
  publicKey: z.string(),
  status: z.enum(peerStatuses),
  statusReason: z.string().nullable(),
  previousKeys: z
    .array(z.object({ publicKey: z.string(), retiredAt: z.string(), validToSeq: z.number().int() }))
    .readonly(),
  addedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
  sync: z
    .object({
      seq: z.number().int().describe("The last of the peer's seqs applied here"),
      head: z.number().int().describe('The head the peer last announced'),
      lag: z.number().int().describe('head − seq: events of the peer not yet looked at'),
      lastContactAt: z.string().nullable(),
      lastSuccessAt: z.string().nullable(),
      lastError: z
        .string()
        .nullable()
        .describe('The last error; current when lastErrorAt is after lastSuccessAt'),
      lastErrorAt: z.string().nullable(),
      failures: z.number().int().describe('Failed pulls in a row'),
    })
    .describe("Where this node stands in the peer's log"),
})
export type PeerView = z.infer<typeof peerSchema>

/** The columns peers sort by; organisation sorts by its code, lastContactAt with never-contacted last. */
export const peerSortFields = ['addedAt', 'organisation', 'url', 'status', 'lastContactAt'] as const

/** Pickers read the whole list (a node has a handful of peers), so limit defaults to 5000. */
export const peerListQuerySchema = directoryPageQuerySchema.extend({
  q: listTextSchema.describe(
    "Text in the peer's URL, node id, or its organisation's code or names (any case)",
  ),
  status: z.enum(peerStatuses).optional(),
  sort: sortSchema(peerSortFields, 'addedAt'),
})

export const peerListSchema = z.object({
  peers: z.array(peerSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const peerParamsSchema = z.object({ id: z.uuid() })

export const syncEventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).describe("The asker's checkpoint: the last seq it holds"),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
})

const chainEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  subject: z.string(),
  body: z.string().describe('Canonical JSON of the new state, as hashed'),
  share: z.string(),
  prevHash: z.string(),
  hash: z.string(),
})

export const signedPageSchema = z
  .object({
    page: z.object({
      node: z.string(),
      asker: z.string(),
      from: z.number().int(),
      to: z.number().int(),
      head: z.number().int(),
      prevHash: z.string(),
      toHash: z.string(),
      events: z.array(chainEventSchema),
      truncated: z.boolean(),
      signedAt: z.string(),
    }),
    signature: z.string().describe("Ed25519 (base64) over the page's canonical JSON, as sent"),
  })
  .describe(
    'Events from..to releasable to the asker (a gap in between is a filtered event); truncated when to < head',
  )

export const nodeIdentitySchema = z
  .object({
    id: z.string().describe("This node's id"),
    organisation: z.object({ id: z.string(), code: z.string(), nameEn: z.string() }),
    publicKey: z.string().describe('SPKI PEM'),
    publicKeyLine: z
      .string()
      .describe('The same key as base64 on one line, as a peer registers it'),
    previousKeys: z
      .array(
        z.object({ publicKey: z.string(), retiredAt: z.string(), validToSeq: z.number().int() }),
      )
      .readonly(),
    url: z.string().describe('The address this answer was asked at: what peers reach, if they can'),
  })
  .describe('This node, as the admin of another node registers it (`kizuna peer self`)')
export type NodeIdentityView = z.infer<typeof nodeIdentitySchema>

export const pullReportSchema = z.object({
  peer: z.string(),
  seq: z.number().int().describe("The last of the peer's seqs applied here after the pull"),
  head: z.number().int(),
  received: z.number().int().describe('Events received by this pull'),
  outcome: z.enum(['caught_up', 'behind', 'failed']),
  error: z.string().nullable(),
})

export const peerSyncAnswerSchema = z.object({
  report: pullReportSchema,
  peer: peerSchema.describe('The peer with its sync state after the pull'),
})
export type PeerSyncAnswer = z.infer<typeof peerSyncAnswerSchema>
