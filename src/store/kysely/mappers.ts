/**
 * @module store/kysely/mappers
 * Rows to domain values and back. Explicit, so a column rename is a compile error here and nowhere else.
 */
import type { Selectable } from 'kysely'
import type { Item, ItemCategory, KitComponent } from '../../domain/catalog/item.js'
import type { Organisation, OrganisationKind } from '../../domain/organisations/organisation.js'
import type {
  Place,
  PlaceStatusReport,
  PlaceStatusValue,
  PlaceType,
} from '../../domain/places/place.js'
import { searchText } from '../../domain/places/place.js'
import { decodeShare, encodeShare, type Share } from '../../domain/records/share.js'
import type { ItemTable, OrganisationTable, PlaceStatusTable, PlaceTable } from './schema.js'

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value)

export function toItem(row: Selectable<ItemTable>): Item {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    code: row.code,
    nameEn: row.name_en,
    nameJa: row.name_ja,
    category: row.category as ItemCategory,
    group: row.group_name,
    unit: row.unit,
    unitWeightG: num(row.unit_weight_g),
    unitVolumeMl: num(row.unit_volume_ml),
    shelfLifeDays: num(row.shelf_life_days),
    ifrcCode: row.ifrc_code,
    components: JSON.parse(row.components) as KitComponent[],
  }
}

export function fromItem(item: Item): ItemTable {
  return {
    id: item.id,
    home: item.home,
    org: item.org,
    share: encodeShare(item.share),
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    version: item.version,
    code: item.code,
    name_en: item.nameEn,
    name_ja: item.nameJa,
    category: item.category,
    group_name: item.group,
    unit: item.unit,
    unit_weight_g: item.unitWeightG,
    unit_volume_ml: item.unitVolumeMl,
    shelf_life_days: item.shelfLifeDays,
    ifrc_code: item.ifrcCode,
    components: JSON.stringify(item.components),
    search: searchText([item.code, item.nameEn, item.nameJa, item.ifrcCode, item.group]),
  }
}

export interface PlaceRowWithStatus extends Selectable<PlaceTable> {
  status: string | null
  status_note: string | null
  status_reported_at: string | null
  status_home: string | null
}

export function toPlace(row: PlaceRowWithStatus): Place {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    code: row.code,
    type: row.type as PlaceType,
    nameEn: row.name_en,
    nameJa: row.name_ja,
    lat: Number(row.lat),
    lon: Number(row.lon),
    country: row.country,
    adminCode: row.admin_code,
    municipality: row.municipality,
    address: row.address,
    capacity: num(row.capacity),
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    status:
      row.status === null
        ? null
        : {
            status: row.status as PlaceStatusValue,
            note: row.status_note,
            reportedAt: row.status_reported_at ?? '',
            home: row.status_home ?? '',
          },
  }
}

export function fromPlace(place: Place): PlaceTable {
  return {
    id: place.id,
    home: place.home,
    org: place.org,
    share: encodeShare(place.share),
    created_at: place.createdAt,
    updated_at: place.updatedAt,
    version: place.version,
    code: place.code,
    type: place.type,
    name_en: place.nameEn,
    name_ja: place.nameJa,
    lat: place.lat,
    lon: place.lon,
    country: place.country,
    admin_code: place.adminCode,
    municipality: place.municipality,
    address: place.address,
    capacity: place.capacity,
    attributes: JSON.stringify(place.attributes),
    search: searchText([
      place.code,
      place.nameEn,
      place.nameJa,
      place.municipality,
      place.address,
      place.adminCode,
    ]),
  }
}

/** A place's reported status as its row: a report is never changed, so its version stays 1. */
export function fromPlaceStatus(
  status: PlaceStatusReport & { id: string; placeId: string; org: string; share: Share },
): PlaceStatusTable {
  return {
    id: status.id,
    home: status.home,
    org: status.org,
    share: encodeShare(status.share),
    created_at: status.reportedAt,
    updated_at: status.reportedAt,
    version: 1,
    place_id: status.placeId,
    status: status.status,
    note: status.note,
    reported_at: status.reportedAt,
  }
}

export function toOrganisation(row: Selectable<OrganisationTable>): Organisation {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    code: row.code,
    nameEn: row.name_en,
    nameJa: row.name_ja,
    country: row.country,
    kind: row.kind as OrganisationKind,
  }
}

export function fromOrganisation(organisation: Organisation): OrganisationTable {
  return {
    id: organisation.id,
    home: organisation.home,
    org: organisation.org,
    share: encodeShare(organisation.share),
    created_at: organisation.createdAt,
    updated_at: organisation.updatedAt,
    version: organisation.version,
    code: organisation.code,
    name_en: organisation.nameEn,
    name_ja: organisation.nameJa,
    country: organisation.country,
    kind: organisation.kind,
  }
}
