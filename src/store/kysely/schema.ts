/**
 * @module store/kysely/schema
 * Table shapes as Kysely sees them. Times are ISO-8601 UTC text and JSON is text in both dialects, so one
 * set of queries serves SQLite and PostgreSQL.
 */
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

export interface Database {
  meta: MetaTable
  events: EventTable
  chain_head: ChainHeadTable
  signed_heads: SignedHeadTable
  organisations: OrganisationTable
  items: ItemTable
  places: PlaceTable
  place_statuses: PlaceStatusTable
}
