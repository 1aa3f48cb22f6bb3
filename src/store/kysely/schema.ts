/**
 * @module store/kysely/schema
 * Table shapes as Kysely sees them. Times are ISO-8601 UTC text and JSON is text in both dialects, so one
 * set of queries serves SQLite and PostgreSQL.
 */
import type { ColumnType, Generated } from 'kysely'

export interface EnvelopeColumns {
  id: string
  home: string
  org: string
  share: string
  created_at: string
  updated_at: string
  version: number
}

export interface MetaTable {
  key: string
  value: string
}

export interface EventTable {
  seq: number
  at: string
  actor: string
  kind: string
  subject: string
  body: string
  share: string
  prev_hash: string
  hash: string
}

export interface ChainHeadTable {
  id: number
  seq: number
  hash: string
}

export interface SignedHeadTable {
  seq: number
  hash: string
  signature: string
  signed_at: string
}

export interface OrganisationTable extends EnvelopeColumns {
  code: string
  name_en: string
  name_ja: string | null
  country: string | null
  kind: string
}

export interface ItemTable extends EnvelopeColumns {
  code: string
  name_en: string
  name_ja: string | null
  category: string
  group_name: string | null
  unit: string
  unit_weight_g: number | null
  unit_volume_ml: number | null
  shelf_life_days: number | null
  ifrc_code: string | null
  components: string
  search: string
}

export interface PlaceTable extends EnvelopeColumns {
  code: string
  type: string
  name_en: string | null
  name_ja: string | null
  lat: number
  lon: number
  country: string
  admin_code: string | null
  municipality: string | null
  address: string | null
  capacity: number | null
  attributes: string
  search: string
}

export interface PlaceStatusTable extends EnvelopeColumns {
  place_id: string
  status: string
  note: string | null
  reported_at: string
}

export interface UserTable extends EnvelopeColumns {
  username: string
  display_name: string | null
  roles: string
  password_hash: string
  must_change_password: number
  disabled_at: string | null
}

export interface SessionTable {
  id_hash: string
  user_id: string
  csrf_token: string
  created_at: string
  last_seen_at: string
  expires_at: string
  ended_at: string | null
}

export interface ApiTokenTable extends EnvelopeColumns {
  user_id: string
  name: string
  role: string
  secret_hash: string
  prefix: string
  last_used_at: string | null
  expires_at: string | null
  revoked_at: string | null
}

export interface SignInFailureTable {
  id: string
  username: string
  at: string
}

export interface AccountTable extends EnvelopeColumns {
  kind: string
  where_id: string
  item_id: string
  owner: string
  lot: string
  expires_on: string | null
  posted: number
  pending_out: number
  pending_in: number
  /** The `seq` of the account's last transfer, and how many it has (its stock card's chain). */
  card_last: number | null
  card_lines: Generated<number>
}

/**
 * A view since migration 0019: a transfer's line joined with what its batch's transfers share. Read
 * it; write `transfer_batches` and `transfer_lines`.
 */
export interface TransferTable extends EnvelopeColumns {
  /** Commit order; SQLite's rowid (migration 0018). */
  seq: number
  batch_id: string
  mode: string
  from_account: string
  to_account: string
  item_id: string
  quantity: number
  reason: string
  ref: string | null
  pending_id: string | null
  timeout_at: string | null
  actor: string
  at: string
  /** The `seq` of the from- and to-account's transfer before this one (null for their first). */
  from_prev: number | null
  to_prev: number | null
}

/** What a batch's transfers share, once (migration 0019). `id`: the seq of the batch's first line. */
export interface TransferBatchTable {
  id: number
  batch_id: string
  home: string
  org: string
  share: string
  created_at: string
  updated_at: string
  version: number
  actor: string
  at: string
}

/** A transfer's own columns; `batch_row` names its row of `transfer_batches`. */
export interface TransferLineTable {
  seq: number
  id: string
  batch_row: number
  mode: string
  from_account: string
  to_account: string
  item_id: string
  quantity: number
  reason: string
  ref: string | null
  pending_id: string | null
  timeout_at: string | null
  from_prev: number | null
  to_prev: number | null
}

export interface PendingTable {
  id: string
  from_account: string
  to_account: string
  quantity: number
  state: string
  timeout_at: string | null
  resolved_by: string | null
  resolved_at: string | null
}

export interface AllocationRuleTable extends EnvelopeColumns {
  item_id: string | null
  place_id: string | null
  allowed: string
  note: string | null
}

