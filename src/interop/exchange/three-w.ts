/**
 * @module interop/exchange/three-w
 * An OCHA-style 3W ("who does what where"): one row per organisation × role × sector and activity ×
 * prefecture and municipality × status, counting the records behind it and summing their quantities
 * (in base units, so meaningful within one activity). Sources:
 *
 * - request item lines from validation on, under the requesting organisation (role `requesting`);
 * - capability lines tasked to a partner, under that partner (role `tasked`);
 * - pledges not withdrawn, under the pledging partner (role `pledging`);
 * - stock issued to people at a place, under its owner (role `issuing`).
 *
 * Status is `planned` (nothing moved yet), `ongoing` (some planned, dispatched or delivered, or a
 * tasking in progress) or `completed`.
 */
import type { Account } from '../../domain/ledger/account.js'
import type { Pledge } from '../../domain/requests/pledge.js'
import type { Request } from '../../domain/requests/request.js'
import { type AdminArea, prefectureOf } from './admin-areas.js'
import type { SheetLookups } from './lookups.js'
import type { SheetColumn } from './sheet.js'

export type ThreeWStatus = 'planned' | 'ongoing' | 'completed'
export type ThreeWRole = 'requesting' | 'tasked' | 'pledging' | 'issuing'

export interface ThreeWRow {
  readonly org: string
  readonly role: ThreeWRole
  readonly sector: string
  readonly activity: string
  readonly adm1: AdminArea | null
  readonly adm2Code: string | null
  readonly adm2Name: string | null
  readonly status: ThreeWStatus
  readonly count: number
  readonly quantityPlanned: number
  readonly quantityDelivered: number
}

/** OCHA cluster names for item categories and capabilities. */
const SECTORS: Record<string, string> = {
  food: 'Food Security',
  wash: 'WASH',
  shelter: 'Shelter and NFI',
  nfi: 'Shelter and NFI',
  health: 'Health',
  logistics: 'Logistics',
  airlift: 'Logistics',
  'sea-lift': 'Logistics',
  'road-transport': 'Logistics',
  'helicopter-evacuation': 'Logistics',
  'logistics-support': 'Logistics',
  'medical-team': 'Health',
  'water-purification': 'WASH',
  engineering: 'Early Recovery',
  communications: 'Emergency Telecommunications',
}
export const sectorOf = (activity: string) => SECTORS[activity] ?? 'Other'

const CLOSED_REQUEST = new Set(['draft', 'submitted', 'rejected', 'cancelled'])

export function threeW(
  input: {
    readonly requests: readonly Request[]
    readonly pledges: readonly Pledge[]
    readonly issued: readonly Account[]
  },
  lookups: SheetLookups,
): ThreeWRow[] {
  const rows = new Map<string, ThreeWRow>()
  const add = (
    org: string,
    role: ThreeWRole,
    activity: string,
    placeId: string | null,
    status: ThreeWStatus,
    planned: number,
    delivered: number,
  ) => {
    const place = placeId ? lookups.place(placeId) : undefined
    const adm1 = place ? prefectureOf(place.adminCode, place.country) : null
    const adm2Code = place?.adminCode ?? null
    const key = [org, role, activity, adm1?.code ?? '', adm2Code ?? '', status].join('\u0000')
    const before = rows.get(key)
    rows.set(key, {
      org,
      role,
      sector: sectorOf(activity),
      activity,
      adm1,
      adm2Code,
      adm2Name: place?.municipality ?? before?.adm2Name ?? null,
      status,
      count: (before?.count ?? 0) + 1,
      quantityPlanned: (before?.quantityPlanned ?? 0) + planned,
      quantityDelivered: (before?.quantityDelivered ?? 0) + delivered,
    })
  }
  for (const request of input.requests) {
    if (CLOSED_REQUEST.has(request.status)) continue
    for (const line of request.lines) {
      if (line.kind === 'item') {
        const category = lookups.item(line.item)?.category ?? 'other'
        const status: ThreeWStatus =
          line.quantityDelivered >= line.quantity ||
          request.status === 'delivered' ||
          request.status === 'closed'
            ? 'completed'
            : line.quantityPlanned + line.quantityDispatched + line.quantityDelivered > 0
              ? 'ongoing'
              : 'planned'
        add(
          request.org,
          'requesting',
          category,
          request.destination,
          status,
          line.quantity,
          line.quantityDelivered,
        )
      } else if (line.taskedTo && line.status && line.status !== 'declined') {
        const status: ThreeWStatus =
          line.status === 'completed'
            ? 'completed'
            : line.status === 'in-progress'
              ? 'ongoing'
              : 'planned'
        const quantity = line.quantity ?? 0
        add(
          line.taskedTo,
          'tasked',
          line.capability,
          request.destination,
          status,
          quantity,
          status === 'completed' ? quantity : 0,
        )
      }
    }
  }
  for (const pledge of input.pledges) {
    if (pledge.status === 'withdrawn') continue
    const activity =
      pledge.kind === 'item'
        ? ((pledge.item ? lookups.item(pledge.item)?.category : undefined) ?? 'other')
        : (pledge.capability ?? 'other')
    const done = pledge.status === 'received'
    add(
      pledge.org,
      'pledging',
      activity,
      pledge.place,
      done ? 'completed' : 'planned',
      pledge.quantity,
      done ? pledge.quantity : 0,
    )
  }
  for (const account of input.issued) {
    if (account.posted <= 0) continue
    const category = lookups.item(account.item)?.category ?? 'other'
    add(account.owner, 'issuing', category, account.where, 'completed', 0, account.posted)
  }
  const code = (org: string) => lookups.organisation(org)?.code ?? org
  return [...rows.values()].sort((a, b) =>
    [code(a.org), a.role, a.sector, a.activity, a.adm1?.code ?? '', a.adm2Code ?? '', a.status]
      .join('\u0000')
      .localeCompare(
        [
          code(b.org),
          b.role,
          b.sector,
          b.activity,
          b.adm1?.code ?? '',
          b.adm2Code ?? '',
          b.status,
        ].join('\u0000'),
      ),
  )
}

export function threeWColumns(lookups: SheetLookups): SheetColumn<ThreeWRow>[] {
  return [
    {
      header: 'Organisation',
      hashtag: '#org+name',
      value: (r) => lookups.organisation(r.org)?.nameEn,
    },
    {
      header: 'Organisation code',
      hashtag: '#org+code',
      value: (r) => lookups.organisation(r.org)?.code,
    },
    { header: 'Role', hashtag: '#org+role', value: (r) => r.role },
    { header: 'Sector', hashtag: '#sector', value: (r) => r.sector },
    { header: 'Activity', hashtag: '#activity+code', value: (r) => r.activity },
    { header: 'Prefecture code', hashtag: '#adm1+code', value: (r) => r.adm1?.code },
    { header: 'Prefecture', hashtag: '#adm1+name', value: (r) => r.adm1?.nameEn },
    { header: 'Municipality code', hashtag: '#adm2+code', value: (r) => r.adm2Code },
    { header: 'Municipality', hashtag: '#adm2+name', value: (r) => r.adm2Name },
    { header: 'Status', hashtag: '#status', value: (r) => r.status },
    { header: 'Records', hashtag: '#meta+count', value: (r) => r.count },
    { header: 'Quantity planned', hashtag: '#value+planned', value: (r) => r.quantityPlanned },
    {
      header: 'Quantity delivered',
      hashtag: '#value+delivered',
      value: (r) => r.quantityDelivered,
    },
  ]
}