export interface OperationTable extends EnvelopeColumns {
  name: string
  started_on: string
  ended_on: string | null
  area: string | null
  standards: string
}

export interface RequestTable extends EnvelopeColumns {
  code: string
  operation_id: string | null
  destination: string
  needed_by: string
  justification: string | null
  status: string
  rejection_reason: string | null
  contact_id: string | null
  lines: string
  possible_duplicates: string
  top_priority: number
}

export interface PersonalDataTable {
  id: string
  org: string
  body: string | null
  hash: string
  created_at: string
  redacted_at: string | null
}

export interface PledgeTable extends EnvelopeColumns {
  status: string
  body: string
  // What lists sort and search by (migration 0014); the body holds the whole pledge.
  item: string | null
  place: string | null
  quantity: number | string | null
  available_from: string | null
  available_until: string | null
  search: string
}

export interface AssetTable extends EnvelopeColumns {
  kind: string
  type_code: string | null
  name: string
  payload_kg: number
  volume_m3: number
  speed_kmh: number
  range_km: number | null
  base: string
  available_from: string | null
  available_until: string | null
  status: string
  status_note: string | null
  search: string
}

export interface LegTable extends EnvelopeColumns {
  mode: string
  from_place: string
  to_place: string
  distance_km: number
  transit_minutes: number
  status: string
  note: string | null
  edited: number
}

/** A view's columns: selectable as they are, and neither insertable nor updatable (the compiler refuses). */
type ReadOnlyTable<T> = { [K in keyof T]: ColumnType<T[K], never, never> }

export interface Database {
  meta: MetaTable
  events: EventTable
  chain_head: ChainHeadTable
  signed_heads: SignedHeadTable
  organisations: OrganisationTable
  items: ItemTable
  places: PlaceTable
  place_statuses: PlaceStatusTable
  users: UserTable
  sessions: SessionTable
  api_tokens: ApiTokenTable
  sign_in_failures: SignInFailureTable
  accounts: AccountTable
  /** A view over transfer_lines and transfer_batches since 0019: read it, never write it. */
  transfers: ReadOnlyTable<TransferTable>
  transfer_batches: TransferBatchTable
  transfer_lines: TransferLineTable
  pendings: PendingTable
  allocation_rules: AllocationRuleTable
  operations: OperationTable
  requests: RequestTable
  personal_data: PersonalDataTable
  pledges: PledgeTable
  assets: AssetTable
  legs: LegTable
  consignments: ConsignmentTable
  delivery_proofs: DeliveryProofTable
  tracking_events: TrackingEventTable
  replica_records: ReplicaRecordTable
  replica_ledgers: ReplicaLedgerTable
  replica_accounts: ReplicaAccountTable
  replica_pendings: ReplicaPendingTable
}

export interface ConsignmentTable extends EnvelopeColumns {
  origin: string
  destination: string
  /** JSON: leg ids in travel order. */
  route: string
  asset: string | null
  status: string
  /** JSON: the lines with the lots reserved for each and what was received. */
  lines: string
  note: string | null
  dispatched_at: string | null
  arrived_at: string | null
  received_at: string | null
  cancelled_at: string | null
  /** JSON: who received, when, where, and the proof's id and hash (not the signature itself). */
  proof: string | null
  /** The latest estimated time of arrival. */
  eta: string | null
}

/** One event of a consignment's tracking: it belongs to the consignment and carries no envelope. */
export interface TrackingEventTable {
  id: string
  consignment: string
  kind: string
  at: string
  lat: number | null
  lon: number | null
  eta: string | null
  note: string | null
  actor: string
  created_at: string
}

export interface DeliveryProofTable {
  id: string
  consignment: string
  org: string
  received_by: string
  signature: string | null
  photo: string | null
  hash: string
  created_at: string
  redacted_at: string | null
}

/** The seq of its home's last event folded into a replica (migration 0011). */
export interface ReplicaRecordTable {
  id: string
  home: string
  kind: string
  seq: number
}

export interface ReplicaLedgerTable {
  home: string
  seq: number
}

/** Another node's stock account and balance; the key is null until an event describes it. */
export interface ReplicaAccountTable {
  home: string
  id: string
  kind: string | null
  where_id: string | null
  item_id: string | null
  owner: string | null
  lot: string | null
  expires_on: string | null
  posted: number
  pending_out: number
  pending_in: number
  updated_at: string
}

export interface ReplicaPendingTable {
  home: string
  id: string
  from_account: string
  to_account: string
  quantity: number
  state: string
}
